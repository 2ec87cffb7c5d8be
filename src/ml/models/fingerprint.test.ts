import { describe, expect, it } from 'vitest';
import type { Table } from '../../core/table/table.ts';
import { fingerprintTable } from './fingerprint.ts';

/** Tables covering every path of the hash: text (ASCII, accents, emoji, CJK, a lone surrogate, missing), categories, numbers, weights, a sparse block held in views of larger buffers. */
function fingerprintCases(): Array<{ name: string; table: Table; extra?: unknown }> {
  const texts = ['plain ascii', 'Zoë Müller, café', 'emoji 👩‍💻 ok', '履歴書', 'lone \ud800 surrogate', '', null, 'x'.repeat(70_000)];
  const n = texts.length;
  const big = new Int32Array(3 + 12);
  const indptr = big.subarray(3, 3 + n + 1);
  for (let i = 0; i <= n; i++) indptr[i] = i;
  const indicesBuf = new Int32Array(1 + n);
  const indices = indicesBuf.subarray(1);
  for (let i = 0; i < n; i++) indices[i] = (i * 7) % 5;
  const valuesBuf = new Float64Array(2 + n);
  const values = valuesBuf.subarray(2);
  for (let i = 0; i < n; i++) values[i] = Math.sqrt(i + 1) / 3;
  const base: Table = {
    nRows: n,
    columns: [
      { name: 'resume_text', type: 'text', role: 'text', values: texts },
      { name: 'gender', type: 'category', role: 'protected', codes: Int32Array.from([0, 1, 1, -1, 0, 2, 1, 0]), categories: ['F', 'M', 'X'] },
      { name: 'years', type: 'integer', values: Float64Array.from([1, 2, 3, NaN, 5, 6, 7, 8]) },
      { name: 'score', type: 'number', values: Float64Array.from([0.5, -1e300, 3.25, Infinity, -0, 1 / 3, 2, 9]) },
    ],
  };
  return [
    { name: 'columns only', table: base },
    { name: 'with weights and params', table: { ...base, weights: Float64Array.from([1, 2, 1, 1, 0.5, 1, 1, 3]) }, extra: { C: 1, kind: 'logistic-regression', features: ['années'] } },
    { name: 'with a sparse block in views', table: { ...base, sparse: { name: 'resume_text', nCols: 5, indptr, indices, values, featureNames: ['a', 'b', 'c', 'd', 'e'] } } },
  ];
}

// Recorded with the byte-at-a-time implementation (commit 30ac9dc): the faster one must give the same
// fingerprints, or models registered before it would look retrained.
const RECORDED: Record<string, string> = {
  'columns only': '19aea6873e99b1aa',
  'with weights and params': 'b7667bad22974fb0',
  'with a sparse block in views': 'e307afc34290ebb2',
};

describe('fingerprintTable', () => {
  for (const c of fingerprintCases()) {
    it(`${c.name}: the same fingerprint as before`, () => {
      expect(fingerprintTable(c.table, c.extra)).toBe(RECORDED[c.name]);
    });
  }
});
