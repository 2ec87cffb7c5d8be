/**
 * Moves the keyboard focus to a field of the inspector once it shows the newly selected node.
 * The inspector renders after the selection changes (and its fields have generated ids), so the
 * field is found by its visible label, trying for a few frames; without a field (a port or a
 * pipeline-wide problem) the node's name field gets the focus.
 */
const MAX_FRAMES = 30;

function findField(label: string | undefined): HTMLElement | null {
  const inspector = document.querySelector<HTMLElement>('[data-testid="inspector"]');
  if (!inspector) return null;
  if (label) {
    for (const l of inspector.querySelectorAll<HTMLLabelElement>('label.cf-field-label')) {
      if (l.textContent?.trim() === label && l.htmlFor) {
        const el = document.getElementById(l.htmlFor);
        if (el) return el;
      }
    }
  }
  return label ? null : inspector.querySelector<HTMLElement>('#cf-node-label');
}

export function focusInspectorField(label: string | undefined, frames = MAX_FRAMES): void {
  requestAnimationFrame(() => {
    const el = findField(label);
    if (el) {
      el.focus();
      el.scrollIntoView({ block: 'nearest' });
    } else if (frames > 0) focusInspectorField(label, frames - 1);
    else if (label) focusInspectorField(undefined, 0);
  });
}
