/**
 * Hashes for cache keys and fingerprints. Not cryptographic: 64 bits from two independent 32-bit
 * lanes is plenty to tell pipeline steps and dataset versions apart.
 */

/**
 * A canonical string for a JSON-like value: object keys sorted, `undefined` properties left out (as
 * JSON does), so two equal values always give the same string. Non-finite numbers are written bare
 * (NaN, Infinity) so they do not collide with null; typed arrays are written as plain arrays; a value
 * met again inside itself becomes "[Circular]" instead of recursing forever.
 */
export function stableStringify(value: unknown): string {
  const parts: string[] = [];
  write(value, parts, new Set());
  return parts.join('');
}

function write(value: unknown, out: string[], seen: Set<object>): void {
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'number':
      out.push(String(value)); // finite numbers as JSON writes them; NaN, Infinity, -Infinity bare
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'bigint':
      out.push(`${value}n`);
      return;
    case 'undefined':
    case 'function':
    case 'symbol':
      out.push('null');
      return;
  }
  if (value === null) {
    out.push('null');
    return;
  }
  const obj = value as object;
  if (seen.has(obj)) {
    out.push('"[Circular]"');
    return;
  }
  seen.add(obj);
  if (Array.isArray(obj)) {
    out.push('[');
    for (let i = 0; i < obj.length; i++) {
      if (i > 0) out.push(',');
      write(obj[i], out, seen);
    }
    out.push(']');
  } else if (ArrayBuffer.isView(obj)) {
    const arr = obj instanceof DataView ? new Uint8Array(obj.buffer, obj.byteOffset, obj.byteLength) : obj;
    out.push('[');
    out.push(Array.from(arr as unknown as ArrayLike<number | bigint>, (x) => String(x)).join(','));
    out.push(']');
  } else if (obj instanceof Date) {
    out.push(JSON.stringify(Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString()));
  } else {
    const rec = obj as Record<string, unknown>;
    const keys = Object.keys(rec).sort();
    out.push('{');
    let first = true;
    for (const k of keys) {
      const v = rec[k];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      if (!first) out.push(',');
      first = false;
      out.push(JSON.stringify(k), ':');
      write(v, out, seen);
    }
    out.push('}');
  }
  seen.delete(obj);
}

function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** 64-bit hash of a string as 16 hex characters (cyrb53's two lanes, both kept whole). */
export function hashString(s: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return hex32(h2) + hex32(h1);
}

/** Hash of any JSON-like value (via stableStringify): equal values ⇒ equal hashes, key order ignored. */
export function hashValue(value: unknown): string {
  return hashString(stableStringify(value));
}

// murmur3 constants
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** murmur3's per-word mix into one lane (also the streamed file hash, src/io/source-hash.ts). */
export function mixWord(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** murmur3's finaliser. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const SCRATCH_BYTES = 1 << 16;

/**
 * 64-bit hash of raw bytes as 16 hex characters, for dataset fingerprints (100 MB files, so the loop
 * reads 32-bit words: even words feed lane 1, odd words lane 2, each a murmur3 lane). Words are read
 * in platform byte order (little-endian everywhere Crispflow runs). Unaligned views are copied through
 * a small aligned scratch buffer.
 */
export function hashBytes(bytes: Uint8Array, seed = 0): string {
  let h1 = (0x9747b28c ^ seed) | 0;
  let h2 = (0x5bd1e995 ^ seed) | 0;
  const n = bytes.length;
  const wordBytes = n - (n % 8);
  let scratch: Uint8Array | undefined;
  for (let start = 0; start < wordBytes; start += SCRATCH_BYTES) {
    const len = Math.min(SCRATCH_BYTES, wordBytes - start);
    let words: Int32Array;
    if ((bytes.byteOffset + start) % 4 === 0) {
      words = new Int32Array(bytes.buffer, bytes.byteOffset + start, len >>> 2);
    } else {
      scratch ??= new Uint8Array(SCRATCH_BYTES);
      scratch.set(bytes.subarray(start, start + len));
      words = new Int32Array(scratch.buffer, 0, len >>> 2);
    }
    for (let i = 0; i < words.length; i += 2) {
      h1 = mixWord(h1, words[i]);
      h2 = mixWord(h2, words[i + 1]);
    }
  }
  return finishBytesHash(h1, h2, bytes.subarray(wordBytes), n);
}

/**
 * The end of hashBytes (also of the streamed hash, src/io/source-hash.ts): the 0..7 bytes after the last
 * whole 8-byte unit, little-endian into two words, then the length and murmur3's finaliser on both lanes.
 */
export function finishBytesHash(h1: number, h2: number, tail: Uint8Array, n: number): string {
  let t1 = 0;
  let t2 = 0;
  for (let i = 0; i < tail.length; i++) {
    const shift = (i % 4) * 8;
    if (i < 4) t1 |= tail[i] << shift;
    else t2 |= tail[i] << shift;
  }
  if (tail.length > 0) {
    h1 = mixWord(h1, t1);
    h2 = mixWord(h2, t2);
  }
  h1 ^= n;
  h2 ^= Math.floor(n / 4294967296) ^ n;
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  return hex32(h1) + hex32(h2);
}
