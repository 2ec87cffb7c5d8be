import { describe, expect, it } from 'vitest';
import { buildThresholdIndex, countAtLeast, statsAtThreshold } from './threshold.ts';

/** Brute force over every row: the reference the indexed version must match. */
function bruteForce(scores: number[], labels: number[], t: number) {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) continue;
    const sel = scores[i] >= t;
    if (sel && labels[i] === 1) tp++;
    else if (sel) fp++;
    else if (labels[i] === 1) fn++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

describe('threshold index', () => {
  it('counts values at or above a threshold by binary search', () => {
    const a = new Float64Array([0.1, 0.2, 0.2, 0.5, 0.9]);
    expect(countAtLeast(a, 0)).toBe(5);
    expect(countAtLeast(a, 0.2)).toBe(4);
    expect(countAtLeast(a, 0.21)).toBe(2);
    expect(countAtLeast(a, 0.9)).toBe(1);
    expect(countAtLeast(a, 0.95)).toBe(0);
    expect(countAtLeast(new Float64Array(0), 0.5)).toBe(0);
  });

  it('gives the worked example', () => {
    // scores ≥ 0.5 selected: rows 0 (pos), 1 (neg), 3 (pos) → tp 2, fp 1, fn 1, tn 1
    const idx = buildThresholdIndex([0.9, 0.6, 0.3, 0.5, 0.1], Uint8Array.from([1, 0, 1, 1, 0]));
    const s = statsAtThreshold(idx, 0.5);
    expect(s).toMatchObject({ tp: 2, fp: 1, fn: 1, tn: 1, selected: 3, n: 5 });
    expect(s.precision).toBeCloseTo(2 / 3, 12);
    expect(s.recall).toBeCloseTo(2 / 3, 12);
    expect(s.selectionRate).toBeCloseTo(3 / 5, 12);
    expect(s.accuracy).toBeCloseTo(3 / 5, 12);
    expect(s.fpr).toBeCloseTo(1 / 2, 12);
    expect(s.f1).toBeCloseTo(2 / 3, 12);
  });

  it('matches brute force on random data at many thresholds, skipping NaN scores', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const n = 2000;
    const scores: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < n; i++) {
      scores.push(i % 97 === 0 ? NaN : Math.round(rand() * 50) / 50); // ties on purpose
      labels.push(rand() < 0.3 ? 1 : 0);
    }
    const idx = buildThresholdIndex(scores, labels);
    expect(idx.skipped).toBe(Math.ceil(n / 97));
    for (const t of [0, 0.02, 0.1, 0.33, 0.5, 0.5000001, 0.74, 0.98, 1, 1.01]) {
      const s = statsAtThreshold(idx, t);
      expect({ tp: s.tp, fp: s.fp, tn: s.tn, fn: s.fn }).toEqual(bruteForce(scores, labels, t));
    }
  });

  it('returns zeros rather than NaN when nothing is selected', () => {
    const idx = buildThresholdIndex([0.2, 0.4], [0, 1]);
    const s = statsAtThreshold(idx, 0.9);
    expect(s.precision).toBe(0);
    expect(s.recall).toBe(0);
    expect(s.f1).toBe(0);
    expect(s.selectionRate).toBe(0);
  });

  it('refuses scores and labels of different lengths', () => {
    expect(() => buildThresholdIndex([0.1, 0.2], [1])).toThrow(/differ in length/);
  });
});
