/**
 * Content fingerprints for model versioning and audit: two 32-bit FNV-1a style lanes over the bytes of
 * every column, the row weights and the sparse block, plus the training params as JSON.
 *
 * Speed: each byte costs an xor and a 32-bit multiply in each lane, one after the other, so a lane
 * cannot go faster than ~4 cycles a byte (the two lanes run side by side). On aligned data this loop
 * already runs there: the resume training table (7.0M characters of text + an 18.8 MB TF-IDF block)
 * takes ~38 ms warm, of which the block ~22 ms (~1.17 ns a byte) and the text ~15 ms (~5 ms of it UTF-8
 * encoding); ~40–50 ms of a trainer thread's CPU in the CLI run. A WebAssembly version of the byte loop
 * (the input copied or encoded into a fixed 1 MB block) was measured against it: ~1.1 ns a byte, ~36 ms
 * warm, but 3–5 ms slower per trainer in the CLI (cold compile, first calls in the baseline tier), so it
 * was not adopted. Only a different hash (changing every recorded fingerprint) could go much faster.
 */
import type { Table } from '../../core/table/table.ts';
import { contentHashSlot, packedTextBytes } from '../../core/table/transfer.ts';

const encoder = new TextEncoder();
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

class Hasher {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193 ^ 0x9e3779b9;
  /** Reused for each string's UTF-8 bytes (a training table can hold millions of characters). */
  private scratch = new Uint8Array(1 << 12);

  bytes(u8: Uint8Array): this {
    return this.range(u8, 0, u8.length);
  }

  /**
   * Bytes u8[from, to). Those at 4-byte aligned addresses are read a 32-bit word at a time and taken in
   * memory order (little-endian hosts): the same hash with a quarter of the loads. `words`: a Uint32Array
   * over u8's whole buffer, for callers hashing many ranges of one buffer (a text column's rows).
   */
  range(u8: Uint8Array, from: number, to: number, words?: Uint32Array): this {
    let h1 = this.h1;
    let h2 = this.h2;
    let i = from;
    if (LITTLE_ENDIAN && to - from >= 8) {
      const base = u8.byteOffset;
      for (; ((base + i) & 3) !== 0; i++) {
        h1 = Math.imul(h1 ^ u8[i], 16777619);
        h2 = Math.imul(h2 ^ u8[i], 2246822519);
      }
      const w32 = words ?? new Uint32Array(u8.buffer, base + i, (to - i) >>> 2);
      const shift = words ? (base + i) >>> 2 : 0;
      const end = shift + ((to - i) >>> 2);
      for (let k = shift; k < end; k++) {
        const w = w32[k];
        const b0 = w & 255;
        const b1 = (w >>> 8) & 255;
        const b2 = (w >>> 16) & 255;
        const b3 = w >>> 24;
        h1 = Math.imul(Math.imul(Math.imul(Math.imul(h1 ^ b0, 16777619) ^ b1, 16777619) ^ b2, 16777619) ^ b3, 16777619);
        h2 = Math.imul(Math.imul(Math.imul(Math.imul(h2 ^ b0, 2246822519) ^ b1, 2246822519) ^ b2, 2246822519) ^ b3, 2246822519);
      }
      i += (end - shift) << 2;
    }
    for (; i < to; i++) {
      h1 = Math.imul(h1 ^ u8[i], 16777619);
      h2 = Math.imul(h2 ^ u8[i], 2246822519);
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  /** One byte. */
  byte(b: number): this {
    this.h1 = Math.imul(this.h1 ^ b, 16777619);
    this.h2 = Math.imul(this.h2 ^ b, 2246822519);
    return this;
  }

  typed(a: ArrayBufferView): this {
    return this.bytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }

  /** The UTF-8 bytes of s, then a NUL. */
  string(s: string): this {
    // at most 3 bytes per UTF-16 unit (a lone surrogate becomes U+FFFD, as TextEncoder.encode does)
    if (this.scratch.length < 3 * s.length + 1) this.scratch = new Uint8Array(Math.max(3 * s.length + 1, 2 * this.scratch.length));
    const { written } = encoder.encodeInto(s, this.scratch);
    this.scratch[written] = 0;
    return this.bytes(this.scratch.subarray(0, written + 1));
  }

  /** The two lanes, to store or resume from (the content hash shared between trainers). */
  get state(): [number, number] {
    return [this.h1, this.h2];
  }

  resume(h1: number, h2: number): this {
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  hex(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }
}

/** Fingerprint of a table's content (names, types, values, weights, sparse block) and `extra` (e.g. params). */
export function fingerprintTable(table: Table, extra?: unknown): string {
  const h = new Hasher();
  // The table's part of the hash is the same for every trainer that receives this table (train-lr and
  // train-rf both train on TF-IDF's output): hashed by the first, then read from the slot its message
  // carries in shared memory. The hash is a running state, so `extra` simply continues from it.
  const slot = contentHashSlot(table);
  if (slot && Atomics.load(slot, 0) === 1) h.resume(Atomics.load(slot, 1), Atomics.load(slot, 2));
  else {
    hashContent(h, table);
    if (slot) {
      const [h1, h2] = h.state;
      Atomics.store(slot, 1, h1);
      Atomics.store(slot, 2, h2);
      Atomics.store(slot, 0, 1);
    }
  }
  if (extra !== undefined) h.string(JSON.stringify(extra));
  return h.hex();
}

/** Names, types, values, weights and the sparse block: everything of the table the fingerprint covers. */
function hashContent(h: Hasher, table: Table): void {
  h.string(String(table.nRows));
  for (const c of table.columns) {
    h.string(`${c.name}|${c.type}|${c.role ?? ''}`);
    if (c.type === 'category') {
      h.typed(c.codes);
      h.string(c.categories.join('\u0001'));
    } else if (c.type === 'text') {
      // A column that arrived packed is hashed from its UTF-8 bytes (the same bytes string() would
      // encode), so a trainer does not decode millions of characters it never reads.
      const packed = packedTextBytes(c);
      if (packed) {
        const { utf8, starts, nulls } = packed;
        const words = LITTLE_ENDIAN ? new Uint32Array(utf8.buffer, 0, (utf8.byteOffset + utf8.length) >>> 2) : undefined;
        for (let r = 0; r + 1 < starts.length; r++) {
          if (nulls?.[r]) h.byte(2).byte(0); // h.string('\u0002')
          else h.range(utf8, starts[r], starts[r + 1], words).byte(0);
        }
      } else for (const v of c.values) h.string(v ?? '\u0002');
    } else {
      h.typed(c.values);
    }
  }
  if (table.weights) h.typed(table.weights);
  if (table.sparse) {
    h.typed(table.sparse.indptr).typed(table.sparse.indices).typed(table.sparse.values);
  }
}
