import { useId, useRef, useState, type DragEvent } from 'react';
import type { StoredDataset } from '../persistence/db.ts';
import { formatBytes, formatCount } from '../results/format.ts';
import { isUploadedDataset, type UploadedDataset } from './dataset-record.ts';
import { deleteDataset } from './dataset-store.ts';
import { DatasetPreview } from './DatasetPreview.tsx';
import { PiiNotice } from './PiiNotice.tsx';
import { ACCEPT_ATTRIBUTE, dismissUpload, importFiles, type UploadStatus } from './upload.ts';
import { useDatasets, useUploads } from './useDatasets.ts';
import '../results/results.css';
import './datasets.css';

const TYPE_BADGES: Record<string, string> = { number: '#', integer: '#', boolean: 'y/n', date: 'date', category: 'cat', text: 'abc' };

function UploadRow({ u }: { u: UploadStatus }) {
  return (
    <li className={`cf-upload cf-upload-${u.phase}`} data-testid="upload-status">
      <div className="cf-upload-line">
        <strong>{u.name}</strong>
        <span className="cf-muted">{formatBytes(u.size)}</span>
        <span className="cf-spacer" />
        {(u.phase === 'done' || u.phase === 'error') && (
          <button type="button" className="cf-link" onClick={() => dismissUpload(u.id)} aria-label={`Dismiss ${u.name}`}>
            ×
          </button>
        )}
      </div>
      {u.phase === 'error' ? (
        <p className="cf-error" role="alert">
          {u.error}
        </p>
      ) : u.phase === 'done' ? (
        <p className={u.record && u.record.problemCount > 0 ? 'cf-warn' : 'cf-muted'} data-testid="upload-done">
          Imported {u.record ? `${formatCount(u.record.rows)} rows` : ''}
          {u.record && u.record.problemCount > 0 && ` with ${formatCount(u.record.problemCount)} import ${u.record.problemCount === 1 ? 'problem' : 'problems'} (listed with the dataset)`}.
        </p>
      ) : (
        <>
          <progress max={1} value={u.fraction} aria-label={`Importing ${u.name}`} data-testid="upload-progress" />
          <span className="cf-muted">{u.note}</span>
        </>
      )}
    </li>
  );
}

function Problems({ d }: { d: UploadedDataset }) {
  if (d.problemCount === 0) return null;
  const shown = d.importProblems.length;
  return (
    <details className="cf-import-problems" data-testid="dataset-problems" open={d.problemCount <= 5}>
      <summary className="cf-warn">
        {formatCount(d.problemCount)} import {d.problemCount === 1 ? 'problem' : 'problems'}
      </summary>
      <ul className="cf-problem-list">
        {d.importProblems.map((p, i) => (
          <li key={i}>
            <span className="cf-problem-where">
              {p.row > 0 ? `Row ${p.row}` : 'File'}
              {p.line !== undefined && ` · line ${p.line}`}
              {p.column !== undefined && ` · ${p.column}`}
            </span>
            {p.value !== undefined && p.value !== '' && <code className="cf-problem-value">{p.value}</code>}
            <span className="cf-problem-message">{p.message}</span>
          </li>
        ))}
      </ul>
      {d.problemCount > shown && <p className="cf-muted">The first {shown} of {formatCount(d.problemCount)} are listed.</p>}
    </details>
  );
}

