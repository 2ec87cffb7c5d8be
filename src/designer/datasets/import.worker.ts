/// <reference lib="webworker" />
/**
 * Does all the work of an upload, a studio workspace file's copy or a preview off the main thread: reading
 * the file (or fetching it from the studio), fingerprint, import (CSV or Excel, with the problem report),
 * the stored metadata, and the IndexedDB write (or read) of the bytes. One worker may take several
 * requests, one after another. A preview table's typed arrays travel back as transfers, so nothing large is
 * copied on the page.
 */
import { hashBytes } from '../../core/hash.ts';
import type { Table } from '../../core/table/table.ts';
import { importTable } from '../../io/import.ts';
import { datasetRecord } from './dataset-record.ts';
import { getDatasetBytes, saveDataset } from './dataset-store.ts';
import type { ImportPhase, ImportReply, ImportRequest } from './import-protocol.ts';
import { fetchStudioFile } from './fetch-studio-file.ts';
import { readBlob } from './read-blob.ts';

const post = (msg: ImportReply, transfer: Transferable[] = []) => self.postMessage(msg, transfer);

function tableTransfers(t: Table): Transferable[] {
  const out: ArrayBuffer[] = [];
  for (const c of t.columns) {
    if (c.type === 'category') out.push(c.codes.buffer as ArrayBuffer);
    else if (c.type !== 'text') out.push(c.values.buffer as ArrayBuffer);
  }
  if (t.weights) out.push(t.weights.buffer as ArrayBuffer);
  // typed arrays may share a buffer; each can be transferred once
  return [...new Set(out)];
}

/** Progress messages at most every 80 ms per phase (each one re-renders the panel). */
function progress(phase: ImportPhase): (fraction: number, note?: string) => void {
  let last = -Infinity;
  return (fraction, note) => {
    const now = performance.now();
    if (now - last < 80 && fraction < 1) return;
    last = now;
    post({ kind: 'progress', phase, fraction, note });
  };
}

async function store(name: string, file: Blob): Promise<void> {
  const reading = progress('reading');
  await storeBytes(name, await readBlob(file, (f) => reading(f, 'Reading the file')));
}

async function copyFromStudio(name: string, url: string, token: string | undefined): Promise<void> {
  const reading = progress('reading');
  await storeBytes(name, await fetchStudioFile(url, token, (f) => reading(f, 'Copying from the studio workspace')));
}

async function storeBytes(name: string, bytes: Uint8Array): Promise<void> {
  const fingerprint = hashBytes(bytes);
  const result = await importTable(bytes, { fileName: name, onProgress: progress('parsing') });
  const record = datasetRecord({ name, size: bytes.byteLength, fingerprint, result });
  post({ kind: 'progress', phase: 'saving', fraction: 0, note: 'Saving on this computer' });
  await saveDataset(record, bytes);
  post({ kind: 'done', record });
}

async function preview(name: string): Promise<void> {
  const bytes = await getDatasetBytes(name);
  if (!bytes) throw new Error(`The stored file for "${name}" is missing. Upload it again.`);
  const result = await importTable(bytes, { fileName: name, onProgress: progress('parsing') });
  post({ kind: 'done', table: result.table }, tableTransfers(result.table));
}

self.onmessage = async (e: MessageEvent<ImportRequest>) => {
  const req = e.data;
  try {
    if (req.mode === 'store') await store(req.name, req.file);
    else if (req.mode === 'copy') await copyFromStudio(req.name, req.url, req.token);
    else await preview(req.name);
  } catch (err) {
    post({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
