import { useMemo } from 'react';
import type { Document } from '../../core/ports.ts';
import { isShared } from '../../core/table/transfer.ts';
import { csvPreview, fileSize } from './csv-export-file.ts';
import { formatNumber } from './format.ts';
import { saveBlob } from './download.ts';
import './report-viewers.css';

/**
 * An exported CSV file (export-table): its name, size and first lines, and a button that saves the
 * bytes as they are (the same file `crispflow run --out` writes). The whole file is never decoded here.
 */
export function CsvExportView({ doc, bytes }: { doc: Document; bytes: Uint8Array }) {
  const fileName = typeof doc.data.fileName === 'string' ? doc.data.fileName : 'export.csv';
  const rows = typeof doc.data.rows === 'number' ? doc.data.rows : undefined;
  const columns = typeof doc.data.columns === 'number' ? doc.data.columns : undefined;
  const preview = useMemo(() => csvPreview(bytes), [bytes]);
  const save = () => {
    // A Blob cannot be made from shared memory: such bytes are copied first.
    const own = isShared(bytes) ? bytes.slice() : bytes;
    saveBlob(new Blob([own as Uint8Array<ArrayBuffer>], { type: 'text/csv;charset=utf-8' }), fileName);
  };
  return (
    <div className="cf-document-viewer cf-report-viewer" data-testid="csv-export-view">
      <h3>{fileName}</h3>
      <p>
        {rows !== undefined && columns !== undefined && (
          <>
            {formatNumber(rows)} {rows === 1 ? 'row' : 'rows'} × {formatNumber(columns)} {columns === 1 ? 'column' : 'columns'},{' '}
          </>
        )}
        {fileSize(bytes.length)}{' '}
        <button type="button" className="cf-btn cf-btn-small" data-testid="csv-export-download" onClick={save} title={`Save ${fileName}`}>
          Download {fileName}
        </button>
      </p>
      <h4>First lines</h4>
      <pre className="cf-csv-preview" data-testid="csv-export-preview" style={{ maxHeight: 320, overflow: 'auto', fontSize: 12 }}>
        {preview}
      </pre>
    </div>
  );
}
