import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import type { Table } from '../../src/core/table/table.ts';
import { computeFairness } from '../../src/ml/fairness/fairness-metrics.ts';
import { binaryOutcome, encodeGroups } from '../../src/ml/fairness/groups.ts';
import { scoreTable } from '../../src/ml/models/scorers.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { adversarialDebiasing } from './index.ts';

/**
 * Group B has higher skill on average; the model sees a noisy skill measure and a proxy of the group.
 * An unconstrained model uses the proxy as a prior, so at equal true outcome group B is selected more
 * often (an equalized odds violation) — what the adversary is there to remove.
 */
function biasedTable(n: number, seed: number): Table {
  const rng = createRng(seed);
  const g = new Int32Array(n);
  const skill = new Float64Array(n);
  const proxy = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    g[i] = rng.next() < 0.5 ? 1 : 0;
    const s = g[i] + rng.normal();
    y[i] = s > 0.5 ? 1 : 0;
    skill[i] = s + rng.normal();
    proxy[i] = g[i] + 0.3 * rng.normal();
  }
  return {
    nRows: n,
    columns: [
      { name: 'group', type: 'category', categories: ['A', 'B'], codes: g },
      { name: 'skill', type: 'number', values: skill },
      { name: 'proxy', type: 'number', values: proxy },
      { name: 'promoted', type: 'integer', values: y },
    ],
  };
}

const params = {
  target: 'promoted',
  positive: '1',
  features: ['skill', 'proxy'],
  threshold: 0.5,
  protected: 'group',
  privileged: 'B',
  adversaryWeight: 0.1,
  epochs: 20,
  batchSize: 64,
  hiddenUnits: 16,
  learningRate: 0.001,
  debias: true,
  backend: 'auto' as const,
};

async function eqOdds(pred: Table): Promise<number> {
  const r = await computeFairness(
    { groups: encodeGroups(pred, ['group']), predicted: binaryOutcome(pred, 'predicted', '1'), actual: binaryOutcome(pred, 'actual', '1') },
    { privileged: 'B', resamples: 0 },
  );
  return r.equalizedOddsDifference;
}

describe('adversarial-debiasing node', () => {
  const table = biasedTable(2000, 3);
  it('reduces the equalized odds difference against the same network without the adversary', async () => {
    const plain = await adversarialDebiasing.run({ inputs: { train: table, test: undefined }, params: { ...params, debias: false }, ctx: testContext({ nodeId: 'ad' }) });
    const fair = await adversarialDebiasing.run({ inputs: { train: table, test: undefined }, params, ctx: testContext({ nodeId: 'ad' }) });
    const before = await eqOdds(plain.predictions);
    const after = await eqOdds(fair.predictions);
    expect(before).toBeGreaterThan(0.25);
    expect(after).toBeLessThan(before * 0.4);
    // The registered scorer reproduces the node's scores without TF.js.
    const again = scoreTable(fair.model, table);
    const score = fair.predictions.columns.find((c) => c.name === 'score')!;
    if (score.type !== 'number') throw new Error('score column missing');
    expect(again[0]).toBeCloseTo(score.values[0], 6);
  }, 60_000);
  it('is reproducible for a seed', async () => {
    const small = biasedTable(300, 4);
    const p = { ...params, epochs: 2 };
    const a = await adversarialDebiasing.run({ inputs: { train: small, test: undefined }, params: p, ctx: testContext({ nodeId: 'ad' }) });
    const b = await adversarialDebiasing.run({ inputs: { train: small, test: undefined }, params: p, ctx: testContext({ nodeId: 'ad' }) });
    expect(a.model.metrics).toEqual(b.model.metrics);
  }, 30_000);
  it('honours row weights (uniform weights change nothing, uneven ones do)', async () => {
    const small = biasedTable(300, 4);
    const p = { ...params, epochs: 2 };
    const run = (weights?: Float64Array) =>
      adversarialDebiasing.run({ inputs: { train: { ...small, weights }, test: undefined }, params: p, ctx: testContext({ nodeId: 'ad' }) });
    const plain = await run();
    const uniform = await run(new Float64Array(300).fill(2));
    const uneven = await run(Float64Array.from({ length: 300 }, (_, i) => (i % 2 ? 3 : 0.2)));
    expect(uniform.model.metrics!.classifierLoss).toBeCloseTo(plain.model.metrics!.classifierLoss, 6);
    expect(uneven.model.metrics!.classifierLoss).not.toBeCloseTo(plain.model.metrics!.classifierLoss, 3);
  }, 30_000);
});
