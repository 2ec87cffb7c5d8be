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

/**
 * A second home for datasets: the studio's workspace (src/designer/studio/studio-datasets.ts), installed
 * on this page when a studio answers. IndexedDB stays the working copy everything here reads.
 */
export interface DatasetMirror {
  /** Marks where each listed dataset lives. */
  annotate(list: StoredDataset[]): StoredDataset[];
  /** Copies a dataset the mirror has into IndexedDB; false when it has none of that name. */
  fetchMissing(name: string): Promise<boolean>;
  /** An upload imported cleanly: keep it in the mirror too. */
  saved(name: string, file: Blob): Promise<void>;
  removed(name: string): Promise<void>;
}

let mirror: DatasetMirror | undefined;

export function setDatasetMirror(m: DatasetMirror | undefined): void {
  mirror = m;
  changed();
}

export const datasetMirror = (): DatasetMirror | undefined => mirror;

export async function listDatasets(): Promise<StoredDataset[]> {
  const db = await openCrispflowDb();
  const all = (await db.getAll('datasets')).sort((a, b) => b.createdAt - a.createdAt);
  return mirror ? mirror.annotate(all) : all;
}

/** The stored record of `name`; in studio mode a workspace dataset not yet in this browser is copied in first. */
export async function getDataset(name: string): Promise<StoredDataset | undefined> {
  const db = await openCrispflowDb();
  const local = await db.get('datasets', name);
  if (local || !mirror || !(await mirror.fetchMissing(name))) return local;
  return db.get('datasets', name);
}

/** The record in IndexedDB only (what the mirror compares with). */
export async function getLocalDataset(name: string): Promise<StoredDataset | undefined> {
  const db = await openCrispflowDb();
  return db.get('datasets', name);
}

export async function getDatasetBytes(name: string): Promise<Uint8Array | undefined> {
  const db = await openCrispflowDb();
  const local = (await db.get('datasetBlobs', name))?.bytes;
  if (local || !mirror || !(await mirror.fetchMissing(name))) return local;
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
  try {
    await mirror?.removed(name);
  } finally {
    changed();
  }
}
