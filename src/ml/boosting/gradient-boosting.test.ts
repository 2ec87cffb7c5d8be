import { describe, expect, it } from 'vitest';
import fixture from './gradient-boosting.fixture.json' with { type: 'json' };
import { fitGradientBoosting, gradientBoostingScorer, predictGradientBoosting } from './gradient-boosting.ts';
import { fitBinMapper, binOf, featureThresholds } from './bin-mapper.ts';
import { loadWnsMatrix, syntheticData, takeMatrixRows } from './reference-data.ts';
import { auc } from '../metrics/classification.ts';
import { getScorer, installScorers } from '../models/scorers.ts';
import { describeWithSharedData, sharedDataPath } from '../../testing/shared-data.ts';
import type { FeatureMatrix } from '../features/featurizer.ts';

function splitEvery(n: number, every: number): { train: number[]; test: number[] } {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < n; i++) (i % every === 0 ? test : train).push(i);
  return { train, test };
}

describe('bin mapper', () => {
  it('puts thresholds at midpoints of distinct values when there are few', () => {
    expect(Array.from(featureThresholds(Float64Array.from([1, 1, 2, 4, 4]), 255))).toEqual([1.5, 3]);
  });
  it('uses at most maxBins bins and a separate missing bin', () => {
    const n = 1000;
    const X = new Float64Array(n);
    for (let i = 0; i < n; i++) X[i] = i % 10 === 0 ? NaN : i;
    const m = fitBinMapper(X, n, 1, 16);
    expect(m.nBins[0]).toBe(16);
    expect(m.hadMissing[0]).toBe(1);
    expect(binOf(m, 0, NaN)).toBe(16);
    expect(binOf(m, 0, -5)).toBe(0);
    expect(binOf(m, 0, 5000)).toBe(15);
  });
});

describe('gradient boosting vs scikit-learn HistGradientBoostingClassifier', () => {
  it('matches sklearn on synthetic data with missing values (AUC within 0.01, same probabilities)', async () => {
    const f = fixture.synthetic;
    const { X, y } = syntheticData(f.n, f.d);
    const { train, test } = splitEvery(f.n, f.testEvery);
    const ytr = Uint8Array.from(train, (i) => y[i]);
    const st = await fitGradientBoosting(takeMatrixRows(X, f.d, train), ytr, { seed: 1 });
    expect(st.nTrees).toBe(200);
    const p = predictGradientBoosting(st, takeMatrixRows(X, f.d, test));
    const a = auc(p, Uint8Array.from(test, (i) => y[i]));
    expect(Math.abs(a - f.testAuc)).toBeLessThan(0.01);
    // Same binning, split rules and leaf values as sklearn: the probabilities agree closely.
    for (let k = 0; k < f.testProbaHead.length; k++) expect(p[k]).toBeCloseTo(f.testProbaHead[k], 5);
  });
});

describeWithSharedData('gradient boosting on the WNS promotion data', ['hr_promotion_train_LZdllcl.csv'], () => {
  it('has a test AUC within 0.01 of sklearn', async () => {
    const w = loadWnsMatrix(sharedDataPath('hr_promotion_train_LZdllcl.csv'));
    const { train, test } = splitEvery(w.n, fixture.wns!.testEvery);
    const st = await fitGradientBoosting(takeMatrixRows(w.X, w.d, train), Uint8Array.from(train, (i) => w.y[i]), { seed: 1 });
    const a = auc(predictGradientBoosting(st, takeMatrixRows(w.X, w.d, test)), Uint8Array.from(test, (i) => w.y[i]));
    expect(Math.abs(a - fixture.wns!.testAuc)).toBeLessThan(0.01);
  }, 60_000);
});

/** Small integer-valued data (few distinct values, so weights and duplicates bin identically). */
function smallData(n: number, seed: number): { m: FeatureMatrix; y: Uint8Array } {
  const d = 3;
  const X = new Float64Array(n * d);
  const y = new Uint8Array(n);
  let s = seed;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) X[i * d + j] = Math.floor(next() * 6);
    y[i] = next() < 1 / (1 + Math.exp(-(X[i * d] - 2.5 + (X[i * d + 1] > 3 ? 1 : 0)))) ? 1 : 0;
  }
  return { m: { n, d, X, names: ['a', 'b', 'c'] }, y };
}

