import { describe, expect, it } from 'vitest';
import { predict } from './index.ts';
import { logisticRegression } from '../logistic-regression/index.ts';
import { createNodeContext } from '../../src/runtime/node-context.ts';
import { withDefaults } from '../../src/core/params.ts';
import { generatePromotion } from '../../src/samples/promotion.ts';
import type { Model } from '../../src/core/ports.ts';
import type { NumericColumn, Table } from '../../src/core/table/table.ts';

const ctx = () => createNodeContext({ nodeId: 'predict' });
const col = (t: Table, name: string) => t.columns.find((c) => c.name === name) as NumericColumn;

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
