/**
 * Uploaded datasets in IndexedDB: metadata in `datasets`, bytes in `datasetBlobs`, both keyed by the
 * file name (dataset-source nodes refer to uploads by name, so a new upload with the same name
 * replaces the old one and downstream runs pick up its new fingerprint).
 */
import { openCrispflowDb, type StoredDataset } from '../persistence/db.ts';

type Listener = () => void;
const listeners = new Set<Listener>();

/** Called after every change, so panels and schema lookups refresh. */
export function onDatasetsChanged(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function changed(): void {
  for (const fn of listeners) fn();
}

/** Tells this page's listeners that the store changed elsewhere (the import worker saved a dataset). */
export function notifyDatasetsChanged(): void {
  changed();
}

export async function listDatasets(): Promise<StoredDataset[]> {
  const db = await openCrispflowDb();
  const all = await db.getAll('datasets');
  return all.sort((a, b) => b.createdAt - a.createdAt);
}

export async function getDataset(name: string): Promise<StoredDataset | undefined> {
  const db = await openCrispflowDb();
  return db.get('datasets', name);
}

export async function getDatasetBytes(name: string): Promise<Uint8Array | undefined> {
  const db = await openCrispflowDb();
  return (await db.get('datasetBlobs', name))?.bytes;
}

export async function saveDataset(record: StoredDataset, bytes: Uint8Array): Promise<void> {
  const db = await openCrispflowDb();
  const tx = db.transaction(['datasets', 'datasetBlobs'], 'readwrite');
  await Promise.all([tx.objectStore('datasetBlobs').put({ id: record.id, bytes }), tx.objectStore('datasets').put(record), tx.done]);
  changed();
}

export async function deleteDataset(name: string): Promise<void> {
  const db = await openCrispflowDb();
  const tx = db.transaction(['datasets', 'datasetBlobs'], 'readwrite');
  await Promise.all([tx.objectStore('datasetBlobs').delete(name), tx.objectStore('datasets').delete(name), tx.done]);
  changed();
}