describe('gradient boosting options', () => {
  it('treats a row weight of 2 like a duplicated row', async () => {
    const { m, y } = smallData(300, 3);
    const w = new Float64Array(m.n).fill(1);
    const dupRows: number[] = [];
    for (let i = 0; i < m.n; i++) {
      dupRows.push(i);
      if (i % 3 === 0) {
        w[i] = 2;
        dupRows.push(i);
      }
    }
    const opts = { seed: 1, maxIter: 20, minSamplesLeaf: 1 };
    const weighted = await fitGradientBoosting(m, y, { ...opts, sampleWeight: w });
    const dup = await fitGradientBoosting(takeMatrixRows(m.X, m.d, dupRows), Uint8Array.from(dupRows, (i) => y[i]), opts);
    const pw = predictGradientBoosting(weighted, m);
    const pd = predictGradientBoosting(dup, m);
    for (let i = 0; i < m.n; i++) expect(pw[i]).toBeCloseTo(pd[i], 9);
  });

  it('stops early on a seeded validation split and keeps the best iteration', async () => {
    const { X, y } = syntheticData(3000, 6);
    const m = takeMatrixRows(X, 6, Array.from({ length: 3000 }, (_, i) => i));
    const a = await fitGradientBoosting(m, y, { seed: 7, maxIter: 500, learningRate: 0.3, earlyStopping: true });
    const b = await fitGradientBoosting(m, y, { seed: 7, maxIter: 500, learningRate: 0.3, earlyStopping: true });
    expect(a.nTrees).toBeLessThan(500);
    expect(a.validLoss.length).toBe(a.nTrees + 10);
    const best = Math.min(...a.validLoss);
    expect(a.validLoss[a.nTrees - 1]).toBe(best);
    expect(Array.from(b.value)).toEqual(Array.from(a.value));
  });

  it('respects max depth, max leaves and min samples per leaf', async () => {
    const { X, y } = syntheticData(2000, 6);
    const m = takeMatrixRows(X, 6, Array.from({ length: 2000 }, (_, i) => i));
    const st = await fitGradientBoosting(m, y, { seed: 1, maxIter: 5, maxDepth: 2, maxLeaves: 31, minSamplesLeaf: 50 });
    for (let t = 0; t < st.nTrees; t++) {
      const depthOf = (node: number): number => (st.feature[node] < 0 ? 0 : 1 + Math.max(depthOf(st.left[node]), depthOf(st.right[node])));
      expect(depthOf(st.roots[t])).toBeLessThanOrEqual(2);
    }
    for (let k = 0; k < st.feature.length; k++) if (st.feature[k] < 0) expect(st.cover[k]).toBeGreaterThanOrEqual(50);
    const leafy = await fitGradientBoosting(m, y, { seed: 1, maxIter: 3, maxDepth: 0, maxLeaves: 5, minSamplesLeaf: 1 });
    const end = (t: number) => (t + 1 < leafy.nTrees ? leafy.roots[t + 1] : leafy.feature.length);
    for (let t = 0; t < leafy.nTrees; t++) {
      let leaves = 0;
      for (let k = leafy.roots[t]; k < end(t); k++) if (leafy.feature[k] < 0) leaves++;
      expect(leaves).toBe(5);
    }
  });

  it('sends missing values where training sent them and unseen ones to the larger child', async () => {
    // y = 1 exactly when feature 0 is missing: the model must learn "missing → positive".
    const n = 400;
    const X = new Float64Array(n * 2);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      X[i * 2] = i % 4 === 0 ? NaN : i % 7;
      X[i * 2 + 1] = i % 5;
      y[i] = i % 4 === 0 ? 1 : 0;
    }
    const st = await fitGradientBoosting({ n, d: 2, X, names: ['a', 'b'] }, y, { seed: 1, maxIter: 30 });
    const p = predictGradientBoosting(st, { n: 2, d: 2, X: Float64Array.from([NaN, 1, 3, NaN]), names: ['a', 'b'] });
    expect(p[0]).toBeGreaterThan(0.9);
    // feature b never missing in training: a missing b must still score like a typical row
    expect(p[1]).toBeLessThan(0.1);
  });

  it('offers a scorer for the model kind (the gradient-boosting node declares it)', async () => {
    const { m, y } = smallData(200, 5);
    const st = await fitGradientBoosting(m, y, { seed: 1, maxIter: 10 });
    installScorers([['gradient-boosting', gradientBoostingScorer]]);
    const scorer = getScorer('gradient-boosting');
    const viaScorer = scorer({ kind: 'gradient-boosting', state: st as unknown as Record<string, unknown> } as never, m);
    expect(Array.from(viaScorer)).toEqual(Array.from(predictGradientBoosting(st, m)));
  });
});
