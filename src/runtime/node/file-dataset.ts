/**
 * Datasets read in place from files (Node): a file as a ByteSource streamed with fs, and a dataset that
 * streams its file instead of holding it (issue 17). Kept apart from fs-dataset-provider.ts so a worker
 * thread can adopt datasets without loading the provider's lookup and schema preview.
 */
import { createReadStream, readFileSync } from 'node:fs';
import type { DatasetBytes } from '../../core/node-definition.ts';
import { SOURCE_CHUNK_BYTES, type ByteSource } from '../../io/byte-source.ts';

/** A file read with an fs stream in chunks of SOURCE_CHUNK_BYTES; each open() reads it from the start. */
export function fileByteSource(file: string, size?: number): ByteSource {
  return {
    size,
    open: () => createReadStream(file, { highWaterMark: SOURCE_CHUNK_BYTES }) as AsyncIterable<Uint8Array>,
  };
}

/**
 * A dataset read in place (issue 17): `name`, `fingerprint` and the `file` (path and size) are its plain
 * data, all a worker thread gets when the dataset is sent to it (adoptFileDataset makes it whole there
 * again). `source` streams the file and `bytes` reads it whole on first use only, so an import never holds
 * it; both are non-enumerable: copying the dataset into a message leaves them out instead of reading it.
 */
export function fileDataset(name: string, file: string, size: number, fingerprint: string): DatasetBytes {
  const d = { name, fingerprint, file: { path: file, size } } as DatasetBytes;
  let bytes: Uint8Array | undefined;
  Object.defineProperty(d, 'source', { value: fileByteSource(file, size), enumerable: false });
  Object.defineProperty(d, 'bytes', {
    enumerable: false,
    get() {
      if (!bytes) {
        const buf = readFileSync(file);
        bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      }
      return bytes;
    },
  });
  return d;
}

/** A dataset that came from another thread as a file reference (fileDataset's plain data): readable here again. */
export function adoptFileDataset(d: DatasetBytes): DatasetBytes {
  return d.file && !d.source ? fileDataset(d.name, d.file.path, d.file.size, d.fingerprint) : d;
}
