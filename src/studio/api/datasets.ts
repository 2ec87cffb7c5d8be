/**
 * Workspace datasets (files in <workspace>/datasets), by file name:
 *   GET    /api/datasets          → { datasets: [{ name, size, modifiedAt, fingerprint }] }
 *   GET    /api/datasets/:name    → the file's bytes (streamed), with its fingerprint in X-Crispflow-Fingerprint
 *   PUT    /api/datasets/:name    ← the file's bytes (streamed to disk, at most limits.maxDatasetBytes) → 201/200 { dataset }
 *   DELETE /api/datasets/:name    → 204
 * The fingerprint is the designer's (core/hash hashBytes), so the designer can tell a changed file.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { hashBytes } from '../../core/hash.ts';
import type { StudioContext } from '../studio-context.ts';
import { resolveInside } from '../workspace/safe-path.ts';
import { StreamAbortedError, StreamTooLargeError, writeStreamAtomic } from '../workspace/stream-write.ts';
import { auditWorkspace } from '../workspace/workspace-audit.ts';
import { ApiError, json, type RouteModule } from './router.ts';

export const DATASET_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface WorkspaceDataset {
  name: string;
  size: number;
  modifiedAt: string;
  fingerprint: string;
}

/** Fingerprints by path, kept while size and modification time stay the same (hashing 100 MB takes ~30 ms). */
const fingerprints = new Map<string, { size: number; mtimeMs: number; fingerprint: string }>();

async function fingerprintOf(file: string, size: number, mtimeMs: number): Promise<string> {
  const known = fingerprints.get(file);
  if (known && known.size === size && known.mtimeMs === mtimeMs) return known.fingerprint;
  const fingerprint = hashBytes(await readFile(file));
  fingerprints.set(file, { size, mtimeMs, fingerprint });
  return fingerprint;
}

const isDatasetFile = (name: string) => !name.startsWith('.') && path.extname(name).toLowerCase() in DATASET_TYPES;

async function describe(file: string, name: string): Promise<WorkspaceDataset> {
  const s = await stat(file);
  return { name, size: s.size, modifiedAt: s.mtime.toISOString(), fingerprint: await fingerprintOf(file, s.size, s.mtimeMs) };
}

export async function listWorkspaceDatasets(studio: StudioContext): Promise<WorkspaceDataset[]> {
  const out: WorkspaceDataset[] = [];
  for (const entry of await readdir(studio.workspace.datasets, { withFileTypes: true })) {
    if (!entry.isFile() || !isDatasetFile(entry.name)) continue; // symlinks and folders are not listed
    const file = path.join(studio.workspace.datasets, entry.name);
    try {
      out.push(await describe(file, entry.name));
    } catch {
      // Removed while listing: not a dataset any more.
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

async function datasetPath(studio: StudioContext, name: string): Promise<string> {
  const file = await resolveInside(studio.workspace.datasets, name, { what: 'dataset name' });
  if (!isDatasetFile(name)) {
    throw new ApiError(400, `"${name.slice(0, 100)}" is not a dataset file name. Use a name ending in ${Object.keys(DATASET_TYPES).join(', ')}.`);
  }
  return file;
}

const notFound = (name: string) =>
  new ApiError(404, `The workspace has no dataset called "${name.slice(0, 100)}". Upload it in the Datasets panel, or copy the file into the workspace's datasets folder.`);

export const datasetRoutes: RouteModule = (studio) => [
  {
    method: 'GET',
    path: '/api/datasets',
    handle: async () => json(200, { datasets: await listWorkspaceDatasets(studio) }),
  },
  {
    method: 'GET',
    path: '/api/datasets/:name',
    async handle(req) {
      const file = await datasetPath(studio, req.params.name);
      let meta: WorkspaceDataset;
      try {
        if (!(await stat(file)).isFile()) throw notFound(req.params.name);
        meta = await describe(file, req.params.name);
      } catch (e) {
        if (e instanceof ApiError) throw e;
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw notFound(req.params.name);
        throw e;
      }
      return {
        status: 200,
        stream: createReadStream(file),
        headers: {
          'content-type': DATASET_TYPES[path.extname(file).toLowerCase()],
          'content-length': String(meta.size),
          'x-crispflow-fingerprint': meta.fingerprint,
          'last-modified': new Date(meta.modifiedAt).toUTCString(),
        },
      };
    },
  },
  {
    method: 'PUT',
    path: '/api/datasets/:name',
    async handle(req) {
      const file = await datasetPath(studio, req.params.name);
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (declared > studio.limits.maxDatasetBytes) throw tooLarge(studio);
      const existed = await stat(file).then(() => true, () => false);
      try {
        await writeStreamAtomic(file, req.raw, studio.limits.maxDatasetBytes);
      } catch (e) {
        if (e instanceof StreamTooLargeError) throw tooLarge(studio);
        if (e instanceof StreamAbortedError) throw new ApiError(400, `${e.message} The dataset "${req.params.name}" was not changed.`);
        throw e;
      }
      const dataset = await describe(file, req.params.name);
      await auditWorkspace(studio, 'note', { event: existed ? 'dataset-replaced' : 'dataset-added', name: dataset.name, size: dataset.size, fingerprint: dataset.fingerprint });
      return json(existed ? 200 : 201, { dataset });
    },
  },
  {
    method: 'DELETE',
    path: '/api/datasets/:name',
    async handle(req) {
      const file = await datasetPath(studio, req.params.name);
      let before: WorkspaceDataset;
      try {
        before = await describe(file, req.params.name);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw notFound(req.params.name);
        throw e;
      }
      await rm(file);
      await auditWorkspace(studio, 'note', { event: 'dataset-removed', name: before.name, size: before.size, fingerprint: before.fingerprint });
      return { status: 204 };
    },
  },
];

function tooLarge(studio: StudioContext): ApiError {
  return new ApiError(413, `The dataset is larger than the studio's limit of ${Math.round(studio.limits.maxDatasetBytes / 1024 / 1024)} MB; nothing was saved.`, { connection: 'close' });
}
