/** Short messages for the user (refused connections, saved files, import problems). */
import { createStore } from 'zustand/vanilla';

export interface Notice {
  id: number;
  kind: 'info' | 'error' | 'success';
  text: string;
}

export const noticeStore = createStore<{ notices: Notice[] }>(() => ({ notices: [] }));
let nextId = 1;

export function notify(text: string, kind: Notice['kind'] = 'info', ms = kind === 'error' ? 8000 : 4000): number {
  const id = nextId++;
  noticeStore.setState((s) => ({ notices: [...s.notices.filter((n) => n.text !== text), { id, kind, text }].slice(-4) }));
  setTimeout(() => dismiss(id), ms);
  return id;
}

export function dismiss(id: number): void {
  noticeStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}
