/**
 * A learner's progress through one lesson, as saved: in the browser (localStorage) without a studio, in
 * the workspace (lessons/progress/<lesson-id>.json, src/studio/api/lesson-progress.ts) with one. Only
 * step ids and ISO timestamps: no pipeline data, no personal data. `checkProgressRecord` is the one
 * validator both sides use; its errors name the field. Pure (no DOM, no file system).
 */

export interface StepProgress {
  shownAt?: string;
  hintAt?: string;
  passedAt?: string;
}

export interface LessonProgress {
  lessonId: string;
  startedAt: string;
  updatedAt: string;
  /** Index of the step on screen. */
  current: number;
  steps: Record<string, StepProgress>;
  completedAt?: string;
}

/** Lesson and step ids, as src/lessons/format.ts allows them. */
export const LESSON_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** A lesson has at most 100 steps (src/lessons/format.ts). */
const MAX_STEPS = 100;
const STEP_FIELDS = ['shownAt', 'hintAt', 'passedAt'] as const;
const TOP_FIELDS = new Set(['lessonId', 'startedAt', 'updatedAt', 'current', 'steps', 'completedAt']);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** A refused progress record; the message names the field. */
export class ProgressRecordError extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function time(v: unknown, field: string): string {
  if (typeof v !== 'string' || !ISO_TIME.test(v) || Number.isNaN(Date.parse(v))) {
    throw new ProgressRecordError(`${field} must be a UTC time such as "2026-12-07T09:30:00.000Z".`);
  }
  return v;
}

/** The record as a LessonProgress (unknown fields refused), or a ProgressRecordError naming the field. */
export function checkProgressRecord(value: unknown): LessonProgress {
  if (!isRecord(value)) throw new ProgressRecordError('Lesson progress is a JSON object { lessonId, startedAt, updatedAt, current, steps }.');
  const extra = Object.keys(value).find((k) => !TOP_FIELDS.has(k));
  if (extra !== undefined) throw new ProgressRecordError(`"${extra.slice(0, 40)}" is not a field of lesson progress (lessonId, startedAt, updatedAt, current, steps, completedAt).`);
  if (typeof value.lessonId !== 'string' || !LESSON_ID.test(value.lessonId)) throw new ProgressRecordError('lessonId must be a lesson id: lowercase letters, digits and "-", at most 64.');
  const current = value.current;
  if (typeof current !== 'number' || !Number.isInteger(current) || current < 0 || current >= MAX_STEPS) {
    throw new ProgressRecordError(`current must be the index of a step (a whole number from 0 to ${MAX_STEPS - 1}).`);
  }
  if (!isRecord(value.steps)) throw new ProgressRecordError('steps must be an object { "<step id>": { shownAt?, hintAt?, passedAt? } }.');
  const entries = Object.entries(value.steps);
  if (entries.length > MAX_STEPS) throw new ProgressRecordError(`steps has ${entries.length} entries; a lesson has at most ${MAX_STEPS} steps.`);
  const steps: Record<string, StepProgress> = {};
  for (const [id, step] of entries) {
    if (!LESSON_ID.test(id)) throw new ProgressRecordError(`steps: "${id.slice(0, 40)}" is not a step id (lowercase letters, digits and "-").`);
    if (!isRecord(step)) throw new ProgressRecordError(`steps.${id} must be an object { shownAt?, hintAt?, passedAt? }.`);
    const out: StepProgress = {};
    for (const [k, v] of Object.entries(step)) {
      if (!(STEP_FIELDS as readonly string[]).includes(k)) throw new ProgressRecordError(`steps.${id}.${k.slice(0, 40)} is not a field of a step's progress (shownAt, hintAt, passedAt).`);
      if (v !== undefined) out[k as (typeof STEP_FIELDS)[number]] = time(v, `steps.${id}.${k}`);
    }
    steps[id] = out;
  }
  return {
    lessonId: value.lessonId,
    startedAt: time(value.startedAt, 'startedAt'),
    updatedAt: time(value.updatedAt, 'updatedAt'),
    current,
    steps,
    ...(value.completedAt !== undefined ? { completedAt: time(value.completedAt, 'completedAt') } : {}),
  };
}
