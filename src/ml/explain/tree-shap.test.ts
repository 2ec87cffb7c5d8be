import { describe, expect, it } from 'vitest';
import { denseRows, expectedMargin, treeShap } from './tree-shap.ts';
import { ensembleMargin, forestEnsemble, type TreeEnsemble } from './tree-format.ts';
import { fitGradientBoosting } from '../boosting/gradient-boosting.ts';
import { syntheticData, takeMatrixRows } from '../boosting/reference-data.ts';
import { fitRandomForest } from '../forest/random-forest.ts';

/** Path-dependent value of coalition `inS` for one tree: absent features average children by cover. */
function treeValue(e: TreeEnsemble, node: number, x: ArrayLike<number>, inS: (f: number) => boolean): number {
  const f = e.feature[node];
  if (f < 0) return e.value[node];
  if (inS(f)) {
    const v = x[f];
    const left = v !== v ? !!e.missingLeft?.[node] : v <= e.threshold[node];
    return treeValue(e, left ? e.left[node] : e.right[node], x, inS);
  }
  const l = e.left[node];
  const r = e.right[node];
  return (e.cover[l] * treeValue(e, l, x, inS) + e.cover[r] * treeValue(e, r, x, inS)) / e.cover[node];
}

function factorial(k: number): number {
  return k <= 1 ? 1 : k * factorial(k - 1);
}

/** Shapley values by enumerating all 2^M coalitions of the path-dependent value function. */
function bruteForceShap(e: TreeEnsemble, x: ArrayLike<number>, M: number): Float64Array {
  const v = new Float64Array(1 << M);
  for (let mask = 0; mask < 1 << M; mask++) {
    let s = 0;
    for (let t = 0; t < e.roots.length; t++) s += treeValue(e, e.roots[t], x, (f) => ((mask >> f) & 1) === 1);
    v[mask] = e.base + e.scale * s;
  }
  const phi = new Float64Array(M);
  for (let i = 0; i < M; i++) {
    for (let mask = 0; mask < 1 << M; mask++) {
      if ((mask >> i) & 1) continue;
      let size = 0;
      for (let k = 0; k < M; k++) size += (mask >> k) & 1;
      const weight = (factorial(size) * factorial(M - size - 1)) / factorial(M);
      phi[i] += weight * (v[mask | (1 << i)] - v[mask]);
    }
  }
  return phi;
}

describe('TreeSHAP (path-dependent, exact)', () => {
  const d = 6;
  const { X, y } = syntheticData(1500, d);
  const m = takeMatrixRows(X, d, Array.from({ length: 1500 }, (_, i) => i));

  for (const algorithm of ['recursive', 'tables'] as const) {
  describe(`with ${algorithm === 'tables' ? 'per-leaf pattern tables' : 'Algorithm 2 (recursive)'}`, () => {
  it('equals brute-force Shapley values on a small boosted model with missing values, and adds up', async () => {
    const st = await fitGradientBoosting(m, y, { seed: 1, maxIter: 8, maxDepth: 4, maxLeaves: 12, minSamplesLeaf: 10 });
    const rows = 25;
    const res = treeShap(st, denseRows(m.X, rows, d), { algorithm });
    const ev = expectedMargin(st);
    expect(res.expectedValue).toBe(ev);
    let sawMissing = false;
    for (let i = 0; i < rows; i++) {
      const x = m.X.subarray(i * d, i * d + d);
      if (Number.isNaN(x[3])) sawMissing = true;
      const brute = bruteForceShap(st, x, d);
      let sum = 0;
      for (let f = 0; f < d; f++) {
        expect(res.values[i * d + f]).toBeCloseTo(brute[f], 9);
        sum += res.values[i * d + f];
      }
      expect(Math.abs(sum - (ensembleMargin(st, x) - ev))).toBeLessThan(1e-6);
    }
    expect(sawMissing).toBe(true);
  });

  it('handles a feature split on twice along one path (unwinding)', async () => {
    const st = await fitGradientBoosting(m, y, { seed: 1, maxIter: 3, maxDepth: 6, maxLeaves: 40, minSamplesLeaf: 5 });
    // make sure some path repeats a feature
    let repeated = false;
    const walk = (node: number, seen: Set<number>): void => {
      const f = st.feature[node];
      if (f < 0) return;
      if (seen.has(f)) repeated = true;
      const next = new Set(seen).add(f);
      walk(st.left[node], next);
      walk(st.right[node], next);
    };
    for (let t = 0; t < st.nTrees; t++) walk(st.roots[t], new Set());
    expect(repeated).toBe(true);
    const res = treeShap(st, denseRows(m.X, 10, d), { algorithm });
    for (let i = 0; i < 10; i++) {
      const brute = bruteForceShap(st, m.X.subarray(i * d, i * d + d), d);
      for (let f = 0; f < d; f++) expect(res.values[i * d + f]).toBeCloseTo(brute[f], 9);
    }
  });

  it('explains random forests (probability scale) and sums to output minus expected value', async () => {
    const noMissing = Float64Array.from(m.X, (v) => (Number.isNaN(v) ? 0 : v));
    const mm = { ...m, X: noMissing };
    const forest = await fitRandomForest(mm, y, { nTrees: 5, maxDepth: 5, maxFeatures: 'sqrt', minSamplesLeaf: 5, bootstrap: true, seed: 3 });
    const e = forestEnsemble(forest);
    const res = treeShap(e, denseRows(noMissing, 15, d), { algorithm });
    for (let i = 0; i < 15; i++) {
      const x = noMissing.subarray(i * d, i * d + d);
      const brute = bruteForceShap(e, x, d);
      let sum = 0;
      for (let f = 0; f < d; f++) {
        expect(res.values[i * d + f]).toBeCloseTo(brute[f], 9);
        sum += res.values[i * d + f];
      }
      expect(Math.abs(sum - (ensembleMargin(e, x) - res.expectedValue))).toBeLessThan(1e-6);
    }
  });

  });
  }

  it('gives the same values with tables and with Algorithm 2 on a full-size model (200 trees, depth 6)', async () => {
    const st = await fitGradientBoosting(m, y, { seed: 2, maxIter: 200, maxDepth: 6 });
    const rows = denseRows(m.X, 60, d);
    const a = treeShap(st, rows, { algorithm: 'recursive' });
    const b = treeShap(st, rows, { algorithm: 'tables' });
    const auto = treeShap(st, rows);
    for (let k = 0; k < a.values.length; k++) {
      expect(Math.abs(b.values[k] - a.values[k])).toBeLessThan(1e-10);
      expect(Math.abs(auto.values[k] - a.values[k])).toBeLessThan(1e-10);
    }
  });

  it('groups features into output slots by summing', async () => {
    const st = await fitGradientBoosting(m, y, { seed: 1, maxIter: 5 });
    const full = treeShap(st, denseRows(m.X, 20, d));
    const grouped = treeShap(st, denseRows(m.X, 20, d), { groupOf: Int32Array.from([0, 0, 1, 1, 2, 2]), nOut: 3 });
    for (let i = 0; i < 20; i++) {
      for (let g = 0; g < 3; g++) {
        expect(grouped.values[i * 3 + g]).toBeCloseTo(full.values[i * d + 2 * g] + full.values[i * d + 2 * g + 1], 10);
      }
    }
  });
});
