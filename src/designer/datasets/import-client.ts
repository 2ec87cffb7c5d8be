/** Runs the import worker for one upload or preview and reports its progress. */
import type { Table } from '../../core/table/table.ts';
import type { UploadedDataset } from './dataset-record.ts';
import { notifyDatasetsChanged } from './dataset-store.ts';
import type { ImportPhase, ImportReply, ImportRequest } from './import-protocol.ts';

export type ImportProgress = (phase: ImportPhase, fraction: number, note?: string) => void;

type Done = ImportReply & { kind: 'done' };

const startWorker = () => new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'dataset-import' });

/**
 * Sends one request to `worker` and settles with its answer. `end(crashed)` is called once it settles:
 * `crashed` when the worker failed or the request was cancelled (the worker is then unusable).
 */
function ask(worker: Worker, req: ImportRequest, end: (crashed: boolean) => void, onProgress?: ImportProgress, signal?: AbortSignal): Promise<Done> {
  return new Promise((resolve, reject) => {
    const finish = (crashed: boolean) => {
      worker.onmessage = null;
      worker.onerror = null;
      signal?.removeEventListener('abort', abort);
      end(crashed);
    };
    const abort = () => {
      finish(true);
      reject(new DOMException('Import cancelled', 'AbortError'));
    };
    signal?.addEventListener('abort', abort);
    worker.onmessage = (e: MessageEvent<ImportReply>) => {
      const m = e.data;
      if (m.kind === 'progress') onProgress?.(m.phase, m.fraction, m.note);
      else if (m.kind === 'done') {
        finish(false);
        resolve(m);
      } else {
        finish(false);
        reject(new Error(m.message));
      }
    };
    worker.onerror = (e) => {
      finish(true);
      reject(new Error(`The import worker failed: ${e.message || 'unknown error'}`));
    };
    worker.postMessage(req);
  });
}

/** One request in a worker of its own, ended with it. */
function runWorker(req: ImportRequest, onProgress?: ImportProgress, signal?: AbortSignal): Promise<Done> {
  const worker = startWorker();
  return ask(worker, req, () => worker.terminate(), onProgress, signal);
}

function storedRecord(name: string, reply: Done): UploadedDataset {
  if (!reply.record) throw new Error(`The import worker did not return the metadata of "${name}".`);
  // The worker wrote to IndexedDB: refresh the lists and schema lookups on this page.
  notifyDatasetsChanged();
  return reply.record;
}

/** Reads, parses and stores an uploaded file in the worker; resolves with the stored metadata. */
export async function storeInWorker(name: string, file: Blob, onProgress?: ImportProgress): Promise<UploadedDataset> {
  return storedRecord(name, await runWorker({ mode: 'store', name, file }, onProgress));
}

/**
 * One import worker for a series of studio copies, one at a time: started for the first, ended when none
 * is left (a worker that parsed a large file holds a large heap). Starting a worker costs the page's
 * thread a little each time; a queue of copies pays it once.
 */
export interface ImportLane {
  /** Fetches a workspace file in the worker (`url` on the studio API, with the session token), parses and stores it. */
  copyFromStudio(name: string, url: string, token: string | undefined): Promise<UploadedDataset>;
}

export function createImportLane(): ImportLane {
  let worker: Worker | undefined;
  let waiting = 0;
  let tail: Promise<unknown> = Promise.resolve();
  return {
    copyFromStudio(name, url, token) {
      waiting++;
      const job = tail.then(() => {
        worker ??= startWorker();
        const w = worker;
        return ask(w, { mode: 'copy', name, url, token }, (crashed) => {
          waiting--;
          if (crashed || waiting === 0) {
            w.terminate();
            if (worker === w) worker = undefined;
          }
        });
      });
      tail = job.catch(() => undefined);
      return job.then((reply) => storedRecord(name, reply));
    },
  };
}

/** Parses a stored dataset in the worker (bytes read there from IndexedDB) for a preview. */
export async function previewInWorker(name: string, onProgress?: ImportProgress, signal?: AbortSignal): Promise<Table> {
  const reply = await runWorker({ mode: 'table', name }, onProgress, signal);
  if (!reply.table) throw new Error(`The import worker did not return the table of "${name}".`);
  return reply.table;
}
