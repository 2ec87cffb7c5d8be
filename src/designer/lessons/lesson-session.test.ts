/**
 * The lesson session's saving, headless: in a browser alone progress goes to localStorage; once a studio
 * is found it is read from and saved to the workspace (a real studio on 127.0.0.1 over a temporary
 * workspace), in order, so a second browser on the same workspace continues where the first stopped;
 * a failed save is shown, not swallowed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateLesson } from '../../lessons/format.ts';
import { startTestStudio } from '../../studio/testing/studio-test-server.ts';
import { createLessonSession } from './lesson-session.ts';
import type { KeyValueStore } from './progress.ts';
import { workspaceProgressClient, type StudioRequest } from './workspace-progress.ts';

const lesson = validateLesson({
  format: 1,
  id: 'three-steps',
  title: 'Three steps',
  summary: 'S',
  steps: ['goal', 'data', 'model'].map((id) => ({ id, title: id, phase: 'modeling', text: 't', hint: 'h', checks: [{ kind: 'node-exists', type: 'kmeans' }] })),
});

function memory(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

/** A clock that moves one second per reading, from 09:00:00 UTC. */
function clock() {
  let s = 0;
  return () => new Date(Date.UTC(2026, 11, 7, 9, 0, s++));
}

let studio: Awaited<ReturnType<typeof startTestStudio>>;
beforeAll(async () => {
  studio = await startTestStudio();
});
afterAll(async () => {
  await studio?.close();
});

/** The studio's JSON call as the designer makes it (token in the header, the studio's sentence on errors). */
const request: StudioRequest = async (p, init = {}) => {
  const res = await fetch(`${studio.origin}${p}`, { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${studio.token}` } });
  const body = (await res.json()) as { error?: string };
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
};

const onDisk = () => JSON.parse(readFileSync(path.join(studio.workspaceDir, 'lessons', 'progress', 'three-steps.json'), 'utf8'));

describe('lesson session: where progress is saved', () => {
  it('browser only: progress is in localStorage and restored by the next page', () => {
    const local = memory();
    const a = createLessonSession({ local, lessons: () => [lesson], now: clock() });
    a.startLesson(lesson);
    a.revealHint();
    expect(a.store.getState().savedIn).toBe('browser');
    expect(JSON.parse(local.data.get('crispflow.lesson.three-steps')!).steps.goal).toEqual({ shownAt: '2026-12-07T09:00:00.000Z', hintAt: '2026-12-07T09:00:01.000Z' });
    const reloaded = createLessonSession({ local, lessons: () => [lesson], now: clock() });
    expect(reloaded.store.getState().lesson?.id).toBe('three-steps');
    expect(reloaded.store.getState().progress).toEqual(a.store.getState().progress);
  });

  it('studio: saves go to the workspace in order, and a second browser continues from there', async () => {
    // Browser 1 had local progress from before the studio; the workspace has none yet: it starts afresh there.
    const local1 = memory();
    const one = createLessonSession({ local: local1, lessons: () => [lesson], now: clock() });
    one.startLesson(lesson);
    one.recordPassed();
    one.goToStep(1);
    const localBefore = local1.data.get('crispflow.lesson.three-steps');
    await one.switchToWorkspace(workspaceProgressClient(request));
    expect(one.store.getState().savedIn).toBe('workspace');
    expect(one.store.getState().progress?.current).toBe(0);
    // The learner works through two steps; every change is a save, and the last one is what is on disk.
    one.recordPassed();
    one.goToStep(1);
    one.revealHint();
    one.recordPassed();
    one.goToStep(2);
    await one.settled();
    expect(one.store.getState().saveError).toBeNull();
    const expected = one.store.getState().progress;
    expect(onDisk()).toEqual(expected);
    expect(expected).toMatchObject({ current: 2, steps: { goal: { passedAt: expect.any(String) }, data: { hintAt: expect.any(String), passedAt: expect.any(String) }, model: { shownAt: expect.any(String) } } });
    // The browser's own copy is left as it was (studio mode does not write it).
    expect(local1.data.get('crispflow.lesson.three-steps')).toBe(localBefore);

    // Browser 2, same workspace, nothing local: the picker sees the progress; continuing resumes at step 3.
    const two = createLessonSession({ local: memory(), lessons: () => [lesson], now: clock() });
    await two.switchToWorkspace(workspaceProgressClient(request));
    expect(two.savedProgress(lesson)).toEqual(expected);
    two.startLesson(lesson);
    expect(two.store.getState().progress).toEqual(expected);
    two.recordPassed();
    await two.settled();
    expect(onDisk().completedAt).toBe(two.store.getState().progress?.completedAt);
    expect(onDisk().completedAt).toMatch(/^2026-12-07T09:00:\d\d\.000Z$/);

    // Browser 1 opens the picker again: it re-reads the workspace and sees the lesson completed.
    one.openPicker();
    await expect.poll(() => one.savedProgress(lesson)?.completedAt).toBe(onDisk().completedAt);
  });

  it('studio: an open lesson continues from the workspace record when the studio is found', async () => {
    const local = memory();
    local.setItem('crispflow.activeLesson', JSON.stringify({ id: 'three-steps' }));
    const s = createLessonSession({ local, lessons: () => [lesson], now: clock() });
    expect(s.store.getState().progress?.current).toBe(0); // nothing local: step 1 until the workspace answers
    await s.switchToWorkspace(workspaceProgressClient(request));
    expect(s.store.getState().progress).toEqual(onDisk());
  });

  it('studio: a save the workspace refuses is shown to the learner', async () => {
    const failing: StudioRequest = async (p, init) => {
      if (init?.method === 'PUT') throw new Error('The workspace disk is full.');
      return request(p, init);
    };
    const s = createLessonSession({ local: memory(), lessons: () => [lesson], now: clock() });
    await s.switchToWorkspace(workspaceProgressClient(failing));
    s.startLesson(lesson, { restart: true });
    await s.settled();
    expect(s.store.getState().saveError).toBe('Your progress could not be saved in the workspace: The workspace disk is full.');
    // The workspace still has the earlier record; the learner's progress on screen is the new one.
    expect(onDisk().current).toBe(2);
    expect(s.store.getState().progress?.current).toBe(0);
  });
});
