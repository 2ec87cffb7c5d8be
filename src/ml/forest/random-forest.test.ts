import { describe, expect, it } from 'vitest';
import type { FeatureMatrix } from '../features/featurizer.ts';
import { sparseTextData } from './forest-test-data.ts';
import { createRng } from '../../core/rng.ts';
import { binMatrix } from './binned-matrix.ts';
import { growTrees, type ForestData, type GrowTreesTask } from './grow-trees.ts';
import { fitAndScoreRandomForest, fitRandomForest, planForest, predictForest, resolveMtry, assembleForest } from './random-forest.ts';

function dense(rows: number[][]): FeatureMatrix {
  const n = rows.length;
  const d = rows[0].length;
  const X = new Float64Array(n * d);
  rows.forEach((r, i) => r.forEach((v, j) => (X[i * d + j] = v)));
  return { n, d, X, names: Array.from({ length: d }, (_, j) => `x${j}`) };
}

function toSparse(m: FeatureMatrix): FeatureMatrix {
  const indptr = new Int32Array(m.n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < m.n; i++) {
    for (let j = 0; j < m.d; j++) {
      const v = m.X[i * m.d + j];
      if (v !== 0) {
        indices.push(j);
        values.push(v);
      }
    }
    indptr[i + 1] = indices.length;
  }
  return {
    n: m.n,
    d: 0,
    X: new Float64Array(0),
    sparse: { nRows: m.n, nCols: m.d, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) },
    names: m.names,
  };
}

/** Noisy interaction data: y = (x0 > 0.5) xor (x1 > 0.3), plus noise features, some negative values and zeros. */
function makeData(n: number, seed = 3): { m: FeatureMatrix; y: Uint8Array } {
  const rng = createRng(seed);
  const rows: number[][] = [];
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = [rng.next(), rng.next() - 0.2, rng.next() < 0.7 ? 0 : rng.next(), rng.normal()];
    rows.push(r);
    y[i] = (r[0] > 0.5) !== (r[1] > 0.3) ? 1 : 0;
    if (rng.next() < 0.05) y[i] = 1 - y[i];
  }
  return { m: dense(rows), y };
}

const base = { nTrees: 1, maxDepth: 0, maxFeatures: 'all' as const, minSamplesLeaf: 1, bootstrap: false, seed: 1 };

describe('binMatrix', () => {
  it('puts thresholds exactly midway between consecutive values, with zero as its own code', () => {
    const b = binMatrix(dense([[-2], [0], [1], [1], [3], [-0.5]]));
    const thr = Array.from(b.thresholds.subarray(b.thrStart[0], b.thrStart[1]));
    // values in order: -2, -0.5, 0, 1, 3
    expect(thr).toEqual([-1.25, -0.25, 0.5, 2, Infinity]);
    expect(b.zeroCode[0]).toBe(2);
    expect(Array.from(b.colCodes)).toEqual([0, 3, 3, 4, 1]);
  });
});

