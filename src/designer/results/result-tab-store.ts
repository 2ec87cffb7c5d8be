/**
 * Hand-over of one result to its own browser tab. The full value (a whole table, all metrics) is
 * written to a small IndexedDB store of this origin under a fresh key, and the new tab opens
 * `?result=<key>` and reads it from there. IndexedDB (not the URL, not BroadcastChannel) because
 * it survives the tab being reloaded and needs no other tab alive to answer; it never leaves the
 * machine. Snapshots older than a day are removed whenever a new one is written.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { PortType } from '../../core/ports.ts';
import { withoutSharedMemory } from '../../core/table/transfer.ts';

export const RESULT_TAB_DB = 'crispflow-result-tabs';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ResultSnapshot {
  key: string;
  savedAt: number;
  pipelineName: string;
  nodeId: string;
  nodeLabel: string;
  port: string;
  type: PortType;
  value: unknown;
}

interface ResultTabDB extends DBSchema {
  results: { key: string; value: ResultSnapshot };
}

function open(): Promise<IDBPDatabase<ResultTabDB>> {
  return openDB<ResultTabDB>(RESULT_TAB_DB, 1, {
    upgrade(db) {
      db.createObjectStore('results', { keyPath: 'key' });
    },
  });
}

/** Stores the snapshot and returns its key. Throws (DataCloneError) when the value cannot be stored. */
export async function saveResultSnapshot(snapshot: Omit<ResultSnapshot, 'key' | 'savedAt'>): Promise<string> {
  const db = await open();
  const key = crypto.randomUUID();
  const now = Date.now();
  const tx = db.transaction('results', 'readwrite');
  for (const old of await tx.store.getAll()) if (now - old.savedAt > DAY_MS) await tx.store.delete(old.key);
  // IndexedDB refuses shared memory (run results' tables live in it): stored from a private copy.
  await tx.store.put({ ...snapshot, value: withoutSharedMemory(snapshot.value), key, savedAt: now });
  await tx.done;
  db.close();
  return key;
}

export async function loadResultSnapshot(key: string): Promise<ResultSnapshot | undefined> {
  const db = await open();
  try {
    return await db.get('results', key);
  } finally {
    db.close();
  }
}

/** The address of the tab that shows a stored snapshot (same origin, same app). */
export function resultTabUrl(key: string, base: string = location.href): string {
  const url = new URL(base);
  url.search = `?result=${encodeURIComponent(key)}`;
  url.hash = '';
  return url.toString();
}
