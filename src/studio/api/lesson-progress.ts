/**
 * Lesson progress in the workspace (<workspace>/lessons/progress/<lesson-id>.json), so a learner's
 * progress follows the workspace rather than one browser (docs/lessons.md):
 *   GET /api/lessons/progress       → { progress: LessonProgress[] } (every readable record, by lesson id)
 *   GET /api/lessons/progress/:id   → { progress: LessonProgress } or 404
 *   PUT /api/lessons/progress/:id   ← LessonProgress (its lessonId must be :id) → 201 (new) / 200 (replaced) { progress }
 * Records are checked field by field (src/lessons/progress-record.ts) and written atomically. They hold
 * step ids and times only, so they are not entries of the workspace audit log.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../fs/atomic-write.ts';
import { checkProgressRecord, LESSON_ID, ProgressRecordError, type LessonProgress } from '../../lessons/progress-record.ts';
import type { StudioContext } from '../studio-context.ts';
import { resolveInside } from '../workspace/safe-path.ts';
import { ApiError, json, type RouteModule } from './router.ts';

export const LESSON_PROGRESS_DIR = path.join('lessons', 'progress');
/** A record of a 100-step lesson is about 12 KB; anything much larger is not progress. */
const MAX_RECORD_BYTES = 64 * 1024;

/** The record's path for a lesson id, inside the workspace (symlinks out of it refused). */
async function progressFile(studio: StudioContext, id: string): Promise<string> {
  if (!LESSON_ID.test(id)) throw new ApiError(400, `"${id.slice(0, 80)}" is not a lesson id: use lowercase letters, digits and "-" (at most 64), as in the lesson file.`);
  return resolveInside(studio.workspace.root, `lessons/progress/${id}.json`, { allowSubfolders: true, what: 'lesson id' });
}

async function readRecord(file: string): Promise<LessonProgress | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    return checkProgressRecord(JSON.parse(text));
  } catch {
    return undefined; // a hand-edited or truncated file is treated as no progress; the next save replaces it
  }
}

export const lessonProgressRoutes: RouteModule = (studio) => {
  const dir = path.join(studio.workspace.root, LESSON_PROGRESS_DIR);
  return [
    {
      method: 'GET',
      path: '/api/lessons/progress',
      async handle() {
        let names: string[];
        try {
          // Checked like a record's path: a lessons/ folder that links out of the workspace is not read.
          await resolveInside(studio.workspace.root, 'lessons/progress', { allowSubfolders: true, what: 'progress folder' });
          names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.json') && LESSON_ID.test(e.name.slice(0, -5))).map((e) => e.name);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') return json(200, { progress: [] });
          throw e;
        }
        const progress: LessonProgress[] = [];
        for (const name of names.sort()) {
          const p = await readRecord(path.join(dir, name));
          if (p && p.lessonId === name.slice(0, -5)) progress.push(p);
        }
        return json(200, { progress });
      },
    },
    {
      method: 'GET',
      path: '/api/lessons/progress/:id',
      async handle(req) {
        const progress = await readRecord(await progressFile(studio, req.params.id));
        if (!progress || progress.lessonId !== req.params.id) throw new ApiError(404, `The workspace has no progress for the lesson "${req.params.id}".`);
        return json(200, { progress });
      },
    },
    {
      method: 'PUT',
      path: '/api/lessons/progress/:id',
      async handle(req) {
        const file = await progressFile(studio, req.params.id);
        let progress: LessonProgress;
        try {
          progress = checkProgressRecord(await req.readJson(MAX_RECORD_BYTES));
        } catch (e) {
          if (e instanceof ProgressRecordError) throw new ApiError(400, `Lesson progress refused: ${e.message}`);
          throw e;
        }
        if (progress.lessonId !== req.params.id) throw new ApiError(400, `The progress is for the lesson "${progress.lessonId}", but the path names "${req.params.id}".`);
        await mkdir(path.dirname(file), { recursive: true });
        await progressFile(studio, req.params.id); // again, now that the folders exist: still inside the workspace
        const existed = (await readRecord(file)) !== undefined;
        await writeFileAtomic(file, JSON.stringify(progress, null, 1) + '\n');
        return json(existed ? 200 : 201, { progress });
      },
    },
  ];
};
