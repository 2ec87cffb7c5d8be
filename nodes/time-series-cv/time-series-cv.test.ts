import { describe, expect, it } from 'vitest';
import { timeSeriesCv } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { withDefaults } from '../../src/core/params.ts';
import type { Table } from '../../src/core/table/table.ts';
import { parseIsoDate } from '../../src/ml/temporal/dates.ts';

function panel(): Table {
  const quarters = ['2023-03-31', '2023-06-30', '2023-09-30', '2023-12-31', '2024-03-31', '2024-06-30', '2024-09-30'].map(parseIsoDate);
  const ids: number[] = [];
  const dates: number[] = [];
  const ratio: number[] = [];
  const label: number[] = [];
  let s = 5;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  quarters.forEach((q, k) => {
    for (let e = 0; e < 300; e++) {
      ids.push(e);
      dates.push(q);
      const r = 0.8 + next() * 0.4;
      ratio.push(r);
      // the last quarter's outcomes are not known yet
      label.push(k === quarters.length - 1 ? NaN : next() < 1 / (1 + Math.exp(10 * (r - 0.95))) ? 1 : 0);
    }
  });
  return {
    nRows: ids.length,
    columns: [
      { name: 'employee_id', type: 'integer', role: 'identifier', values: Float64Array.from(ids) },
      { name: 'snapshot_date', type: 'date', role: 'time', values: Float64Array.from(dates) },
      { name: 'market_ratio', type: 'number', values: Float64Array.from(ratio) },
      { name: 'left_within_6m', type: 'integer', role: 'target', values: Float64Array.from(label) },
    ],
  };
}

describe('time-series-cv node', () => {
  it('reports metrics per fold and their spread, with out-of-fold predictions', async () => {
    const params = withDefaults(timeSeriesCv.params, {
      target: 'left_within_6m',
      positive: '1',
      features: ['market_ratio'],
      dateColumn: 'snapshot_date',
      groupColumn: 'employee_id',
      folds: 4,
      gapMonths: 6,
      maxIter: 30,
    });
    const { metrics, predictions } = await timeSeriesCv.run({ inputs: { table: panel(), model: undefined }, params, ctx: testContext({ nodeId: 'cv' }) });
    expect(metrics.kind).toBe('cross-validation');
    expect(metrics.folds!.length).toBe(4);
    // expanding window: each fold trains on more rows; the first trains on the first quarter only
    const train = metrics.folds!.map((f) => f.trainRows);
    expect(train).toEqual([300, 600, 900, 1200]);
    expect(metrics.values.auc).toBeGreaterThan(0.65);
    expect(metrics.values.aucStd).toBeGreaterThanOrEqual(0);
    expect(predictions.nRows).toBe(4 * 300);
    expect(predictions.columns.map((c) => c.name).slice(-4)).toEqual(['score', 'predicted', 'actual', 'fold']);
  });
});
