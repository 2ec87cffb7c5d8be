import { useEffect, useRef, type ReactNode } from 'react';

/** A modal panel over the designer (models, audit log, manager view): Escape or Close dismisses it. */
export function PanelDialog({ title, onClose, wide, testId, children }: { title: string; onClose(): void; wide?: boolean; testId?: string; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const titleId = `cf-panel-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <dialog ref={ref} className={`cf-dialog cf-panel-dialog${wide ? ' cf-panel-wide' : ''}`} aria-labelledby={titleId} onClose={onClose} onCancel={onClose} data-testid={testId}>
      <div className="cf-panel-dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="cf-btn" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="cf-panel-dialog-body">{children}</div>
    </dialog>
  );
}
