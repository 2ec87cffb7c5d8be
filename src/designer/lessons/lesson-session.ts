/**
 * The lesson on screen: which lesson, the learner's progress, whether the picker is open and whether
 * the panel is folded. A module store (one designer per page) so the header, the picker and the panel
 * on the canvas share it without threading props through the app. The open lesson is remembered across
 * reloads ("crispflow.activeLesson"); a lesson opened from a file is kept with its text.
 *
 * Where progress is saved: in this browser's localStorage, or — once the designer finds a studio — in
 * the workspace (lessons/progress/<lesson-id>.json), so it follows the workspace to another browser or
 * machine. In studio mode the workspace's record is the learner's progress; the browser's copy is not
 * used. Saves to the workspace go one at a time in order, so an older save never lands after a newer one.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { parseLesson, type Lesson } from '../../lessons/format.ts';
import { studioJson, studioState, type StudioMode } from '../studio/studio-client.ts';
import { goTo, loadProgress, markHint, markPassed, newProgress, progressForLesson, saveProgress, type KeyValueStore, type LessonProgress } from './progress.ts';
import { shippedLessons } from './shipped-lessons.ts';
import { workspaceProgressClient, type WorkspaceProgressClient } from './workspace-progress.ts';

export interface LessonSessionState {
  lesson: Lesson | null;
  progress: LessonProgress | null;
  pickerOpen: boolean;
  collapsed: boolean;
  /** Where progress is saved: this browser, or the studio's workspace. */
  savedIn: 'browser' | 'workspace';
  /** Workspace mode: the records read from the workspace (and saved since), by lesson id. */
  workspaceRecords: Record<string, unknown>;
  /** The last failure to read or save progress in the workspace, for the panel to show; null when fine. */
  saveError: string | null;
}

const ACTIVE_KEY = 'crispflow.activeLesson';

export interface LessonSessionOptions {
  /** localStorage in the app; a Map-backed store in tests; undefined where storage is blocked. */
  local: KeyValueStore | undefined;
  lessons: () => Lesson[];
  now?: () => Date;
}

