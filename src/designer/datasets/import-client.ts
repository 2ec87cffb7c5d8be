/** Runs the import worker for one file and reports its progress. */
import type { Table } from '../../core/table/table.ts';
import type { UploadedDataset } from './dataset-record.ts';
import type { ImportReply, ImportRequest } from './import-protocol.ts';

export interface ParsedUpload {
  record: UploadedDataset;
  bytes: Uint8Array;
  table?: Table;
}

export function parseInWorker(
  req: ImportRequest,
  onProgress?: (fraction: number, note?: string) => void,
  signal?: AbortSignal,
): Promise<ParsedUpload> {
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
      if (m.kind === 'progress') onProgress?.(m.fraction, m.note);
      else if (m.kind === 'done') {
        finish();
        resolve({ record: m.record, bytes: m.bytes, table: m.table });
      } else {
        finish();
        reject(new Error(m.message));
      }
    };
    worker.onerror = (e) => {
      finish();
      reject(new Error(`The import worker failed: ${e.message || 'unknown error'}`));
    };
    worker.postMessage(req, [req.bytes.buffer as ArrayBuffer]);
  });
}
