/**
 * Where the browser runner finds datasets: uploads in IndexedDB (by name), built-in samples served
 * from this same origin under /samples/. File refs belong to the command line.
 */
import { NodeError } from '../../core/errors.ts';
import { hashBytes } from '../../core/hash.ts';
import type { DatasetBytes, DatasetProvider, DatasetRef } from '../../core/node-definition.ts';
import type { ColumnSchema, TableSchema } from '../../core/table/table.ts';
import { getDataset, getDatasetBytes } from './dataset-store.ts';

interface SampleEntry {
  name: string;
  file: string;
  columns?: ColumnSchema[];
}

let sampleIndex: Promise<SampleEntry[]> | undefined;
const sampleBytes = new Map<string, Promise<DatasetBytes>>();

/** An HTML answer is the app's index page (`vite preview` and most hosts answer unknown paths with it). */
function isHtml(res: Response): boolean {
  return /text\/html/i.test(res.headers.get('content-type') ?? '');
}

function loadSampleIndex(): Promise<SampleEntry[]> {
  sampleIndex ??= fetch('/samples/index.json')
    .then((r) => (r.ok && !isHtml(r) ? (r.json() as Promise<unknown>) : []))
    .then((list) => (Array.isArray(list) ? (list as SampleEntry[]) : []))
    .catch(() => []);
  return sampleIndex;
}

function safeSampleFile(name: string): boolean {
  return /^[\w.-]+$/.test(name) && !name.startsWith('.');
}

function availableSamples(index: readonly SampleEntry[]): string {
  return index.length ? index.map((s) => s.name).join(', ') : '(none could be listed)';
}

/**
 * The file a sample ref points at: "promotion", "promotion.csv" and an index entry's name all resolve.
 * When the sample index is known, only names it lists are accepted (a misspelt name must not reach the
 * server, which would answer with the app's HTML page). Without an index, a safe file name is tried.
 */
export function resolveSampleFile(name: string, index: readonly SampleEntry[]): string {
  const entry = index.find((s) => s.file === name || s.name === name || `${s.name}.csv` === name);
  if (entry && safeSampleFile(entry.file)) return entry.file;
  if (index.length) {
    throw new NodeError(`"${name}" is not a built-in sample. Available samples: ${availableSamples(index)}.`, { field: 'name' });
  }
  const file = name.includes('.') ? name : `${name}.csv`;
  if (!safeSampleFile(file)) {
    throw new NodeError(`"${name}" is not a built-in sample name. Pick one of the samples listed in the Dataset node.`, { field: 'name' });
  }
  return file;
}

async function sampleEntry(name: string): Promise<SampleEntry | undefined> {
  const index = await loadSampleIndex();
  return index.find((s) => s.file === name || s.name === name || `${s.name}.csv` === name);
}

async function fetchSample(name: string, file: string): Promise<DatasetBytes> {
  const res = await fetch(`/samples/${encodeURIComponent(file)}`);
  if (!res.ok || isHtml(res)) {
    throw new NodeError(`The built-in sample "${name}" was not found. Available samples: ${availableSamples(await loadSampleIndex())}.`, { field: 'name' });
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { name: file, bytes, fingerprint: hashBytes(bytes) };
}

/** Fetched once per file and kept: samples never change while the app runs. */
async function readSample(name: string): Promise<DatasetBytes> {
  const file = resolveSampleFile(name, await loadSampleIndex());
  let p = sampleBytes.get(file);
  if (!p) {
    p = fetchSample(name, file);
    p.catch(() => sampleBytes.delete(file));
    sampleBytes.set(file, p);
  }
  return p;
}

function fileRefError(ref: DatasetRef): NodeError {
  return new NodeError(
    `"${ref.name}" is a file for the command-line runner. In the browser, upload it in the Datasets panel and set the source to "Uploaded file".`,
    { field: 'source' },
  );
}

export const browserDatasetProvider: DatasetProvider = {
  async read(ref: DatasetRef): Promise<DatasetBytes> {
    if (ref.source === 'sample') return readSample(ref.name);
    if (ref.source === 'upload') {
      const [meta, bytes] = await Promise.all([getDataset(ref.name), getDatasetBytes(ref.name)]);
      if (!meta || !bytes) {
        throw new NodeError(`No uploaded dataset is called "${ref.name}". Upload it in the Datasets panel, or pick one that is listed there.`, { field: 'name' });
      }
      return { name: meta.name, bytes, fingerprint: meta.fingerprint };
    }
    throw fileRefError(ref);
  },
  async fingerprint(ref: DatasetRef): Promise<string | undefined> {
    if (ref.source === 'upload') return (await getDataset(ref.name))?.fingerprint;
    if (ref.source === 'sample') {
      try {
        return (await readSample(ref.name)).fingerprint;
      } catch {
        return undefined;
      }
    }
    return undefined;
  },
  async schema(ref: DatasetRef): Promise<TableSchema | undefined> {
    if (ref.source === 'upload') {
      const meta = await getDataset(ref.name);
      return meta?.columns ? { columns: meta.columns } : undefined;
    }
    if (ref.source === 'sample') {
      const entry = await sampleEntry(ref.name);
      return entry?.columns ? { columns: entry.columns } : undefined;
    }
    return undefined;
  },
};