export function createLessonSession(o: LessonSessionOptions) {
  const now = o.now ?? (() => new Date());
  const local = o.local;
  let workspace: WorkspaceProgressClient | undefined;
  let saving: Promise<void> = Promise.resolve();

  function restore(): Pick<LessonSessionState, 'lesson' | 'progress'> {
    try {
      const saved = JSON.parse(local?.getItem(ACTIVE_KEY) ?? 'null') as { id?: string; fileText?: string } | null;
      if (!saved || !local) return { lesson: null, progress: null };
      const lesson = saved.fileText ? parseLesson(saved.fileText) : o.lessons().find((l) => l.id === saved.id);
      if (!lesson) return { lesson: null, progress: null };
      return { lesson, progress: loadProgress(local, lesson) ?? newProgress(lesson, now()) };
    } catch {
      return { lesson: null, progress: null };
    }
  }

  const store: StoreApi<LessonSessionState> = createStore<LessonSessionState>(() => ({
    ...restore(),
    pickerOpen: false,
    collapsed: false,
    savedIn: 'browser',
    workspaceRecords: {},
    saveError: null,
  }));

  /** The saved progress of a lesson where this session saves it; undefined when it has none. */
  function savedProgress(lesson: Lesson): LessonProgress | undefined {
    const s = store.getState();
    if (s.savedIn === 'workspace') return progressForLesson(s.workspaceRecords[lesson.id], lesson);
    return local ? loadProgress(local, lesson) : undefined;
  }

  function persist(progress: LessonProgress): void {
    if (!workspace) {
      if (local) saveProgress(local, progress);
      store.setState({ progress });
      return;
    }
    const client = workspace;
    store.setState((s) => ({ progress, workspaceRecords: { ...s.workspaceRecords, [progress.lessonId]: progress } }));
    saving = saving.then(() =>
      client.save(progress).then(
        () => {
          if (store.getState().saveError) store.setState({ saveError: null });
        },
        (e: Error) => store.setState({ saveError: `Your progress could not be saved in the workspace: ${e.message}` }),
      ),
    );
  }

  /** Reads the workspace's records again (another browser or tab may have moved on). */
  async function refreshWorkspaceRecords(): Promise<void> {
    if (!workspace) return;
    try {
      const list = await workspace.list();
      const byId: Record<string, unknown> = {};
      for (const r of list) {
        const id = (r as { lessonId?: unknown } | null)?.lessonId;
        if (typeof id === 'string') byId[id] = r;
      }
      store.setState({ workspaceRecords: byId, saveError: null });
    } catch (e) {
      store.setState({ saveError: `Lesson progress could not be read from the workspace: ${(e as Error).message}` });
      throw e;
    }
  }

  /**
   * Studio mode: from now on progress is read from and saved to the workspace. The open lesson continues
   * from the workspace's record, or starts afresh there; progress the learner made while the records were
   * being read is kept and saved.
   */
  async function switchToWorkspace(client: WorkspaceProgressClient): Promise<void> {
    workspace = client;
    const before = store.getState().progress;
    store.setState({ savedIn: 'workspace', workspaceRecords: {} });
    try {
      await refreshWorkspaceRecords();
    } catch {
      return; // saveError says so; saves still go to the workspace
    }
    const { lesson, progress } = store.getState();
    if (!lesson) return;
    const saved = savedProgress(lesson);
    if (progress && progress !== before) persist(progress);
    else if (saved) store.setState({ progress: saved });
    else persist(newProgress(lesson, now()));
  }

  /** Shows `lesson`, continuing saved progress unless `restart`; `fileText` keeps a lesson opened from a file. */
  function startLesson(lesson: Lesson, options: { restart?: boolean; fileText?: string } = {}): void {
    const saved = options.restart ? undefined : savedProgress(lesson);
    const progress = saved ?? newProgress(lesson, now());
    local?.setItem(ACTIVE_KEY, JSON.stringify(options.fileText ? { id: lesson.id, fileText: options.fileText } : { id: lesson.id }));
    store.setState({ lesson, pickerOpen: false, collapsed: false });
    persist(progress);
  }

  function update(f: (p: LessonProgress, l: Lesson) => LessonProgress): void {
    const { lesson, progress } = store.getState();
    if (!lesson || !progress) return;
    const next = f(progress, lesson);
    if (next !== progress) persist(next);
  }

  return {
    store,
    savedProgress,
    switchToWorkspace,
    startLesson,
    /** Resolves when every save so far has reached the workspace (or failed). */
    settled: () => saving,
    openPicker(): void {
      store.setState({ pickerOpen: true });
      if (workspace) void refreshWorkspaceRecords().catch(() => undefined);
    },
    closePicker: () => store.setState({ pickerOpen: false }),
    closeLesson(): void {
      local?.removeItem(ACTIVE_KEY);
      store.setState({ lesson: null, progress: null });
    },
    setCollapsed: (collapsed: boolean) => store.setState({ collapsed }),
    revealHint: () => update((p, l) => markHint(p, l, now())),
    recordPassed: () => update((p, l) => markPassed(p, l, now())),
    goToStep: (index: number) => update((p, l) => goTo(p, l, index, now())),
  };
}

function browserStorage(): KeyValueStore | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** The page's one lesson session. */
const session = createLessonSession({ local: browserStorage(), lessons: shippedLessons });

export const lessonSession = session.store;
export const savedLessonProgress = session.savedProgress;
export const startLesson = session.startLesson;
export const openLessonPicker = session.openPicker;
export const closeLessonPicker = session.closePicker;
export const closeLesson = session.closeLesson;
export const setLessonCollapsed = session.setCollapsed;
export const revealHint = session.revealHint;
export const recordPassed = session.recordPassed;
export const goToStep = session.goToStep;

// Once the designer finds a studio (GET /api/health), progress moves to its workspace.
let connected = false;
const connect = (mode: StudioMode) => {
  if (connected || mode.mode !== 'studio') return;
  connected = true;
  void session.switchToWorkspace(workspaceProgressClient((path, init) => studioJson(path, init)));
};
connect(studioState.getState());
studioState.subscribe(connect);