function DatasetCard({ d, onUse, onPreview }: { d: StoredDataset; onUse?: (name: string) => void; onPreview: (name: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const full = isUploadedDataset(d) ? d : undefined;
  const columns = d.columns ?? [];
  return (
    <li className="cf-dataset" data-testid="dataset-item" data-name={d.name}>
      <div className="cf-dataset-head">
        <strong className="cf-dataset-name">{d.name}</strong>
        <span className="cf-muted" data-testid="dataset-facts">
          {formatBytes(d.size)}
          {d.rows !== undefined && ` · ${formatCount(d.rows)} rows`}
          {` · ${columns.length} columns`}
        </span>
      </div>
      {full && (
        <p className="cf-muted cf-dataset-meta">
          {full.format === 'xlsx' ? `Excel${full.sheet ? `, sheet “${full.sheet}”` : ''}` : `CSV, ${full.encoding}`}
          {full.notes.length > 0 && ` · ${full.notes.join(' ')}`}
        </p>
      )}
      <details className="cf-dataset-columns">
        <summary>Columns</summary>
        <ul>
          {columns.map((c) => {
            const detail = full?.columnDetails?.find((x) => x.name === c.name);
            const missing = (detail?.badCells ?? 0) + (detail?.overflowCells ?? 0);
            return (
              <li key={c.name} data-testid="dataset-column">
                <span className="cf-type-badge">{TYPE_BADGES[c.type] ?? c.type}</span> {c.name}
                {detail?.format && <span className="cf-muted"> · {detail.label}</span>}
                {c.role && <span className="cf-muted"> · {c.role}</span>}
                {missing > 0 && <span className="cf-warn"> · {formatCount(missing)} {missing === 1 ? 'cell' : 'cells'} left empty</span>}
                {detail?.keptAsText && <span className="cf-muted"> · text because {detail.keptAsText}</span>}
              </li>
            );
          })}
        </ul>
      </details>
      {full ? <Problems d={full} /> : d.problems && d.problems.length > 0 && <p className="cf-warn">{d.problems.join(' ')}</p>}
      {full && <PiiNotice findings={full.piiFindings} />}
      <div className="cf-dataset-actions">
        {onUse && (
          <button type="button" className="cf-btn cf-btn-primary" onClick={() => onUse(d.name)} data-testid="use-dataset">
            Use on canvas
          </button>
        )}
        <button type="button" className="cf-btn" onClick={() => onPreview(d.name)} data-testid="preview-dataset">
          Preview
        </button>
        {confirming ? (
          <>
            <button
              type="button"
              className="cf-btn cf-btn-danger"
              data-testid="confirm-delete"
              onClick={() => deleteDataset(d.name).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))}
            >
              Delete {d.name}
            </button>
            <button type="button" className="cf-btn" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" className="cf-btn cf-btn-danger" onClick={() => setConfirming(true)} data-testid="delete-dataset">
            Delete
          </button>
        )}
      </div>
      {error && <p className="cf-error">{error}</p>}
    </li>
  );
}

/**
 * Uploaded datasets: upload by file picker or by dropping files here (or on the canvas, through
 * importDroppedFile), with progress, import problems, preview, delete, and "Use on canvas".
 */
export function DatasetsPanel({ onUse }: { onUse?: (name: string) => void } = {}) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const { datasets, error } = useDatasets();
  const uploads = useUploads();
  const [preview, setPreview] = useState<string | null>(null);
  const [dragOver, setDragOver] = useState(false);

  const onDrop = (e: DragEvent<HTMLElement>) => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.stopPropagation();
    setDragOver(false);
    void importFiles(Array.from(e.dataTransfer.files));
  };

  return (
    <section
      className={`cf-datasets${dragOver ? ' cf-drag-over' : ''}`}
      aria-label="Datasets"
      data-testid="datasets-panel"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setDragOver(true);
        }
      }}
      onDragLeave={() => setDragOver(false)}
      onDrop={onDrop}
    >
      <header className="cf-datasets-header">
        <h2>Datasets</h2>
        <label htmlFor={inputId} className="cf-btn cf-btn-primary" tabIndex={0} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), inputRef.current?.click())}>
          Upload file
        </label>
        <input
          ref={inputRef}
          id={inputId}
          className="cf-visually-hidden"
          type="file"
          accept={ACCEPT_ATTRIBUTE}
          multiple
          data-testid="dataset-file-input"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            void importFiles(files);
          }}
        />
      </header>
      <p className="cf-muted cf-datasets-hint">CSV or Excel (.xlsx). Files stay on this computer; nothing is uploaded to a server.</p>
      {uploads.length > 0 && (
        <ul className="cf-uploads" aria-label="Uploads in progress">
          {uploads.map((u) => (
            <UploadRow key={u.id} u={u} />
          ))}
        </ul>
      )}
      {error && <p className="cf-error">Could not open the dataset store: {error}</p>}
      {datasets && datasets.length === 0 && uploads.length === 0 && (
        <div className="cf-empty-datasets" data-testid="datasets-empty">
          <p>No uploaded datasets yet.</p>
          <p className="cf-muted">Upload an HRIS or ATS export, or drop a file onto the canvas. The built-in samples are always available in the Dataset node.</p>
        </div>
      )}
      {datasets && datasets.length > 0 && (
        <ul className="cf-dataset-list" data-testid="dataset-list">
          {datasets.map((d) => (
            <DatasetCard key={d.id} d={d} onUse={onUse} onPreview={setPreview} />
          ))}
        </ul>
      )}
      {preview && <DatasetPreview name={preview} onClose={() => setPreview(null)} />}
    </section>
  );
}
