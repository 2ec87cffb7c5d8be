/**
 * Content fingerprints for model versioning and audit: two 32-bit FNV-1a style lanes over the bytes of
 * every column, the row weights and the sparse block, plus the training params as JSON.
 */
import type { Table } from '../../core/table/table.ts';

class Hasher {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193 ^ 0x9e3779b9;

  bytes(u8: Uint8Array): this {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < u8.length; i++) {
      h1 = Math.imul(h1 ^ u8[i], 16777619);
      h2 = Math.imul(h2 ^ u8[i], 2246822519);
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  typed(a: ArrayBufferView): this {
    return this.bytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }

  string(s: string): this {
    return this.bytes(new TextEncoder().encode(s + '\u0000'));
  }

  hex(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }
}

/** Fingerprint of a table's content (names, types, values, weights, sparse block) and `extra` (e.g. params). */
export function fingerprintTable(table: Table, extra?: unknown): string {
  const h = new Hasher();
  h.string(String(table.nRows));
  for (const c of table.columns) {
    h.string(`${c.name}|${c.type}|${c.role ?? ''}`);
    if (c.type === 'category') {
      h.typed(c.codes);
      h.string(c.categories.join('\u0001'));
    } else if (c.type === 'text') {
      for (const v of c.values) h.string(v ?? '\u0002');
    } else {
      h.typed(c.values);
    }
  }
  if (table.weights) h.typed(table.weights);
  if (table.sparse) {
    h.typed(table.sparse.indptr).typed(table.sparse.indices).typed(table.sparse.values);
  }
  if (extra !== undefined) h.string(JSON.stringify(extra));
  return h.hex();
}
