/** The keyboard shortcut sheet, opened with "?" (outside text fields) or from the header. */
import { useEffect, useRef } from 'react';
import { ShortcutTable } from '../ui/ShortcutTable.tsx';

export const SHORTCUTS: readonly [keys: string, what: string][] = [
  ['Tab / Shift+Tab', 'Move between the palette, canvas, inspector and results (the first Tab offers “Skip to canvas”)'],
  ['↑ ↓ Home End', 'Move between nodes in the palette; Enter adds one'],
  ['/', 'Quick add: search for a node and add it (also double-click or right-click the canvas)'],
  ['Enter or Space', 'Select the focused node on the canvas'],
  ['Arrow keys', 'Move the selected node'],
  ['C', 'Connect the selected node: choose its output, then an input'],
  ['G', 'Group the selected nodes (then fold the group into one card)'],
  ['Delete / Backspace', 'Remove the selected nodes or connections'],
  ['Ctrl+Z, Ctrl+Shift+Z or Ctrl+Y', 'Undo, redo'],
  ['Ctrl+C, Ctrl+X, Ctrl+V, Ctrl+D', 'Copy, cut, paste, duplicate nodes'],
  ['?', 'Show this list'],
  ['Escape', 'Close a dialog or list'],
];

export function ShortcutSheet({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} className="cf-dialog" aria-labelledby="cf-shortcuts-h" onClose={onClose} onCancel={onClose} data-testid="shortcut-sheet">
      <h2 id="cf-shortcuts-h">Keyboard shortcuts</h2>
      <ShortcutTable shortcuts={SHORTCUTS} />
      <div className="cf-dialog-actions">
        <button type="button" className="cf-btn" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}

