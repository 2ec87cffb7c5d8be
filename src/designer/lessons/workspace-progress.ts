/**
 * Lesson progress in the studio's workspace (GET/PUT /api/lessons/progress…, docs/lessons.md): the
 * client the lesson session uses in studio mode. `request` is the studio's token-carrying JSON call
 * (studioJson in the app; a fetch to a test studio in tests).
 */
import type { LessonProgress } from '../../lessons/progress-record.ts';

export type StudioRequest = (path: string, init?: RequestInit) => Promise<unknown>;

export interface WorkspaceProgressClient {
  /** Every progress record in the workspace (unchecked: the session checks each against its lesson). */
  list(): Promise<unknown[]>;
  save(progress: LessonProgress): Promise<void>;
}

export function workspaceProgressClient(request: StudioRequest): WorkspaceProgressClient {
  return {
    async list() {
      const body = (await request('/api/lessons/progress')) as { progress?: unknown };
      if (!Array.isArray(body.progress)) throw new Error('The studio answered GET /api/lessons/progress without a progress list.');
      return body.progress;
    },
    async save(progress) {
      await request(`/api/lessons/progress/${encodeURIComponent(progress.lessonId)}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(progress),
      });
    },
  };
}
