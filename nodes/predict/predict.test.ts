import { describe, expect, it } from 'vitest';
import { predict } from './index.ts';
import { logisticRegression } from '../logistic-regression/index.ts';
import { gradientBoosting } from '../gradient-boosting/index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { withDefaults } from '../../src/core/params.ts';
import { generatePromotion } from '../../src/samples/promotion.ts';
import type { Model } from '../../src/core/ports.ts';
import type { CategoryColumn, NumericColumn, Table } from '../../src/core/table/table.ts';

const ctx = () => testContext({ nodeId: 'predict' });
const col = (t: Table, name: string) => t.columns.find((c) => c.name === name) as NumericColumn;

/** Attrition-like rows with gaps: every 7th engagement and every 5th department missing. */
function withGaps(n: number, seed: number): Table {
  let s = seed;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const pay = new Float64Array(n);
  const eng = new Float64Array(n);
  const dept = new Int32Array(n);
  const left = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    pay[i] = 0.8 + next() * 0.4;
    eng[i] = i % 7 === 3 ? NaN : 1 + next() * 4;
    dept[i] = i % 5 === 1 ? -1 : Math.floor(next() * 3);
    const z = -8 * (pay[i] - 1) - (Number.isNaN(eng[i]) ? -1 : eng[i] - 3) + (dept[i] === 0 ? 0.8 : 0);
    left[i] = next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return {
    nRows: n,
    columns: [
      { name: 'market_ratio', type: 'number', values: pay },
      { name: 'engagement', type: 'number', values: eng },
      { name: 'department', type: 'category', codes: dept, categories: ['Sales', 'HR', 'IT'] },
      { name: 'left', type: 'integer', role: 'target', values: left },
    ],
  };
}

