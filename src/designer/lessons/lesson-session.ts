/**
 * The lesson on screen: which lesson, the learner's progress, whether the picker is open and whether
 * the panel is folded. A module store (one designer per page) so the header, the picker and the panel
 * on the canvas share it without threading props through the app. The open lesson is remembered across
 * reloads ("crispflow.activeLesson"); a lesson opened from a file is kept with its text.
 */
import { createStore } from 'zustand/vanilla';
import { parseLesson, type Lesson } from '../../lessons/format.ts';
import { goTo, loadProgress, markHint, markPassed, newProgress, saveProgress, type KeyValueStore, type LessonProgress } from './progress.ts';
import { shippedLessons } from './shipped-lessons.ts';

export interface LessonSessionState {
  lesson: Lesson | null;
  progress: LessonProgress | null;
  pickerOpen: boolean;
  collapsed: boolean;
}

const ACTIVE_KEY = 'crispflow.activeLesson';

function storage(): KeyValueStore | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

function restore(): Pick<LessonSessionState, 'lesson' | 'progress'> {
  const s = storage();
  try {
    const saved = JSON.parse(s?.getItem(ACTIVE_KEY) ?? 'null') as { id?: string; fileText?: string } | null;
    if (!saved || !s) return { lesson: null, progress: null };
    const lesson = saved.fileText ? parseLesson(saved.fileText) : shippedLessons().find((l) => l.id === saved.id);
    if (!lesson) return { lesson: null, progress: null };
    return { lesson, progress: loadProgress(s, lesson) ?? newProgress(lesson, new Date()) };
  } catch {
    return { lesson: null, progress: null };
  }
}

export const lessonSession = createStore<LessonSessionState>(() => ({ ...restore(), pickerOpen: false, collapsed: false }));

function persist(progress: LessonProgress) {
  const s = storage();
  if (s) saveProgress(s, progress);
  lessonSession.setState({ progress });
}

export function openLessonPicker(): void {
  lessonSession.setState({ pickerOpen: true });
}

export function closeLessonPicker(): void {
  lessonSession.setState({ pickerOpen: false });
}

/** Shows `lesson`, continuing saved progress unless `restart`; `fileText` keeps a lesson opened from a file. */
export function startLesson(lesson: Lesson, options: { restart?: boolean; fileText?: string } = {}): void {
  const s = storage();
  const saved = !options.restart && s ? loadProgress(s, lesson) : undefined;
  const progress = saved ?? newProgress(lesson, new Date());
  s?.setItem(ACTIVE_KEY, JSON.stringify(options.fileText ? { id: lesson.id, fileText: options.fileText } : { id: lesson.id }));
  lessonSession.setState({ lesson, pickerOpen: false, collapsed: false });
  persist(progress);
}

export function closeLesson(): void {
  storage()?.removeItem(ACTIVE_KEY);
  lessonSession.setState({ lesson: null, progress: null });
}

export function setLessonCollapsed(collapsed: boolean): void {
  lessonSession.setState({ collapsed });
}

function update(f: (p: LessonProgress, l: Lesson) => LessonProgress) {
  const { lesson, progress } = lessonSession.getState();
  if (!lesson || !progress) return;
  const next = f(progress, lesson);
  if (next !== progress) persist(next);
}

export const revealHint = () => update((p, l) => markHint(p, l, new Date()));
export const recordPassed = () => update((p, l) => markPassed(p, l, new Date()));
export const goToStep = (index: number) => update((p, l) => goTo(p, l, index, new Date()));
