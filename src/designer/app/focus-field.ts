/**
 * Moves the keyboard focus to a field of the inspector once it shows the newly selected node.
 * The inspector renders after the selection changes, so the field (marked data-param with its
 * param name) is looked for during a few frames; without a param (a port or a pipeline-wide
 * problem) the node's name field gets the focus.
 */
const MAX_FRAMES = 30;

function findField(param: string | undefined): HTMLElement | null {
  const inspector = document.querySelector<HTMLElement>('[data-testid="inspector"]');
  if (!inspector) return null;
  if (param) {
    const el = inspector.querySelector<HTMLElement>(`[data-param="${CSS.escape(param)}"]`);
    if (!el) return null;
    // A columns picker marks its group: focus its first control.
    return el.matches('input, select, textarea, button') ? el : (el.querySelector<HTMLElement>('input, select, textarea, button') ?? el);
  }
  return inspector.querySelector<HTMLElement>('#cf-node-label');
}

export function focusInspectorField(param: string | undefined, frames = MAX_FRAMES): void {
  requestAnimationFrame(() => {
    const el = findField(param);
    if (el) {
      el.focus();
      el.scrollIntoView({ block: 'nearest' });
    } else if (frames > 0) focusInspectorField(param, frames - 1);
    else if (param) focusInspectorField(undefined, 0);
  });
}
