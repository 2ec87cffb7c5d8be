import { useEffect } from 'react';
import type { NodeRegistry } from '../../core/registry.ts';
import { copyFragment, readFragment } from '../canvas/clipboard.ts';
import { extractFragment } from '../store/doc-edits.ts';
import { redo, undo, type PipelineStore } from '../store/pipeline-store.ts';
import { notify } from '../ui/notices.ts';

function isEditable(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName);
}

/**
 * Keyboard shortcuts of the editor: undo/redo (Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z, Ctrl+Y), duplicate
 * (Ctrl/Cmd+D), copy/cut/paste of nodes as pipeline JSON. Typing in a form field is left alone.
 */
export function useShortcuts(store: PipelineStore, registry: NodeRegistry) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isEditable(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      if (!mod) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        undo(store);
      } else if ((key === 'z' && e.shiftKey) || key === 'y') {
        e.preventDefault();
        redo(store);
      } else if (key === 'd') {
        e.preventDefault();
        const ids = store.getState().duplicateSelected();
        if (ids.length) notify(`Duplicated ${ids.length} node${ids.length === 1 ? '' : 's'}.`);
      }
    };
    const onCopy = (e: ClipboardEvent, cut: boolean) => {
      if (isEditable(e.target)) return;
      const ids = store.getState().selection.nodes;
      if (ids.length === 0) return;
      void copyFragment(extractFragment(store.getState().doc, ids), e);
      if (cut) store.getState().removeElements({ nodes: ids });
      notify(`${cut ? 'Cut' : 'Copied'} ${ids.length} node${ids.length === 1 ? '' : 's'}.`);
    };
    const onPaste = async (e: ClipboardEvent) => {
      if (isEditable(e.target)) return;
      e.preventDefault();
      const text = e.clipboardData?.getData('text/plain');
      const frag = await readFragment(registry, text);
      if (!frag) return;
      const ids = store.getState().insertFragment(frag, { x: 60, y: 60 });
      notify(`Pasted ${ids.length} node${ids.length === 1 ? '' : 's'}.`);
    };
    const copy = (e: ClipboardEvent) => onCopy(e, false);
    const cut = (e: ClipboardEvent) => onCopy(e, true);
    const paste = (e: ClipboardEvent) => void onPaste(e);
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', copy);
    document.addEventListener('cut', cut);
    document.addEventListener('paste', paste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', copy);
      document.removeEventListener('cut', cut);
      document.removeEventListener('paste', paste);
    };
  }, [store, registry]);
}
