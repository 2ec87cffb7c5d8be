import { describe, expect, it } from 'vitest';
import type { Table } from './table.ts';
import { packValue, stillPacked, unpackValue } from './transfer.ts';
import { estimateBytes } from './value-bytes.ts';

describe('estimateBytes', () => {
  it('counts column buffers byte for byte, plus a small overhead for names and objects', () => {
    const t: Table = {
      nRows: 1000,
      columns: [
        { name: 'x', type: 'number', values: new Float64Array(1000) },
        { name: 'g', type: 'category', codes: new Int32Array(1000), categories: ['a', 'b'] },
      ],
    };
    const n = estimateBytes(t);
    expect(n).toBeGreaterThanOrEqual(8000 + 4000);
    expect(n).toBeLessThan(8000 + 4000 + 400);
  });

  it('counts a buffer once however many views share it', () => {
    const buffer = new ArrayBuffer(80_000);
    const a = new Float64Array(buffer, 0, 5000);
    const b = new Float64Array(buffer, 40_000, 5000);
    expect(estimateBytes({ a, b })).toBeLessThan(80_000 + 200);
    expect(estimateBytes({ a, b })).toBeGreaterThanOrEqual(80_000);
    expect(estimateBytes([new Float64Array(10_000), new Float64Array(10_000)])).toBeGreaterThanOrEqual(160_000);
  });

  it('measures a text column still packed by its packed bytes, without decoding it', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `résumé ${i}`);
    const t = unpackValue<Table>(packValue({ nRows: 2000, columns: [{ name: 't', type: 'text', values: text }] }).message);
    const n = estimateBytes(t);
    const utf8 = new TextEncoder().encode(text.join('')).length;
    expect(n).toBeGreaterThanOrEqual(utf8 + 4 * 2001);
    expect(n).toBeLessThan(utf8 + 4 * 2001 + 200);
    expect(stillPacked(t.columns[0])).toBeDefined();
  });

  it('counts strings two bytes a character and numbers eight', () => {
    expect(estimateBytes('abcd')).toBe(16 + 8);
    expect(estimateBytes(3)).toBe(8);
    // object 16; each key: a slot 8 + the key string + its value ('kind' 16 + 8, 'metrics' 16 + 14, …).
    expect(estimateBytes({ kind: 'metrics', values: { auc: 0.8 } })).toBe(16 + (8 + 24 + 30) + (8 + 28 + (16 + 8 + 22 + 8)));
  });
});
