import { describe, expect, it } from 'vitest';
import type { Column, Table } from '../../core/table/table.ts';
import { createRng, type Rng } from '../../core/rng.ts';
import { fingerprintTable } from './fingerprint.ts';

/** fingerprint.ts reuses a 4 KB scratch buffer for strings and grows it for longer ones. */
const SCRATCH_BYTES = 1 << 12;

// ---- the reference: the hash as defined, one byte at a time (no word reads, no reused scratch buffer) ----
const refEncoder = new TextEncoder();

class ReferenceHasher {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193 ^ 0x9e3779b9;

  bytes(u8: Uint8Array): this {
    for (const b of u8) {
      this.h1 = Math.imul(this.h1 ^ b, 16777619);
      this.h2 = Math.imul(this.h2 ^ b, 2246822519);
    }
    return this;
  }

  typed(a: ArrayBufferView): this {
    return this.bytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }

  string(s: string): this {
    return this.bytes(refEncoder.encode(s)).bytes(Uint8Array.of(0));
  }

  hex(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }
}

function referenceFingerprint(table: Table, extra?: unknown): string {
  const h = new ReferenceHasher();
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

// ---- random tables ----
/** Pieces of 1 to 4 UTF-8 bytes, lone surrogates (3 bytes as U+FFFD), NUL and control characters. */
const PIECES = ['a', 'Z', ' ', '7', '\u0000', '\u0001', 'é', 'ü', '–', '€', '履', '歴', '👩', '💻', '\u200d', '\ud800', '\udfff', '\ud83d', '\udc69'];

function randomString(rng: Rng, length: number): string {
  let s = '';
  while (s.length < length) s += rng.next() < 0.6 ? 'abcdefghij klmnop'.charAt(rng.int(17)) : PIECES[rng.int(PIECES.length)];
  return s;
}

/** A Float64Array view that does not start at its buffer's start. */
function offsetFloat64(rng: Rng, n: number): Float64Array {
  const skip = 1 + rng.int(3);
  const v = new Float64Array(n + skip + 2).subarray(skip, skip + n);
  for (let i = 0; i < n; i++) v[i] = rng.next() < 0.05 ? NaN : (rng.next() - 0.5) * 10 ** rng.int(12);
  return v;
}

function offsetInt32(rng: Rng, n: number, bound: number): Int32Array {
  const skip = 1 + rng.int(3);
  const v = new Int32Array(n + skip + 1).subarray(skip, skip + n);
  for (let i = 0; i < n; i++) v[i] = rng.int(bound + 1) - 1;
  return v;
}

function randomTable(rng: Rng, n: number, maxTextLength: number): Table {
  const columns: Column[] = [];
  const nColumns = 1 + rng.int(5);
  for (let c = 0; c < nColumns; c++) {
    const kind = rng.int(4);
    if (kind === 0) {
      columns.push({ name: `t${c}`, type: 'text', role: 'text', values: Array.from({ length: n }, () => (rng.next() < 0.1 ? null : randomString(rng, rng.int(maxTextLength + 1)))) });
    } else if (kind === 1) {
      const categories = Array.from({ length: 1 + rng.int(4) }, () => randomString(rng, rng.int(6)));
      columns.push({ name: `c${c}`, type: 'category', codes: offsetInt32(rng, n, categories.length), categories });
    } else {
      const type = (['number', 'integer', 'boolean', 'date'] as const)[rng.int(4)];
      columns.push({ name: `n${c}é`, type, role: rng.next() < 0.5 ? 'feature' : undefined, values: offsetFloat64(rng, n) });
    }
  }
  const table: Table = { nRows: n, columns };
  if (rng.next() < 0.5) table.weights = offsetFloat64(rng, n);
  if (rng.next() < 0.5) {
    const indptr = offsetInt32(rng, n + 1, 0);
    let nnz = 0;
    for (let i = 0; i <= n; i++) {
      indptr[i] = nnz;
      nnz += rng.int(6);
    }
    nnz = indptr[n];
    table.sparse = { name: 'tfidf', nCols: 50, indptr, indices: offsetInt32(rng, nnz, 49), values: offsetFloat64(rng, nnz), featureNames: [] };
  }
  return table;
}

function expectMatch(table: Table, extra?: unknown): void {
  expect(fingerprintTable(table, extra)).toBe(referenceFingerprint(table, extra));
}

describe('fingerprintTable equals the hash computed one byte at a time', () => {
  it('random small and medium tables of every column type (text with multi-byte characters and lone surrogates, views at offsets)', () => {
    const rng = createRng(17);
    for (let t = 0; t < 60; t++) {
      const table = randomTable(rng, rng.int(t < 20 ? 8 : 300), t < 30 ? 20 : 400);
      expectMatch(table, t % 3 === 0 ? { kind: 'logistic-regression', C: t, features: ['années', '👩'] } : undefined);
    }
  });

  it('empty tables and empty columns', () => {
    const empty: Table = {
      nRows: 0,
      columns: [
        { name: 'text', type: 'text', values: [] },
        { name: 'cat', type: 'category', codes: new Int32Array(0), categories: [] },
        { name: 'num', type: 'number', values: new Float64Array(0) },
      ],
      weights: new Float64Array(0),
      sparse: { name: 's', nCols: 0, indptr: new Int32Array(1), indices: new Int32Array(0), values: new Float64Array(0), featureNames: [] },
    };
    expectMatch(empty);
    expectMatch({ nRows: 0, columns: [] });
    expectMatch({ nRows: 3, columns: [{ name: 'blank', type: 'text', values: ['', '', ''] }] }, {});
  });

  it('strings around the scratch buffer size, longer ones after them, and multi-byte ones that need 3 bytes a unit', () => {
    const rng = createRng(5);
    const around = [SCRATCH_BYTES / 3 - 2, SCRATCH_BYTES / 3, SCRATCH_BYTES - 1, SCRATCH_BYTES, SCRATCH_BYTES + 1].map(Math.floor);
    const values = around.flatMap((n) => ['q'.repeat(n), '履'.repeat(n), randomString(rng, n)]);
    values.push(randomString(rng, 300_000), 'short again é', '👩\ud800'.repeat(50_000), '');
    expectMatch({ nRows: values.length, columns: [{ name: 'long', type: 'text', values }] }, { n: values.length });
    const many = Array.from({ length: 5_000 }, () => randomString(rng, rng.int(250)));
    expectMatch({ nRows: many.length, columns: [{ name: 'many', type: 'text', values: many }] });
  });

  it('byte views at every alignment and length (the fast path reads aligned data a 32-bit word at a time)', () => {
    for (const offset of [0, 1, 2, 3, 4, 5]) {
      for (const length of [0, 1, 3, 4, 5, 7, 8, 9, 4097]) {
        const u8 = new Uint8Array(length + 8).map((_, i) => (i * 131 + offset) & 255).subarray(offset, offset + length);
        // the hash reads any view's bytes; a byte view stands in for a column buffer here
        const weights = u8 as unknown as Float64Array;
        expectMatch({ nRows: 1, columns: [{ name: 't', type: 'text', values: ['w'] }], weights });
      }
    }
  });
});
