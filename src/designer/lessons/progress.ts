/**
 * A learner's progress through one lesson and its export for trainers: one row per step with when it was
 * shown, when the hint was revealed and when its checks passed (ISO timestamps). Without a studio it is
 * kept in localStorage per lesson ("crispflow.lesson.<id>"); with one, in the workspace
 * (workspace-progress.ts). No pipeline data or personal data goes into it.
 */
import type { Lesson } from '../../lessons/format.ts';
import { checkProgressRecord, type LessonProgress, type StepProgress } from '../../lessons/progress-record.ts';

export type { LessonProgress, StepProgress };

/** The part of the Storage interface used (localStorage in the app, a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const key = (lessonId: string) => `crispflow.lesson.${lessonId}`;

export function newProgress(lesson: Lesson, now: Date): LessonProgress {
  const t = now.toISOString();
  return { lessonId: lesson.id, startedAt: t, updatedAt: t, current: 0, steps: { [lesson.steps[0].id]: { shownAt: t } } };
}

/** A saved record as this lesson's progress, or undefined (malformed, or of another lesson). */
export function progressForLesson(value: unknown, lesson: Lesson): LessonProgress | undefined {
  let p: LessonProgress;
  try {
    p = checkProgressRecord(value);
  } catch {
    return undefined;
  }
  if (p.lessonId !== lesson.id) return undefined;
  // A lesson file edited since: keep the step on screen within range.
  return { ...p, current: Math.min(p.current, lesson.steps.length - 1) };
}

/** Saved progress for the lesson, or undefined (none, unreadable, or from a different lesson file). */
export function loadProgress(store: KeyValueStore, lesson: Lesson): LessonProgress | undefined {
  let value: unknown;
  try {
    value = JSON.parse(store.getItem(key(lesson.id)) ?? 'null');
  } catch {
    return undefined;
  }
  return progressForLesson(value, lesson);
}

export function saveProgress(store: KeyValueStore, progress: LessonProgress): void {
  store.setItem(key(progress.lessonId), JSON.stringify(progress));
}

export function clearProgress(store: KeyValueStore, lessonId: string): void {
  store.removeItem(key(lessonId));
}

function touch(p: LessonProgress, stepId: string, field: keyof StepProgress, now: Date, overwrite = false): LessonProgress {
  const step = p.steps[stepId] ?? {};
  if (step[field] && !overwrite) return p;
  const t = now.toISOString();
  return { ...p, updatedAt: t, steps: { ...p.steps, [stepId]: { ...step, [field]: t } } };
}

export function markHint(p: LessonProgress, lesson: Lesson, now: Date): LessonProgress {
  return touch(p, lesson.steps[p.current].id, 'hintAt', now);
}

/** Records the first time the current step's checks passed; the last step's pass completes the lesson. */
export function markPassed(p: LessonProgress, lesson: Lesson, now: Date): LessonProgress {
  const next = touch(p, lesson.steps[p.current].id, 'passedAt', now);
  const done = lesson.steps.every((s) => next.steps[s.id]?.passedAt);
  return done && !next.completedAt ? { ...next, completedAt: now.toISOString() } : next;
}

/** Moves to step `index` (back, or forward after the current step passed) and records when it was first shown. */
export function goTo(p: LessonProgress, lesson: Lesson, index: number, now: Date): LessonProgress {
  const i = Math.min(Math.max(0, index), lesson.steps.length - 1);
  return touch({ ...p, current: i }, lesson.steps[i].id, 'shownAt', now);
}

export interface ProgressExport {
  kind: 'crispflow-lesson-progress';
  version: 1;
  lesson: { id: string; title: string; steps: number };
  learner?: string;
  startedAt: string;
  updatedAt: string;
  completedAt: string | null;
  stepsPassed: number;
  steps: Array<{ number: number; id: string; title: string; phase: string; shownAt: string | null; hintRevealedAt: string | null; passedAt: string | null }>;
}

/** The progress as a trainer reads it: every step in lesson order, timestamps or null. */
export function exportProgress(lesson: Lesson, p: LessonProgress, learner?: string): ProgressExport {
  const steps = lesson.steps.map((s, i) => ({
    number: i + 1,
    id: s.id,
    title: s.title,
    phase: s.phase,
    shownAt: p.steps[s.id]?.shownAt ?? null,
    hintRevealedAt: p.steps[s.id]?.hintAt ?? null,
    passedAt: p.steps[s.id]?.passedAt ?? null,
  }));
  return {
    kind: 'crispflow-lesson-progress',
    version: 1,
    lesson: { id: lesson.id, title: lesson.title, steps: lesson.steps.length },
    ...(learner?.trim() ? { learner: learner.trim() } : {}),
    startedAt: p.startedAt,
    updatedAt: p.updatedAt,
    completedAt: p.completedAt ?? null,
    stepsPassed: steps.filter((s) => s.passedAt).length,
    steps,
  };
}
