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

function loadSampleIndex(): Promise<SampleEntry[]> {
  sampleIndex ??= fetch('/samples/index.json')
    .then((r) => (r.ok ? (r.json() as Promise<SampleEntry[]>) : []))
    .catch(() => []);
  return sampleIndex;
}

/** The sample's file: "promotion", "promotion.csv" and an index entry's name all resolve. */
async function sampleEntry(name: string): Promise<SampleEntry | undefined> {
  const index = await loadSampleIndex();
  return index.find((s) => s.file === name || s.name === name || `${s.name}.csv` === name);
}

function safeSampleFile(name: string): boolean {
  return /^[\w.-]+$/.test(name) && !name.startsWith('.');
}

/** The file a sample ref points at ("promotion", "promotion.csv" or an index entry's name). */
async function sampleFile(name: string): Promise<string> {
  const entry = await sampleEntry(name);
  const file = entry?.file ?? (name.includes('.') ? name : `${name}.csv`);
  if (!safeSampleFile(file)) {
    throw new NodeError(`"${name}" is not a built-in sample name. Pick one of the samples listed in the Dataset node.`, { field: 'name' });
  }
  return file;
}

async function fetchSample(name: string, file: string): Promise<DatasetBytes> {
  const res = await fetch(`/samples/${encodeURIComponent(file)}`);
  if (!res.ok) {
    const known = (await loadSampleIndex()).map((s) => s.file).join(', ');
    throw new NodeError(`The built-in sample "${name}" was not found. Available samples: ${known || '(none)'}.`, { field: 'name' });
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { name: file, bytes, fingerprint: hashBytes(bytes) };
}

/** Fetched once per file and kept: samples never change while the app runs. */
async function readSample(name: string): Promise<DatasetBytes> {
  const file = await sampleFile(name);
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
