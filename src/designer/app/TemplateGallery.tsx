import { useEffect, useRef } from 'react';
import type { Template } from '../templates.ts';
import { templateRoles } from '../../templates/template-roles.ts';

/** First-start (and on demand) gallery: start from a template or an empty canvas. */
export function TemplateGallery({
  templates,
  onChoose,
  onMap,
  onEmpty,
  onClose,
}: {
  templates: Template[];
  onChoose(t: Template): void;
  /** "Use with my data…": opens the map-your-columns dialog (src/designer/templates/MapColumnsDialog.tsx). */
  onMap?(t: Template): void;
  onEmpty(): void;
  onClose(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} className="cf-dialog" aria-labelledby="cf-gallery-title" onClose={onClose} onCancel={onClose}>
      <h2 id="cf-gallery-title">Start a pipeline</h2>
      <p className="cf-muted">
        Pick a worked example to explore, or start from an empty canvas. Everything stays on this computer.
      </p>
      <ul className="cf-gallery">
        {templates.map((t) => (
          <li key={t.id}>
            <button type="button" className="cf-gallery-item" onClick={() => onChoose(t)} data-template={t.id}>
              <strong>{t.name}</strong>
              <span>{t.description || `${t.doc.nodes.length} nodes`}</span>
              <span className="cf-muted">{t.doc.nodes.length} nodes</span>
            </button>
            {onMap && templateRoles(t.doc).length > 0 && (
              <button type="button" className="cf-btn cf-btn-small cf-gallery-map" onClick={() => onMap(t)} data-map-template={t.id}>
                Use with my data…
              </button>
            )}
          </li>
        ))}
        <li>
          <button type="button" className="cf-gallery-item cf-gallery-empty" onClick={onEmpty} data-template="empty">
            <strong>Empty canvas</strong>
            <span>Build your own pipeline from the palette.</span>
          </button>
        </li>
      </ul>
      <div className="cf-dialog-actions">
        <button type="button" className="cf-btn" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