describe('random forest', () => {
  it('a full tree on all features fits the training data exactly', async () => {
    const { m, y } = makeData(300);
    const st = await fitRandomForest(m, y, base);
    const p = predictForest(st, m);
    // rows with identical features but different labels cannot be separated; there are none here
    expect(Array.from(p, (v) => (v >= 0.5 ? 1 : 0))).toEqual(Array.from(y));
    expect(st.importances.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    // the two informative features carry most of the importance
    expect(st.importances[0] + st.importances[1]).toBeGreaterThan(0.7);
  });

  it('grows the same trees from dense and sparse input', async () => {
    const { m, y } = makeData(200);
    const o = { ...base, nTrees: 5, maxFeatures: 'sqrt' as const, bootstrap: true, seed: 9 };
    const a = await fitRandomForest(m, y, o);
    const b = await fitRandomForest(toSparse(m), y, o);
    expect(Array.from(b.feature)).toEqual(Array.from(a.feature));
    expect(Array.from(b.threshold)).toEqual(Array.from(a.threshold));
    expect(Array.from(predictForest(b, toSparse(m)))).toEqual(Array.from(predictForest(a, m)));
  });

  it('scores rows in its tasks exactly as predictForest scores them afterwards', async () => {
    const { m, y } = makeData(300);
    const { m: other } = makeData(120);
    const o = { ...base, nTrees: 9, maxFeatures: 'sqrt' as const, bootstrap: true, seed: 6 };
    const run = async (tasks: GrowTreesTask[], data: ForestData) => {
      const received = structuredClone(data); // as a worker gets it
      return tasks.map((t) => growTrees(structuredClone(t), received));
    };
    const { state, scores } = await fitAndScoreRandomForest(m, y, o, other, run, 4);
    expect(Array.from(scores)).toEqual(Array.from(predictForest(state, other)));
    expect(new Set(scores).size).toBeGreaterThan(5);
  });

  it('gives the same forest however the trees are split into parallel chunks', async () => {
    const { m, y } = makeData(200);
    const o = { ...base, nTrees: 7, maxFeatures: 'sqrt' as const, bootstrap: true, seed: 4 };
    const one = await fitRandomForest(m, y, o);
    const plan = planForest(m, y, o, 3);
    expect(plan.tasks.map((t) => t.seeds.length)).toEqual([2, 2, 3]);
    // one after the other in this thread, as a worker does with the shared data it received once:
    // later tasks reuse the first one's grower
    const data = structuredClone(plan.data);
    const three = assembleForest(plan.binned, plan.tasks.map((t) => growTrees(structuredClone(t), data)));
    expect(Array.from(three.feature)).toEqual(Array.from(one.feature));
    expect(Array.from(three.value)).toEqual(Array.from(one.value));
    three.importances.forEach((v, f) => expect(v).toBeCloseTo(one.importances[f], 12));
  });

  it('scores the same through the packed layout as through the plain state arrays', async () => {
    const { m, y } = makeData(300, 8);
    const st = await fitRandomForest(m, y, { ...base, nTrees: 6, maxFeatures: 'sqrt', bootstrap: true, seed: 2 });
    // the same forest with its nodes in reverse order: right ≠ left + 1, so it cannot be packed
    const total = st.feature.length;
    const rev = (a: Int32Array) => Int32Array.from(a, (_, k) => (a[total - 1 - k] >= 0 ? total - 1 - a[total - 1 - k] : -1));
    const flip = <T extends Int32Array | Float64Array>(a: T) => a.slice().reverse() as T;
    const reversed = {
      ...st,
      roots: Int32Array.from(st.roots, (r) => total - 1 - r),
      feature: flip(st.feature),
      threshold: flip(st.threshold),
      left: rev(st.left),
      right: rev(st.right),
      value: flip(st.value),
      cover: flip(st.cover),
    };
    expect(reversed.right[reversed.roots[0]]).not.toBe(reversed.left[reversed.roots[0]] + 1);
    expect(Array.from(predictForest(reversed, m))).toEqual(Array.from(predictForest(st, m)));
  });

  it('treats a row weight of 2 like a duplicated row', async () => {
    const { m, y } = makeData(120);
    const w = new Float64Array(120).fill(1);
    w[5] = 2;
    w[17] = 2;
    const weighted = await fitRandomForest(m, y, { ...base, sampleWeight: w, minSamplesLeaf: 1 });
    const rows: number[][] = [];
    const y2: number[] = [];
    for (let i = 0; i < 120; i++) {
      const reps = w[i];
      for (let k = 0; k < reps; k++) {
        rows.push(Array.from(m.X.subarray(i * m.d, (i + 1) * m.d)));
        y2.push(y[i]);
      }
    }
    const dup = await fitRandomForest(dense(rows), Uint8Array.from(y2), base);
    expect(Array.from(weighted.cover)).toEqual(Array.from(dup.cover));
    expect(Array.from(weighted.threshold)).toEqual(Array.from(dup.threshold));
  });

  it('respects max depth and min samples per leaf', async () => {
    const { m, y } = makeData(300);
    const shallow = await fitRandomForest(m, y, { ...base, maxDepth: 2 });
    expect(shallow.feature.length).toBeLessThanOrEqual(7);
    const leafy = await fitRandomForest(m, y, { ...base, minSamplesLeaf: 40 });
    for (let k = 0; k < leafy.feature.length; k++) if (leafy.feature[k] < 0) expect(leafy.cover[k]).toBeGreaterThanOrEqual(40);
  });

  it('generalises on held-out rows', async () => {
    const { m, y } = makeData(1200, 11);
    const trainIdx = Array.from({ length: 900 }, (_, i) => i);
    const pick = (idx: number[]) => ({
      m: dense(idx.map((i) => Array.from(m.X.subarray(i * m.d, (i + 1) * m.d)))),
      y: Uint8Array.from(idx, (i) => y[i]),
    });
    const tr = pick(trainIdx);
    const te = pick(Array.from({ length: 300 }, (_, i) => 900 + i));
    const st = await fitRandomForest(tr.m, tr.y, { ...base, nTrees: 40, maxFeatures: 'sqrt', bootstrap: true });
    const p = predictForest(st, te.m);
    let correct = 0;
    for (let i = 0; i < 300; i++) correct += (p[i] >= 0.5 ? 1 : 0) === te.y[i] ? 1 : 0;
    expect(correct / 300).toBeGreaterThan(0.85);
  });

  it('grows the same trees whichever split-search path it takes (columns, rows, subtree index)', () => {
    // Sparse text-like data, 600 rows × 400 features: a few frequent (long columns: binary-search
    // intersection in small nodes), most rare.
    const { m, y } = sparseTextData(600, 400, 21);
    const plan = planForest(m, y, { ...base, nTrees: 4, maxFeatures: 'sqrt', bootstrap: true, seed: 5 }, 1);
    const grow = (searchPath: 'auto' | 'columns' | 'rows' | 'local') =>
      growTrees(plan.tasks[0], { ...plan.data, params: { ...plan.data.params, searchPath } });
    const auto = grow('auto');
    expect(auto.trees[0].feature.length).toBeGreaterThan(50);
    for (const path of ['columns', 'rows', 'local'] as const) {
      const other = grow(path);
      other.trees.forEach((t, k) => {
        expect(Array.from(t.feature), path).toEqual(Array.from(auto.trees[k].feature));
        expect(Array.from(t.code), path).toEqual(Array.from(auto.trees[k].code));
        expect(Array.from(t.left), path).toEqual(Array.from(auto.trees[k].left));
        expect(Array.from(t.value), path).toEqual(Array.from(auto.trees[k].value));
      });
      expect(Array.from(other.importanceSum)).toEqual(Array.from(auto.importanceSum));
    }
  });

  it('uses scikit-learn’s max_features rules', () => {
    expect(resolveMtry('sqrt', 20353)).toBe(142);
    expect(resolveMtry('log2', 1000)).toBe(9);
    expect(resolveMtry('all', 7)).toBe(7);
    expect(resolveMtry(0.3, 10)).toBe(3);
    expect(resolveMtry(0.01, 10)).toBe(1);
  });
});