describe('predict node', () => {
  it('reproduces the trainer’s own predictions for the same rows, and uses the model threshold', async () => {
    const data = generatePromotion({ rows: 600, seed: 3 });
    const { model, predictions } = await logisticRegression.run({
      inputs: { train: data, test: undefined },
      params: withDefaults(logisticRegression.params, { target: 'promoted', features: ['department', 'kpi_score', 'peer_rating'], threshold: 0.3 }),
      ctx: ctx(),
    });
    const { predictions: again } = await predict.run({
      inputs: { model, table: data },
      params: withDefaults(predict.params, {}),
      ctx: ctx(),
    });
    expect(Array.from(col(again, 'score').values)).toEqual(Array.from(col(predictions, 'score').values));
    expect(Array.from(col(again, 'predicted').values)).toEqual(Array.from(col(predictions, 'predicted').values));
    expect(Array.from(col(again, 'actual').values)).toEqual(Array.from(col(data, 'promoted').values));
    const custom = await predict.run({ inputs: { model, table: data }, params: withDefaults(predict.params, { thresholdFrom: 'custom', threshold: 0.99 }), ctx: ctx() });
    const nPos = col(custom.predictions, 'predicted').values.reduce((a, b) => a + b, 0);
    expect(nPos).toBeLessThan(col(predictions, 'predicted').values.reduce((a, b) => a + b, 0));
  });

  it('scores a hand-made linear model exactly: σ(2·x − 1)', async () => {
    const model: Model = {
      kind: 'logistic-regression',
      hyperParams: { threshold: 0.5 },
      featureNames: ['x'],
      featurizer: { version: 1, columns: [{ name: 'x', kind: 'numeric', type: 'number' }] },
      state: { coef: Float64Array.from([2]), intercept: -1 },
      target: { column: 'y', positive: '1' },
      fingerprint: 'test',
    };
    const table: Table = { nRows: 3, columns: [{ name: 'x', type: 'number', values: Float64Array.from([0, 0.5, 2]) }] };
    const { predictions } = await predict.run({ inputs: { model, table }, params: withDefaults(predict.params, {}), ctx: ctx() });
    const s = col(predictions, 'score').values;
    expect(s[0]).toBeCloseTo(1 / (1 + Math.exp(1)), 15);
    expect(s[1]).toBe(0.5);
    expect(s[2]).toBeCloseTo(1 / (1 + Math.exp(-3)), 15);
    expect(Array.from(col(predictions, 'predicted').values)).toEqual([0, 1, 1]);
    expect(col(predictions, 'actual').values.every((v) => Number.isNaN(v))).toBe(true);
  });

  it('scores gradient boosting on rows with missing numbers and categories, exactly as its trainer does', async () => {
    const train = withGaps(800, 5);
    const test = withGaps(200, 17);
    const { model, predictions } = await gradientBoosting.run({
      inputs: { train, test },
      params: withDefaults(gradientBoosting.params, { target: 'left', positive: '1', maxIter: 30, minSamplesLeaf: 10 }),
      ctx: ctx(),
    });
    const eng = col(test, 'engagement').values;
    const dept = (test.columns[2] as CategoryColumn).codes;
    expect(eng.filter((v) => Number.isNaN(v)).length).toBeGreaterThan(20);
    expect(dept.filter((c) => c < 0).length).toBe(40);
    const { predictions: again } = await predict.run({ inputs: { model, table: test }, params: withDefaults(predict.params, {}), ctx: ctx() });
    const scores = col(again, 'score').values;
    expect(Array.from(scores)).toEqual(Array.from(col(predictions, 'score').values));
    expect(Array.from(col(again, 'predicted').values)).toEqual(Array.from(col(predictions, 'predicted').values));
    expect(scores.every((v) => v > 0 && v < 1)).toBe(true);
    // The trees learned something from the gaps: rows missing engagement do not all score alike.
    expect(new Set(Array.from(scores).filter((_, i) => Number.isNaN(eng[i]))).size).toBeGreaterThan(1);
    // A missing department counts as none of the known ones, like an unseen department.
    const unseen: Table = {
      ...test,
      columns: test.columns.map((c) =>
        c.name === 'department' ? { ...(c as CategoryColumn), categories: ['Sales', 'HR', 'IT', 'Legal'], codes: Int32Array.from(dept, (k) => (k < 0 ? 3 : k)) } : c,
      ),
    };
    const { predictions: legal } = await predict.run({ inputs: { model, table: unseen }, params: withDefaults(predict.params, {}), ctx: ctx() });
    expect(Array.from(col(legal, 'score').values)).toEqual(Array.from(scores));
  });

  it('still refuses missing values for logistic regression, naming the column and row', async () => {
    const data = generatePromotion({ rows: 300, seed: 4 });
    const { model } = await logisticRegression.run({
      inputs: { train: data, test: undefined },
      params: withDefaults(logisticRegression.params, { target: 'promoted', features: ['department', 'kpi_score', 'peer_rating'] }),
      ctx: ctx(),
    });
    const kpi = Float64Array.from(col(data, 'kpi_score').values);
    kpi[4] = NaN;
    const gappy: Table = { ...data, columns: data.columns.map((c) => (c.name === 'kpi_score' ? { ...(c as NumericColumn), values: kpi } : c)) };
    await expect(predict.run({ inputs: { model, table: gappy }, params: withDefaults(predict.params, {}), ctx: ctx() })).rejects.toThrow(
      /Column "kpi_score" has a missing value in row 5\. .*add an Impute missing node/,
    );
  });

  it('names an unknown model kind and a missing feature column', async () => {
    const base: Model = {
      kind: 'mystery-forest',
      hyperParams: {},
      featureNames: ['x'],
      featurizer: { version: 1, columns: [{ name: 'x', kind: 'numeric', type: 'number' }] },
      state: {},
      target: { column: 'y', positive: '1' },
      fingerprint: 'f',
    };
    const table: Table = { nRows: 1, columns: [{ name: 'x', type: 'number', values: Float64Array.from([1]) }] };
    await expect(predict.run({ inputs: { model: base, table }, params: withDefaults(predict.params, {}), ctx: ctx() })).rejects.toThrow(
      /No scorer is known for models of kind "mystery-forest"/,
    );
    const lr = { ...base, kind: 'logistic-regression' };
    const other: Table = { nRows: 1, columns: [{ name: 'z', type: 'number', values: Float64Array.from([1]) }] };
    await expect(predict.run({ inputs: { model: lr, table: other }, params: withDefaults(predict.params, {}), ctx: ctx() })).rejects.toThrow(
      /Feature column "x" is not in the table/,
    );
  });
});
