import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/core/table/table.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { fairnessMetrics } from './index.ts';

// A predictions table as the trainer builds it: input columns + score, predicted, actual.
const preds: Table = {
  nRows: 8,
  columns: [
    { name: 'gender', type: 'category', categories: ['F', 'M'], codes: Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]) },
    { name: 'score', type: 'number', role: 'score', values: Float64Array.from([0.9, 0.2, 0.3, 0.1, 0.8, 0.7, 0.6, 0.2]) },
    { name: 'predicted', type: 'integer', role: 'prediction', values: Float64Array.from([1, 0, 0, 0, 1, 1, 1, 0]) },
    { name: 'actual', type: 'integer', role: 'target', values: Float64Array.from([1, 1, 0, 0, 1, 1, 0, 0]) },
  ],
};
const base = {
  mode: 'predictions' as 'predictions' | 'dataset',
  favorablePrediction: '1' as '1' | '0',
  protected: ['gender'],
  privileged: 'M',
  label: '',
  favorable: '1',
  resamples: 200,
  confidence: 0.95,
  minGroupSize: 30,
  useWeights: false,
};

describe('fairness-metrics node', () => {
  it('reports AIF360-signed metrics for predictions', async () => {
    const { report } = await fairnessMetrics.run({ inputs: { data: preds }, params: { ...base }, ctx: testContext({ nodeId: 'fm' }) });
    // F: 1/4 selected, TPR 1/2, FPR 0/2; M: 3/4 selected, TPR 2/2, FPR 1/2.
    expect(report.disparateImpact).toBeCloseTo(1 / 3, 12);
    expect(report.statisticalParityDifference).toBeCloseTo(-0.5, 12);
    expect(report.equalOpportunityDifference).toBeCloseTo(-0.5, 12);
    expect(report.averageOddsDifference).toBeCloseTo(-0.5, 12);
    expect(report.equalizedOddsDifference).toBeCloseTo(0.5, 12);
    expect(report.groups[0]).toMatchObject({ group: 'F', n: 4, selectionRate: 0.25, tpr: 0.5, fpr: 0 });
    expect(report.groups[0].meanScore).toBeCloseTo(0.375, 12);
    expect(report.groups[0].observedRate).toBeCloseTo(0.5, 12);
    expect(report.warnings.some((w) => w.includes('Four-fifths'))).toBe(true);
  });
  it('measures the labels themselves in dataset mode', async () => {
    const { report } = await fairnessMetrics.run({
      inputs: { data: preds },
      params: { ...base, mode: 'dataset' as const, label: 'actual', favorable: '1', resamples: 0 },
      ctx: testContext({ nodeId: 'fm' }),
    });
    expect(report.statisticalParityDifference).toBeCloseTo(0, 12);
    expect(report.disparateImpact).toBeCloseTo(1, 12);
    // Without predictions the odds-based metrics are not defined: NaN, not 0.
    expect(report.equalOpportunityDifference).toBeNaN();
    expect(report.averageOddsDifference).toBeNaN();
    expect(report.equalizedOddsDifference).toBeNaN();
    expect(Object.keys(report.extra!.fairlearn as object)).toEqual(['demographicParity']);
  });
  it('keeps intervals for the dataset-mode metrics only', async () => {
    const { report } = await fairnessMetrics.run({
      inputs: { data: preds },
      params: { ...base, mode: 'dataset' as const, label: 'actual', favorable: '1', resamples: 50 },
      ctx: testContext({ nodeId: 'fm' }),
    });
    const ci = report.extra!.ci as Record<string, unknown>;
    expect(ci.disparateImpact).toHaveLength(2);
    expect(ci.equalOpportunityDifference).toBeUndefined();
    expect(ci.equalizedOddsDifference).toBeUndefined();
  });
  it('explains a table without predictions', async () => {
    const t: Table = { nRows: 1, columns: [{ name: 'gender', type: 'category', categories: ['F'], codes: Int32Array.from([0]) }] };
    await expect(
      fairnessMetrics.run({ inputs: { data: t }, params: { ...base }, ctx: testContext({ nodeId: 'fm' }) }),
    ).rejects.toThrow(/no "predicted" column/);
  });
  it('names an unknown privileged group and the groups present', async () => {
    await expect(
      fairnessMetrics.run({ inputs: { data: preds }, params: { ...base, privileged: 'X' }, ctx: testContext({ nodeId: 'fm' }) }),
    ).rejects.toThrow(/"X".*Groups present: F, M/);
  });
});
