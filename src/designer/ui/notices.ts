/**
 * Short messages for the user (refused connections, saved files, import problems).
 * Information and success notices close by themselves; errors stay until dismissed, so a reason
 * is never lost while the person looks elsewhere. At most MAX_NOTICES show at once (the oldest
 * non-error notice leaves first), so they never pile up over the canvas.
 */
import { createStore } from 'zustand/vanilla';

export interface Notice {
  id: number;
  kind: 'info' | 'error' | 'success';
  text: string;
}

export const MAX_NOTICES = 3;
/** How long an information or success notice stays, in ms. */
export const NOTICE_MS = 5000;

export const noticeStore = createStore<{ notices: Notice[] }>(() => ({ notices: [] }));
let nextId = 1;

/** The list after adding `notice`: a repeated text replaces its older copy; beyond the limit, the oldest non-error leaves first. */
export function withNotice(list: readonly Notice[], notice: Notice, max = MAX_NOTICES): Notice[] {
  const next = [...list.filter((n) => n.text !== notice.text), notice];
  while (next.length > max) {
    const oldestPassing = next.findIndex((n) => n.kind !== 'error');
    next.splice(oldestPassing === -1 || oldestPassing === next.length - 1 ? 0 : oldestPassing, 1);
  }
  return next;
}

/** Shows a notice; errors stay until dismissed unless `ms` is given. Returns its id. */
export function notify(text: string, kind: Notice['kind'] = 'info', ms: number | null = kind === 'error' ? null : NOTICE_MS): number {
  const id = nextId++;
  noticeStore.setState((s) => ({ notices: withNotice(s.notices, { id, kind, text }) }));
  if (ms !== null) setTimeout(() => dismiss(id), ms);
  return id;
}

export function dismiss(id: number): void {
  noticeStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}
