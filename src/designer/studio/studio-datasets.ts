/**
 * Datasets in studio mode: the workspace's datasets/ folder is their home, IndexedDB a working copy the
 * import worker, the previews and the runner read as before. The mirror (installed into dataset-store.ts)
 *   - copies workspace datasets the browser lacks, or holds in another version, into IndexedDB (at start,
 *     when the tab becomes visible again, and on demand when a run asks for one by name);
 *   - saves each upload in the workspace once it has imported cleanly;
 *   - removes a dataset from the workspace when it is deleted in the Datasets panel;
 *   - marks listed datasets with `location: "workspace"` or `"browser"` (uploaded before the studio, this browser only).
 */
import type { StoredDataset } from '../persistence/db.ts';
import type { DatasetMirror } from '../datasets/dataset-store.ts';
import { storeInWorker } from '../datasets/import-client.ts';
import { studioFetch, studioJson } from './studio-client.ts';

export interface WorkspaceDataset {
  name: string;
  size: number;
  modifiedAt: string;
  fingerprint: string;
}

const url = (name: string) => `/api/datasets/${encodeURIComponent(name)}`;

export const listWorkspaceDatasets = async (): Promise<WorkspaceDataset[]> => (await studioJson<{ datasets: WorkspaceDataset[] }>('/api/datasets')).datasets;

/** Reads local records through `getLocal` (IndexedDB, without the mirror). */
export function createStudioDatasetMirror(getLocal: (name: string) => Promise<StoredDataset | undefined>): DatasetMirror & { sync(): Promise<string[]> } {
  let known = new Map<string, WorkspaceDataset>();
  let syncing: Promise<string[]> | undefined;
  const fetching = new Map<string, Promise<boolean>>();

  async function copyIn(d: WorkspaceDataset): Promise<boolean> {
    let p = fetching.get(d.name);
    if (!p) {
      p = (async () => {
        const res = await studioFetch(url(d.name));
        await storeInWorker(d.name, await res.blob());
        return true;
      })().finally(() => fetching.delete(d.name));
      fetching.set(d.name, p);
    }
    return p;
  }

  async function refreshList(): Promise<WorkspaceDataset[]> {
    const list = await listWorkspaceDatasets();
    known = new Map(list.map((d) => [d.name, d]));
    return list;
  }

  return {
    /** Copies every new or changed workspace dataset into IndexedDB; returns the names copied. */
    sync() {
      syncing ??= (async () => {
        const copied: string[] = [];
        for (const d of await refreshList()) {
          const local = await getLocal(d.name);
          if (local?.fingerprint === d.fingerprint) continue;
          try {
            await copyIn(d);
            copied.push(d.name);
          } catch {
            // A file that does not import (not a table) stays in the workspace; it is reported when used.
          }
        }
        return copied;
      })().finally(() => (syncing = undefined));
      return syncing;
    },
    annotate(list) {
      return list.map((d) => ({ ...d, location: known.has(d.name) ? 'workspace' : 'browser' }));
    },
    async fetchMissing(name) {
      const d = known.get(name) ?? (await refreshList()).find((x) => x.name === name);
      return d ? copyIn(d) : false;
    },
    async saved(name, file) {
      const res = await studioFetch(url(name), { method: 'PUT', body: file, headers: { 'Content-Type': 'application/octet-stream' } });
      const { dataset } = (await res.json()) as { dataset: WorkspaceDataset };
      known.set(dataset.name, dataset);
    },
    async removed(name) {
      if (!known.has(name)) return;
      await studioFetch(url(name), { method: 'DELETE' });
      known.delete(name);
    },
  };
}
