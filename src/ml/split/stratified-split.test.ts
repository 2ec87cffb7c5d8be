import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import { trainTestSplitIndices } from './stratified-split.ts';

describe('trainTestSplitIndices', () => {
  it('splits every row exactly once, in order, with round(fraction·n) test rows', () => {
    const { train, test } = trainTestSplitIndices(101, 0.3, createRng(1));
    expect(test.length).toBe(30);
    expect(train.length).toBe(71);
    const all = [...train, ...test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 101 }, (_, i) => i));
    expect([...test]).toEqual([...test].sort((a, b) => a - b));
  });

  it('is reproducible for a seed and differs between seeds', () => {
    const a = trainTestSplitIndices(200, 0.25, createRng(7)).test;
    const b = trainTestSplitIndices(200, 0.25, createRng(7)).test;
    const c = trainTestSplitIndices(200, 0.25, createRng(8)).test;
    expect([...a]).toEqual([...b]);
    expect([...a]).not.toEqual([...c]);
  });

  it('keeps each stratum share: 10% positives stay 10% in both parts', () => {
    const n = 1000;
    const strata = new Int32Array(n).map((_, i) => (i % 10 === 0 ? 1 : 0));
    const { train, test } = trainTestSplitIndices(n, 0.2, createRng(3), strata);
    const pos = (idx: Uint32Array) => [...idx].filter((i) => strata[i] === 1).length;
    expect(test.length).toBe(200);
    expect(pos(test)).toBe(20);
    expect(pos(train)).toBe(80);
  });

  it('hands leftover test slots to the strata with the largest remainders', () => {
    // Strata of 5, 3 and 2 rows, fraction 0.5 → exact shares 2.5, 1.5, 1 → floors 2,1,1 = 4; one slot left (n·0.5 = 5)
    // goes to the larger of the two .5 remainders: stratum of 5.
    const strata = Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 2, 2]);
    const { test } = trainTestSplitIndices(10, 0.5, createRng(5), strata);
    const count = (s: number) => [...test].filter((i) => strata[i] === s).length;
    expect([count(0), count(1), count(2)]).toEqual([3, 1, 1]);
  });

  it('refuses fractions outside (0, 1)', () => {
    expect(() => trainTestSplitIndices(10, 1, createRng(1))).toThrow(/between 0 and 1/);
  });
});
