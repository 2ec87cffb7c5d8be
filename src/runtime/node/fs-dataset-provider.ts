/**
 * Datasets for the CLI and Node tests: a name is looked up in a list of folders, in order (the CLI
 * passes --data, the pipeline's folder, then the built-in samples). Fingerprints hash the content,
 * remembered per path, size and modification time so a file is hashed once.
 */
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { NodeError } from '../../core/errors.ts';
import type { DatasetBytes, DatasetProvider, DatasetRef } from '../../core/node-definition.ts';
import type { TableSchema } from '../../core/table/table.ts';
import type { ByteSource } from '../../io/byte-source.ts';
import { previewSchema } from '../../io/import.ts';
import { hashSource } from '../../io/source-hash.ts';
import { parseSnapshotName } from '../../core/dataset-refs.ts';
import { resolveSnapshotFile } from '../../connectors/snapshot-store.ts';
import { fileByteSource, fileDataset } from './file-dataset.ts';

export { adoptFileDataset, fileByteSource, fileDataset } from './file-dataset.ts';

export interface FsDatasetProvider extends DatasetProvider {
  /** The file a ref resolves to, or undefined. */
  locate(ref: DatasetRef): Promise<string | undefined>;
  /**
   * The dataset as a stream of its file's bytes (importTable reads it chunk by chunk: the file is never
   * held whole in memory), for Node callers that import a file themselves.
   */
  readSource(ref: DatasetRef): Promise<{ name: string; file: string; source: ByteSource }>;
  readonly dirs: readonly string[];
}

/**
 * How much of a CSV's head `validate` and the compiler read for column names and types: about a thousand
 * rows of a typical HR export. Parsing 256 KB cold cost ~120 ms of `crispflow validate`'s start (issue 12
 * asks for 0.3 s in all); 64 KB costs ~30 ms. The run itself imports the whole file.
 */
const SCHEMA_PREVIEW_BYTES = 64 * 1024;

/** Names stay inside the folders: no absolute paths, no "..". */
function safeRelative(name: string): string | undefined {
  if (!name || path.isAbsolute(name) || /^[a-z]:/i.test(name)) return undefined;
  const normal = path.normalize(name);
  if (normal.startsWith('..') || normal.split(/[\\/]/).includes('..')) return undefined;
  return normal;
}

/** Sample refs may omit the extension ("promotion" → promotion.csv). */
function candidateNames(ref: DatasetRef): string[] {
  const names = [ref.name];
  if (!path.extname(ref.name)) names.push(`${ref.name}.csv`, `${ref.name}.xlsx`);
  return names;
}

export function createFsDatasetProvider(dirs: string[]): FsDatasetProvider {
  const folders = dirs.map((d) => path.resolve(d));
  const fingerprints = new Map<string, { size: number; mtimeMs: number; fingerprint: string }>();

  async function locate(ref: DatasetRef): Promise<string | undefined> {
    // snapshot:<connection>/<latest|id>: a pulled snapshot under <folder>/snapshots (a workspace given as --data).
    if (parseSnapshotName(ref.name)) {
      for (const dir of folders) {
        const file = await resolveSnapshotFile(dir, ref.name);
        if (file) return file;
      }
      return undefined;
    }
    for (const name of candidateNames(ref)) {
      const rel = safeRelative(name);
      if (!rel) return undefined;
      for (const dir of folders) {
        const file = path.join(dir, rel);
        const s = await stat(file).catch(() => undefined);
        if (s?.isFile()) return file;
      }
    }
    return undefined;
  }

  function notFound(ref: DatasetRef): NodeError {
    const snap = parseSnapshotName(ref.name);
    if (snap) {
      return new NodeError(
        'problem' in snap
          ? `Dataset name "${ref.name}" is not usable: ${snap.problem}.`
          : `No snapshot "${snap.snapshot}" of connection "${snap.connection}" was found under snapshots/${snap.connection}/ in: ${folders.join(', ') || '(no folders)'}. ` +
              `Pull it first (crispflow pull <connection.json> --workspace <dir>) and pass the workspace with --data <dir>.`,
        { field: 'name' },
      );
    }
    if (!safeRelative(ref.name)) {
      return new NodeError(
        `Dataset name "${ref.name}" must be a file name inside the data folders (no absolute path, no ".."). Use --data to point at the folder instead.`,
        { field: 'name' },
      );
    }
    return new NodeError(
      `Dataset "${ref.name}" was not found. Looked in: ${folders.join(', ') || '(no folders)'}. ` +
        `Put the file in one of them or pass its folder with --data.`,
      { field: 'name' },
    );
  }

  /** The content hash of a file (streamed: the file is not held whole), remembered by size and modification time. */
  async function fingerprintOf(file: string): Promise<{ fingerprint: string; size: number }> {
    const s = await stat(file);
    const known = fingerprints.get(file);
    if (known && known.size === s.size && known.mtimeMs === s.mtimeMs) return known;
    const fingerprint = await hashSource(fileByteSource(file, s.size));
    const entry = { size: s.size, mtimeMs: s.mtimeMs, fingerprint };
    fingerprints.set(file, entry);
    return entry;
  }

  return {
    dirs: folders,
    locate,
    async read(ref: DatasetRef): Promise<DatasetBytes> {
      const file = await locate(ref);
      if (!file) throw notFound(ref);
      const { fingerprint, size } = await fingerprintOf(file);
      return fileDataset(path.basename(file), file, size, fingerprint);
    },
    async readSource(ref: DatasetRef) {
      const file = await locate(ref);
      if (!file) throw notFound(ref);
      const { size } = await stat(file);
      return { name: path.basename(file), file, source: fileByteSource(file, size) };
    },
    async fingerprint(ref: DatasetRef): Promise<string | undefined> {
      const file = await locate(ref);
      return file ? (await fingerprintOf(file)).fingerprint : undefined;
    },
    async schema(ref: DatasetRef): Promise<TableSchema | undefined> {
      const file = await locate(ref);
      if (!file) return undefined;
      if (/\.xlsx?$/i.test(file)) {
        // A workbook is a zip: its head alone cannot be read.
        const bytes = await readFile(file).catch(() => undefined);
        return bytes ? previewSchema(new Uint8Array(bytes), { fileName: path.basename(file) }).catch(() => undefined) : undefined;
      }
      // Only the head of a CSV: enough for names and types.
      const handle = await open(file, 'r');
      try {
        const head = new Uint8Array(SCHEMA_PREVIEW_BYTES + 1);
        const { bytesRead } = await handle.read(head, 0, head.length, 0);
        return await previewSchema(head.subarray(0, bytesRead), { fileName: path.basename(file) }, SCHEMA_PREVIEW_BYTES);
      } catch {
        return undefined;
      } finally {
        await handle.close();
      }
    },
  };
}
