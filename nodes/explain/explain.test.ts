import { describe, expect, it } from 'vitest';
import { explain } from './index.ts';
import { gradientBoosting } from '../gradient-boosting/index.ts';
import { logisticRegression } from '../logistic-regression/index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { withDefaults } from '../../src/core/params.ts';
import type { Table } from '../../src/core/table/table.ts';
import { isShapExplanation, toProbability } from '../../src/ml/explain/explanation.ts';

function table(n: number, withMissing: boolean): Table {
  const pay = new Float64Array(n);
  const eng = new Float64Array(n);
  const dept = new Int32Array(n);
  const left = new Float64Array(n);
  let s = 3;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  for (let i = 0; i < n; i++) {
    pay[i] = 0.8 + next() * 0.4;
    eng[i] = withMissing && i % 10 === 0 ? NaN : 1 + next() * 4;
    dept[i] = Math.floor(next() * 3);
    const z = -10 * (pay[i] - 1) - (Number.isNaN(eng[i]) ? 0 : eng[i] - 3) + (dept[i] === 0 ? 1 : 0);
    left[i] = next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return {
    nRows: n,
    columns: [
      { name: 'employee_id', type: 'integer', role: 'identifier', values: Float64Array.from({ length: n }, (_, i) => 1000 + i) },
      { name: 'market_ratio', type: 'number', values: pay },
      { name: 'engagement', type: 'number', values: eng },
      { name: 'department', type: 'category', codes: dept, categories: ['Sales', 'HR', 'IT'] },
      { name: 'left', type: 'integer', role: 'target', values: left },
    ],
  };
}

const ctx = () => testContext({ nodeId: 'explain' });

describe('explain node', () => {
  it('explains gradient boosting with TreeSHAP, grouped by column, adding up to each score', async () => {
    const t = table(800, true);
    const { model } = await gradientBoosting.run({ inputs: { train: t, test: undefined }, params: withDefaults(gradientBoosting.params, { target: 'left', positive: '1', maxIter: 40 }), ctx: ctx() });
    const { explanation } = await explain.run({ inputs: { model, table: t }, params: withDefaults(explain.params, { idColumn: 'employee_id', maxRows: 100 }), ctx: ctx() });
    expect(isShapExplanation(explanation)).toBe(true);
    const d = explanation.data as unknown as import('../../src/ml/explain/explanation.ts').ShapExplanationData;
    expect(d.method).toBe('tree');
    expect(d.features).toEqual(['market_ratio', 'engagement', 'department']);
    expect(d.rows).toBe(100);
    expect(d.rowIds[0]).toBe('1000');
    expect(d.featureLabels[2]![0]).toMatch(/Sales|HR|IT/);
    for (let i = 0; i < d.rows; i++) {
      let sum = d.expectedValue;
      for (let g = 0; g < 3; g++) sum += d.shap[i * 3 + g];
      expect(Math.abs(toProbability(d.outputScale, sum) - d.scores[i])).toBeLessThan(1e-9);
    }
    expect(d.importance[0].feature).toBe('market_ratio');
  });

  it('explains logistic regression exactly (linear SHAP) and sampling agrees on the ranking', async () => {
    const t = table(600, false);
    const { model } = await logisticRegression.run({ inputs: { train: t, test: undefined }, params: withDefaults(logisticRegression.params, { target: 'left', positive: '1', features: ['market_ratio', 'engagement', 'department'] }), ctx: ctx() });
    const lin = await explain.run({ inputs: { model, table: t }, params: withDefaults(explain.params, { maxRows: 60 }), ctx: ctx() });
    const ld = lin.explanation.data as unknown as import('../../src/ml/explain/explanation.ts').ShapExplanationData;
    expect(ld.method).toBe('linear');
    for (let i = 0; i < ld.rows; i++) {
      const sum = ld.expectedValue + ld.shap[i * 3] + ld.shap[i * 3 + 1] + ld.shap[i * 3 + 2];
      expect(Math.abs(toProbability('log-odds', sum) - ld.scores[i])).toBeLessThan(1e-9);
    }
    const smp = await explain.run({ inputs: { model, table: t }, params: withDefaults(explain.params, { method: 'sampling', maxRows: 30, timeBudgetMs: 300 }), ctx: ctx() });
    const sd = smp.explanation.data as unknown as import('../../src/ml/explain/explanation.ts').ShapExplanationData;
    expect(sd.method).toBe('sampling');
    expect(sd.outputScale).toBe('probability');
    for (let i = 0; i < sd.rows; i++) {
      const sum = sd.expectedValue + sd.shap[i * 3] + sd.shap[i * 3 + 1] + sd.shap[i * 3 + 2];
      expect(Math.abs(sum - sd.scores[i])).toBeLessThan(1e-9);
    }
    expect(sd.importance[0].feature).toBe(ld.importance[0].feature);
  });

  it('refuses TreeSHAP for a linear model with a clear message', async () => {
    const t = table(200, false);
    const { model } = await logisticRegression.run({ inputs: { train: t, test: undefined }, params: withDefaults(logisticRegression.params, { target: 'left', positive: '1', features: ['market_ratio'] }), ctx: ctx() });
    await expect(explain.run({ inputs: { model, table: t }, params: withDefaults(explain.params, { method: 'tree' }), ctx: ctx() })).rejects.toThrow(/TreeSHAP needs a tree model/);
  });
});
