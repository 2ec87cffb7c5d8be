import { afterAll, describe, expect, it } from 'vitest';
import { fitGradientBoosting, type GradientBoostingState } from './gradient-boosting.ts';
import { acquireNodeHelperThread, stopNodeHelperThread } from './node-helper-thread.ts';
import { syntheticData, takeMatrixRows } from './reference-data.ts';

afterAll(() => stopNodeHelperThread());

function expectSameModel(a: GradientBoostingState, b: GradientBoostingState): void {
  expect(b.nTrees).toBe(a.nTrees);
  expect(Array.from(b.feature)).toEqual(Array.from(a.feature));
  expect(Array.from(b.threshold)).toEqual(Array.from(a.threshold));
  expect(Array.from(b.missingLeft!)).toEqual(Array.from(a.missingLeft!));
  // Bit-identical leaf values, not merely close: the helper only changes who computes what.
  expect(Array.from(b.value)).toEqual(Array.from(a.value));
  expect(Array.from(b.cover)).toEqual(Array.from(a.cover));
}

describe('gradient boosting with a helper thread', () => {
  const n = 20_000;
  const d = 6;
  const { X, y } = syntheticData(n, d);
  const m = takeMatrixRows(X, d, Array.from({ length: n }, (_, i) => i));
  const options = { seed: 3, maxIter: 15, maxDepth: 6, learningRate: 0.1 };

  it('grows exactly the model one thread grows', async () => {
    const one = await fitGradientBoosting(m, y, options);
    const helper = acquireNodeHelperThread();
    expect(helper).toBeDefined();
    let two: GradientBoostingState;
    try {
      two = await fitGradientBoosting(m, y, { ...options, helperThread: helper });
    } finally {
      helper!.done();
    }
    expect(one.value.length).toBeGreaterThan(15 * 20);
    expectSameModel(one, two);
  }, 30_000);

  it('is identical with row weights too, and the helper serves fit after fit', async () => {
    const sampleWeight = Float64Array.from({ length: n }, (_, i) => (y[i] === 1 ? 2 : 0.5 + (i % 3) * 0.25));
    const one = await fitGradientBoosting(m, y, { ...options, sampleWeight });
    for (let rep = 0; rep < 2; rep++) {
      const helper = acquireNodeHelperThread();
      // One fit at a time: a second caller gets no helper and runs on one thread.
      expect(acquireNodeHelperThread()).toBeUndefined();
      try {
        expectSameModel(one, await fitGradientBoosting(m, y, { ...options, sampleWeight, helperThread: helper }));
      } finally {
        helper!.done();
      }
    }
  }, 30_000);
});
