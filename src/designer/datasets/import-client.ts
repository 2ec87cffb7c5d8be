/** Runs the import worker for one upload or preview and reports its progress. */
import type { Table } from '../../core/table/table.ts';
import type { UploadedDataset } from './dataset-record.ts';
import { notifyDatasetsChanged } from './dataset-store.ts';
import type { ImportPhase, ImportReply, ImportRequest } from './import-protocol.ts';

export type ImportProgress = (phase: ImportPhase, fraction: number, note?: string) => void;

function runWorker(req: ImportRequest, onProgress?: ImportProgress, signal?: AbortSignal): Promise<ImportReply & { kind: 'done' }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'dataset-import' });
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener('abort', abort);
    };
    const abort = () => {
      finish();
      reject(new DOMException('Import cancelled', 'AbortError'));
    };
    signal?.addEventListener('abort', abort);
    worker.onmessage = (e: MessageEvent<ImportReply>) => {
      const m = e.data;
      if (m.kind === 'progress') onProgress?.(m.phase, m.fraction, m.note);
      else if (m.kind === 'done') {
        finish();
        resolve(m);
      } else {
        finish();
        reject(new Error(m.message));
      }
    };
    worker.onerror = (e) => {
      finish();
      reject(new Error(`The import worker failed: ${e.message || 'unknown error'}`));
    };
    worker.postMessage(req);
  });
}

/** Reads, parses and stores an uploaded file in the worker; resolves with the stored metadata. */
export async function storeInWorker(name: string, file: Blob, onProgress?: ImportProgress): Promise<UploadedDataset> {
  const reply = await runWorker({ mode: 'store', name, file }, onProgress);
  if (!reply.record) throw new Error(`The import worker did not return the metadata of "${name}".`);
  // The worker wrote to IndexedDB: refresh the lists and schema lookups on this page.
  notifyDatasetsChanged();
  return reply.record;
}

/** Parses a stored dataset in the worker (bytes read there from IndexedDB) for a preview. */
export async function previewInWorker(name: string, onProgress?: ImportProgress, signal?: AbortSignal): Promise<Table> {
  const reply = await runWorker({ mode: 'table', name }, onProgress, signal);
  if (!reply.table) throw new Error(`The import worker did not return the table of "${name}".`);
  return reply.table;
}
