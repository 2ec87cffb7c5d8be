/**
 * Autosave: every document change is written to IndexedDB after a short pause, and immediately when
 * the tab is hidden or closed, so a reload or a crashed tab finds the exact canvas again.
 */
import type { PipelineDocument } from '../../core/document.ts';
import type { PipelineStore } from '../store/pipeline-store.ts';

export interface Autosave {
  /** Writes any pending change now. */
  flush(): Promise<void>;
  dispose(): void;
}

export function startAutosave(
  store: PipelineStore,
  currentId: () => string | undefined,
  save: (id: string, doc: PipelineDocument) => Promise<unknown>,
  delayMs = 400,
): Autosave {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dirty: { id: string; doc: PipelineDocument } | undefined;
  let writing: Promise<unknown> = Promise.resolve();

  const flush = async () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const job = dirty;
    dirty = undefined;
    if (job) writing = writing.then(() => save(job.id, job.doc)).catch((e) => console.error('Autosave failed', e));
    await writing;
  };
  const unsubscribe = store.subscribe((s, prev) => {
    const id = currentId();
    if (s.doc === prev.doc || !id) return;
    dirty = { id, doc: s.doc };
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void flush(), delayMs);
  });
  const onHide = () => {
    if (document.visibilityState === 'hidden') void flush();
  };
  const onUnload = () => void flush();
  document.addEventListener('visibilitychange', onHide);
  window.addEventListener('pagehide', onUnload);
  return {
    flush,
    dispose() {
      unsubscribe();
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onUnload);
    },
  };
}
