/**
 * A file's bytes as a stream that can be read more than once (a CSV import reads it twice when a column
 * has to be re-read as text, and a file that turns out not to be UTF-8 is decoded again as
 * Windows-1252). Node reads a file with fs streams, the browser a File with File.stream(), and bytes
 * already in memory are handed out in subarrays (no copies).
 */

export interface ByteSource {
  /** Total size in bytes, when known (progress and the first sizing of the column builders). */
  size?: number;
  /** A fresh reading from the first byte. */
  open(): AsyncIterable<Uint8Array>;
}

/** Chunks of about 1 MiB: large enough that per-chunk work is negligible, small enough to bound memory. */
export const SOURCE_CHUNK_BYTES = 1 << 20;

export function isByteSource(x: Uint8Array | ByteSource): x is ByteSource {
  return !(x instanceof Uint8Array) && typeof (x as ByteSource).open === 'function';
}

/** Bytes in memory as a source (subarrays of `chunkBytes`). */
export function bytesSource(bytes: Uint8Array, chunkBytes = SOURCE_CHUNK_BYTES): ByteSource {
  return {
    size: bytes.length,
    async *open() {
      for (let at = 0; at < bytes.length; at += chunkBytes) yield bytes.subarray(at, Math.min(bytes.length, at + chunkBytes));
    },
  };
}

/** A Blob or File (browser, or Node's Blob) read with Blob.stream(). */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    open: () => blob.stream() as unknown as AsyncIterable<Uint8Array>,
  };
}

/** The first `n` bytes of a source (fewer when it is shorter), reading only as far as needed. */
export async function sourceHead(source: ByteSource, n: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let have = 0;
  const it = source.open()[Symbol.asyncIterator]();
  try {
    while (have < n) {
      const r = await it.next();
      if (r.done) break;
      parts.push(r.value);
      have += r.value.length;
    }
  } finally {
    await it.return?.();
  }
  return concatBytes(parts, Math.min(have, n));
}

/** The whole source in one array (for formats that cannot be streamed: an .xlsx is a zip). */
export async function sourceBytes(source: ByteSource): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let have = 0;
  for await (const c of source.open()) {
    parts.push(c);
    have += c.length;
  }
  return concatBytes(parts, have);
}

function concatBytes(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && parts[0].length === length) return parts[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    if (at >= length) break;
    const take = Math.min(p.length, length - at);
    out.set(take === p.length ? p : p.subarray(0, take), at);
    at += take;
  }
  return out;
}
