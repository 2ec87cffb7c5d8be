import { describe, expect, it } from 'vitest';
import { gradientBoosting } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import type { Table } from '../../src/core/table/table.ts';
import { withDefaults } from '../../src/core/params.ts';
import { auc } from '../../src/ml/metrics/classification.ts';

function table(n: number): Table {
  const pay = new Float64Array(n);
  const eng = new Float64Array(n);
  const dept = new Int32Array(n);
  const left = new Int32Array(n);
  let s = 11;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  for (let i = 0; i < n; i++) {
    pay[i] = 0.8 + next() * 0.4;
    eng[i] = i % 9 === 0 ? NaN : 1 + next() * 4;
    dept[i] = i % 3 === 0 ? -1 : Math.floor(next() * 3);
    const z = -8 * (pay[i] - 1) - (Number.isNaN(eng[i]) ? 0 : eng[i] - 3) + (dept[i] === 0 ? 0.5 : 0);
    left[i] = next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return {
    nRows: n,
    columns: [
      { name: 'employee_id', type: 'integer', role: 'identifier', values: Float64Array.from({ length: n }, (_, i) => i) },
      { name: 'market_ratio', type: 'number', values: pay },
      { name: 'engagement', type: 'number', values: eng },
      { name: 'department', type: 'category', codes: dept, categories: ['Sales', 'HR', 'IT'] },
      { name: 'left', type: 'category', role: 'target', codes: left, categories: ['no', 'yes'] },
    ],
  };
}

describe('gradient-boosting node', () => {
  it('trains on data with missing values and predicts the test table', async () => {
    const params = withDefaults(gradientBoosting.params, { target: 'left', positive: 'yes', maxIter: 50 });
    const logs: string[] = [];
    const out = await gradientBoosting.run({
      inputs: { train: table(2000), test: table(500) },
      params,
      ctx: testContext({ nodeId: 'gb', onLog: (m) => logs.push(m) }),
    });
    expect(out.model.kind).toBe('gradient-boosting');
    expect(logs).toContain('Grew 50 trees with the WebAssembly SIMD kernels.');
    expect(out.model.featureNames).toEqual(['market_ratio', 'engagement', 'department=Sales', 'department=HR', 'department=IT']);
    const score = out.predictions.columns.find((c) => c.name === 'score')!;
    const actual = out.predictions.columns.find((c) => c.name === 'actual')!;
    expect(out.predictions.nRows).toBe(500);
    if (score.type === 'text' || score.type === 'category' || actual.type === 'text' || actual.type === 'category') throw new Error('types');
    expect(auc(score.values, actual.values)).toBeGreaterThan(0.7);
  });

  it('names the row of a missing target', async () => {
    const t = table(100);
    const target = t.columns[4];
    if (target.type === 'category') target.codes[7] = -1;
    const params = withDefaults(gradientBoosting.params, { target: 'left', positive: 'yes', maxIter: 5 });
    await expect(gradientBoosting.run({ inputs: { train: t, test: undefined }, params, ctx: testContext({ nodeId: 'gb' }) })).rejects.toThrow(/row 8/);
  });
});
