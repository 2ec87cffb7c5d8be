/**
 * Datasets in studio mode: the workspace's datasets/ folder is their home, IndexedDB a working copy the
 * import worker, the previews and the runner read as before. The mirror (installed into dataset-store.ts)
 *   - copies workspace datasets the browser lacks, or holds in another version, into IndexedDB (at start,
 *     when the tab becomes visible again, and on demand when a run asks for one by name);
 *   - saves each upload in the workspace once it has imported cleanly;
 *   - removes a dataset from the workspace when it is deleted in the Datasets panel;
 *   - marks listed datasets with `location: "workspace"` or `"browser"` (uploaded before the studio, this browser only).
 * A copy happens entirely in an import worker (fetch, fingerprint, parse, IndexedDB write): a large file's
 * bytes never reach the page, whose thread must stay free to paint (issue 17). Copies queue for a few such
 * workers (the spare cores, at most three), the file a run or a schema lookup waits for first.
 */
import type { StoredDataset } from '../persistence/db.ts';
import type { DatasetMirror } from '../datasets/dataset-store.ts';
import { createImportLane, type ImportLane } from '../datasets/import-client.ts';
import { createCopyQueue } from './copy-queue.ts';
import { studioFetch, studioJson } from './studio-client.ts';
import { studioToken } from './studio-token.ts';

export interface WorkspaceDataset {
  name: string;
  size: number;
  modifiedAt: string;
  fingerprint: string;
}

const url = (name: string) => `/api/datasets/${encodeURIComponent(name)}`;

export const listWorkspaceDatasets = async (): Promise<WorkspaceDataset[]> => (await studioJson<{ datasets: WorkspaceDataset[] }>('/api/datasets')).datasets;

/** Workers copying at once: the cores left beside the page's, at least one, at most three. */
export function copyLanes(cores = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2): number {
  return Math.max(1, Math.min(3, cores - 1));
}

/**
 * Reads local records through `getLocal` (IndexedDB, without the mirror); `lanes` are the import workers
 * copying files (tests pass their own).
 */
export function createStudioDatasetMirror(
  getLocal: (name: string) => Promise<StoredDataset | undefined>,
  lanes: ImportLane[] = Array.from({ length: copyLanes() }, createImportLane),
): DatasetMirror & { sync(): Promise<string[]> } {
  let known = new Map<string, WorkspaceDataset>();
  let syncing: Promise<string[]> | undefined;
  const queue = createCopyQueue<boolean>(lanes.length);

  const copyIn = (d: WorkspaceDataset, urgent = false): Promise<boolean> =>
    queue.run(d.name, (lane) => lanes[lane].copyFromStudio(d.name, url(d.name), studioToken()).then(() => true), { urgent });

  async function refreshList(): Promise<WorkspaceDataset[]> {
    const list = await listWorkspaceDatasets();
    known = new Map(list.map((d) => [d.name, d]));
    return list;
  }

  return {
    /** Copies every new or changed workspace dataset into IndexedDB; returns the names copied. */
    sync() {
      syncing ??= (async () => {
        const changed: WorkspaceDataset[] = [];
        for (const d of await refreshList()) if ((await getLocal(d.name))?.fingerprint !== d.fingerprint) changed.push(d);
        // Queued together (the queue keeps to its lanes); a file that does not import (not a table) stays
        // in the workspace and is reported when used.
        const done = await Promise.allSettled(changed.map((d) => copyIn(d)));
        return changed.filter((_, i) => done[i].status === 'fulfilled').map((d) => d.name);
      })().finally(() => (syncing = undefined));
      return syncing;
    },
    annotate(list) {
      return list.map((d) => ({ ...d, location: known.has(d.name) ? 'workspace' : 'browser' }));
    },
    async fetchMissing(name) {
      const d = known.get(name) ?? (await refreshList()).find((x) => x.name === name);
      return d ? copyIn(d, true) : false;
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
