/**
 * Uploaded datasets read inside the pool's Web Worker, straight from the designer's IndexedDB (workers
 * have IndexedDB too). Asking the page for them instead would make its main thread read the whole file
 * out of IndexedDB and copy it into a message to the worker: for a large file, hundreds of milliseconds
 * during which the page cannot paint or answer (issue 17). The metadata and the bytes are read in one
 * transaction, so the fingerprint always belongs to the bytes.
 */
import type { DatasetBytes, DatasetRef } from '../../core/node-definition.ts';
import { openCrispflowDb } from '../../designer/persistence/db.ts';

/**
 * The upload's bytes, or undefined when this thread cannot read them (not an upload, no IndexedDB, not
 * stored in this browser yet): the caller then asks the page, which also knows the studio's workspace.
 */
export async function readUploadInWorker(ref: DatasetRef): Promise<DatasetBytes | undefined> {
  if (ref.source !== 'upload' || !ref.name || typeof indexedDB === 'undefined') return undefined;
  try {
    const db = await openCrispflowDb();
    const tx = db.transaction(['datasets', 'datasetBlobs'], 'readonly');
    const [meta, blob] = await Promise.all([tx.objectStore('datasets').get(ref.name), tx.objectStore('datasetBlobs').get(ref.name), tx.done]);
    if (!meta || !blob?.bytes) return undefined;
    return { name: meta.name, bytes: blob.bytes, fingerprint: meta.fingerprint };
  } catch {
    // IndexedDB refused (private mode, a blocked upgrade): the page's provider says what is wrong.
    return undefined;
  }
}
