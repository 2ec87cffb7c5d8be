import { useEffect, useRef, useState } from 'react';
import type { Table } from '../../core/table/table.ts';
import { TableViewer } from '../results/TableViewer.tsx';
import { previewInWorker } from './import-client.ts';

/** A modal preview of a stored dataset: read and parsed in the import worker, shown in the virtualised table viewer. */
export function DatasetPreview({ name, onClose }: { name: string; onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [state, setState] = useState<{ table?: Table; error?: string; fraction: number }>({ fraction: 0 });

  useEffect(() => {
    const d = dialogRef.current;
    if (d && !d.open) d.showModal();
    const ac = new AbortController();
    (async () => {
      // The worker reads the stored bytes itself: reading a large file from IndexedDB here would
      // block the page while the browser copies it.
      const table = await previewInWorker(name, (_phase, fraction) => setState((s) => ({ ...s, fraction })), ac.signal);
      setState({ table, fraction: 1 });
    })().catch((err: unknown) => {
      if (!ac.signal.aborted) setState({ error: err instanceof Error ? err.message : String(err), fraction: 0 });
    });
    return () => ac.abort();
  }, [name]);

  return (
    <dialog ref={dialogRef} className="cf-dataset-preview" aria-label={`Preview of ${name}`} onClose={onClose} data-testid="dataset-preview">
      <header className="cf-preview-header">
        <h2>{name}</h2>
        <button type="button" className="cf-btn" onClick={() => dialogRef.current?.close()} data-testid="close-preview">
          Close
        </button>
      </header>
      <div className="cf-preview-body">
        {state.table ? (
          <TableViewer table={state.table} name={name.replace(/\.[^.]+$/, '')} />
        ) : state.error ? (
          <p className="cf-error" role="alert">
            {state.error}
          </p>
        ) : (
          <div className="cf-upload-progress">
            <span>Reading {name}…</span>
            <progress max={1} value={state.fraction} aria-label={`Reading ${name}`} />
          </div>
        )}
      </div>
    </dialog>
  );
}
