/** The project list: pipelines and their last run summary in IndexedDB. */
import type { PipelineDocument } from '../../core/document.ts';
import { openCrispflowDb, type StoredPipeline, type StoredResults } from './db.ts';

const CURRENT_KEY = 'crispflow.currentPipeline';

export function newPipelineId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `p-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function listPipelines(): Promise<StoredPipeline[]> {
  const db = await openCrispflowDb();
  const all = await db.getAll('pipelines');
  return all.sort((a, b) => b.updatedAt - a.updatedAt);
}

export async function getPipeline(id: string): Promise<StoredPipeline | undefined> {
  return (await openCrispflowDb()).get('pipelines', id);
}

export async function savePipeline(id: string, doc: PipelineDocument): Promise<StoredPipeline> {
  const db = await openCrispflowDb();
  const tx = db.transaction('pipelines', 'readwrite');
  const prev = await tx.store.get(id);
  const now = Date.now();
  const rec: StoredPipeline = { id, name: doc.metadata.name, doc, createdAt: prev?.createdAt ?? now, updatedAt: now };
  await tx.store.put(rec);
  await tx.done;
  return rec;
}

export async function deletePipeline(id: string): Promise<void> {
  const db = await openCrispflowDb();
  const tx = db.transaction(['pipelines', 'results'], 'readwrite');
  await Promise.all([tx.objectStore('pipelines').delete(id), tx.objectStore('results').delete(id), tx.done]);
}

export async function saveResults(r: StoredResults): Promise<void> {
  await (await openCrispflowDb()).put('results', r);
}

export async function getResults(pipelineId: string): Promise<StoredResults | undefined> {
  return (await openCrispflowDb()).get('results', pipelineId);
}

export function rememberCurrent(id: string): void {
  try {
    localStorage.setItem(CURRENT_KEY, id);
  } catch {
    // Private mode: the most recent pipeline opens instead.
  }
}

export function currentPipelineId(): string | undefined {
  try {
    return localStorage.getItem(CURRENT_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}
