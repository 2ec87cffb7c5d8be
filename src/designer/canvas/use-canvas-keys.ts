import { useEffect } from 'react';
import { usePipelineStore } from '../store/context.tsx';

function isEditable(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
}

/**
 * Canvas keys outside text fields and dialogs: "/" opens quick add; "C" with one node selected
 * opens the keyboard connect dialog for it; "G" with two or more selected groups them.
 */
export function useCanvasKeys(actions: { onQuickAdd(): void; onConnect(nodeId: string): void; onGroup(): boolean }): void {
  const store = usePipelineStore();
  const { onQuickAdd, onConnect, onGroup } = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isEditable(e.target) || document.querySelector('dialog[open]')) return;
      if (e.key === '/') {
        e.preventDefault();
        onQuickAdd();
      } else if (e.key === 'c' || e.key === 'C') {
        const sel = store.getState().selection.nodes;
        if (sel.length !== 1) return;
        e.preventDefault();
        onConnect(sel[0]);
      } else if ((e.key === 'g' || e.key === 'G') && store.getState().selection.nodes.length >= 2) {
        if (onGroup()) e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, onQuickAdd, onConnect, onGroup]);
}
