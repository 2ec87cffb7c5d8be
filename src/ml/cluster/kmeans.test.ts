import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import fixture from './kmeans.fixture.json';
import { kmeans, orderBySize } from './kmeans.ts';

const n = fixture.X.length;
const d = fixture.X[0].length;
const X = Float64Array.from(fixture.X.flat());

describe('k-means against scikit-learn (scripts/fixtures/kmeans.py)', () => {
  for (const c of fixture.cases) {
    it(`k = ${c.k}: inertia matches KMeans(n_init=10)`, async () => {
      const res = orderBySize(await kmeans(X, n, d, { k: c.k, nInit: 10, rng: createRng(1) }), d);
      // Same optimum as scikit-learn (k = 6 has near-equal local optima: allow 1%, never worse).
      if (c.k <= 4) expect(res.inertia).toBeCloseTo(c.inertia, 6);
      else expect(res.inertia).toBeLessThanOrEqual(c.inertia * 1.01);
      if (c.k <= 4) expect(Array.from(res.sizes)).toEqual(c.sizes);
      // Inertia is consistent with labels and centres.
      let s = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < d; j++) s += (X[i * d + j] - res.centers[res.labels[i] * d + j]) ** 2;
      }
      expect(s).toBeCloseTo(res.inertia, 6);
    });
  }
  it('is deterministic for a seed', async () => {
    const a = await kmeans(X, n, d, { k: 3, nInit: 2, rng: createRng(5) });
    const b = await kmeans(X, n, d, { k: 3, nInit: 2, rng: createRng(5) });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
  });
});
