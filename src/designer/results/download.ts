/**
 * Saving results as files, entirely in the browser: a Blob and an object URL clicked as a download
 * link. Nothing is sent anywhere.
 */
import type { Table } from '../../core/table/table.ts';
import { tableToCsv } from '../../io/csv-export.ts';

/** Tables above this many cells are converted to CSV in a worker so the page stays responsive. */
const WORKER_CELLS = 200_000;

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the browser has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A safe file name from a node or dataset name (no path separators or control characters). */
export function csvFileName(base: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/^\.+/, '').trim() || 'table';
  return clean.toLowerCase().endsWith('.csv') ? clean : `${clean}.csv`;
}

/** The table as CSV text with spreadsheet formulas neutralised (see src/io/csv-export.ts). */
export async function tableToCsvBlob(table: Table): Promise<Blob> {
  const cells = table.nRows * table.columns.length;
  if (cells > WORKER_CELLS && typeof Worker !== 'undefined') {
    try {
      return await csvInWorker(table);
    } catch {
      // fall through to the main thread: slower, but the user still gets the file
    }
  }
  return new Blob([tableToCsv(table)], { type: 'text/csv;charset=utf-8' });
}

function csvInWorker(table: Table): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./csv-export.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<{ blob?: Blob; error?: string }>) => {
      worker.terminate();
      if (e.data.blob) resolve(e.data.blob);
      else reject(new Error(e.data.error ?? 'CSV export failed'));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message));
    };
    // Only the columns and row count: the sparse block and weights are not part of the CSV.
    worker.postMessage({ table: { nRows: table.nRows, columns: table.columns } });
  });
}

export async function downloadTableCsv(table: Table, baseName: string): Promise<void> {
  saveBlob(await tableToCsvBlob(table), csvFileName(baseName));
}
