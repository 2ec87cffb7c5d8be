import { describe, expect, it } from 'vitest';
import { linearShap } from './linear-shap.ts';
import { samplingShap } from './sampling-shap.ts';
import { featureGroups } from './feature-groups.ts';
import { createRng } from '../../core/rng.ts';
import type { FeatureMatrix, FeaturizerSpec } from '../features/featurizer.ts';

describe('feature groups', () => {
  const spec: FeaturizerSpec = {
    version: 1,
    columns: [
      { name: 'pay', kind: 'numeric', type: 'number' },
      { name: 'dept', kind: 'one-hot', categories: ['Sales', 'HR', 'IT'], dropFirst: false },
    ],
    sparse: { name: 'tfidf', nCols: 2, featureNames: ['a', 'b'] },
  };
  const names = ['pay', 'dept=Sales', 'dept=HR', 'dept=IT', 'tfidf:a', 'tfidf:b'];
  it('maps one-hot indicators and tokens to their source columns', () => {
    const g = featureGroups(spec, names, true, 'comment');
    expect(g.names).toEqual(['pay', 'dept', 'comment']);
    expect(Array.from(g.groupOf)).toEqual([0, 1, 1, 1, 2, 2]);
  });
  it('keeps indicators apart when not grouping (tokens stay grouped)', () => {
    const g = featureGroups(spec, names, false, 'comment');
    expect(g.names).toEqual(['pay', 'dept=Sales', 'dept=HR', 'dept=IT', 'comment']);
  });
});

describe('linear SHAP', () => {
  it('is w·(x − mean) and adds up to the margin minus the expected value', () => {
    const m: FeatureMatrix = {
      n: 3,
      d: 2,
      X: Float64Array.from([1, 0, 2, 1, 3, 2]),
      names: ['a', 'b'],
      sparse: { nRows: 3, nCols: 2, indptr: Int32Array.from([0, 1, 1, 3]), indices: Int32Array.from([1, 0, 1]), values: Float64Array.from([0.5, 1, 2]) },
    };
    const coef = [0.5, -1, 2, 3];
    const { values, expectedValue } = linearShap(m, coef, 0.25, Int32Array.from([0, 1, 2, 2]), 3);
    // means: a 2, b 1, t0 1/3, t1 2.5/3
    expect(expectedValue).toBeCloseTo(0.25 + 0.5 * 2 - 1 * 1 + 2 / 3 + 3 * (2.5 / 3), 12);
    expect(values[0]).toBeCloseTo(0.5 * (1 - 2), 12);
    expect(values[1]).toBeCloseTo(-1 * (0 - 1), 12);
    // row 0 tokens: t1 = 0.5 → 2·(0 − 1/3) + 3·(0.5 − 2.5/3)
    expect(values[2]).toBeCloseTo(2 * (0 - 1 / 3) + 3 * (0.5 - 2.5 / 3), 12);
    for (let i = 0; i < 3; i++) {
      const x = [m.X[i * 2], m.X[i * 2 + 1], 0, 0];
      for (let k = m.sparse!.indptr[i]; k < m.sparse!.indptr[i + 1]; k++) x[2 + m.sparse!.indices[k]] = m.sparse!.values[k];
      const margin = 0.25 + x.reduce((s, v, j) => s + v * coef[j], 0);
      expect(values[i * 3] + values[i * 3 + 1] + values[i * 3 + 2]).toBeCloseTo(margin - expectedValue, 10);
    }
  });
});

describe('sampling SHAP', () => {
  const d = 3;
  const predict = (rows: Float64Array, m: number) => {
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) out[i] = 2 * rows[i * d] + rows[i * d + 1] * rows[i * d + 2];
    return out;
  };
  const X = Float64Array.from([1, 2, 3, -1, 0.5, 4]);
  const background = Float64Array.from([0, 0, 0, 1, 1, 1]);
  it('adds up exactly and recovers the exact Shapley values of a small model', () => {
    const res = samplingShap({ X, n: 2, d, background, nb: 2, groupOf: Int32Array.from([0, 1, 2]), nOut: 3, predict, rng: createRng(1), timeBudgetMs: 10_000, maxPermutations: 400 });
    expect(res.expectedValue).toBeCloseTo((0 + 3) / 2, 12);
    for (let i = 0; i < 2; i++) {
      const f = predict(X.subarray(i * d, i * d + d), 1)[0];
      expect(res.values[i * 3] + res.values[i * 3 + 1] + res.values[i * 3 + 2]).toBeCloseTo(f - res.expectedValue, 10);
    }
    // Exact for row 0 = (1, 2, 3): φ_a = 2·(1 − 0.5) = 1 (additive term). The product x1·x2 per background
    // row b: φ_b = ½[(x1·b2 − b1·b2) + (x1·x2 − b1·x2)], φ_c alike: with b = 0 → 3 and 3; b = 1 → 2 and 3.
    expect(res.values[0]).toBeCloseTo(1, 10);
    expect(Math.abs(res.values[1] - 2.5)).toBeLessThan(0.15);
    expect(Math.abs(res.values[2] - 3)).toBeLessThan(0.15);
  });
  it('stops at the time budget after at least one pair of permutations', () => {
    const res = samplingShap({ X, n: 2, d, background, nb: 2, groupOf: Int32Array.from([0, 1, 2]), nOut: 3, predict, rng: createRng(2), timeBudgetMs: 0 });
    expect(res.permutations).toBe(2);
  });
});
