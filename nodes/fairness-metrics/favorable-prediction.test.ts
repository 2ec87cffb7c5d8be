import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/core/table/table.ts';
import { runNode } from '../../src/runtime/testing/node-testing.ts';
import { fairnessMetrics } from './index.ts';

// Attrition-style predictions: predicted 1 = "will leave", which is NOT the good outcome for the person.
const preds: Table = {
  nRows: 8,
  columns: [
    { name: 'Gender', type: 'category', categories: ['Female', 'Male'], codes: Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]) },
    { name: 'score', type: 'number', role: 'score', values: Float64Array.from([0.9, 0.8, 0.7, 0.2, 0.1, 0.3, 0.6, 0.2]) },
    { name: 'predicted', type: 'integer', role: 'prediction', values: Float64Array.from([1, 1, 1, 0, 0, 0, 1, 0]) },
    { name: 'actual', type: 'integer', role: 'target', values: Float64Array.from([1, 1, 0, 0, 0, 0, 1, 0]) },
  ],
};
const params = { mode: 'predictions' as const, protected: ['Gender'], privileged: 'auto', resamples: 0, minGroupSize: 1 };

describe('favourable prediction', () => {
  it('defaults to predicted = 1 (as before)', async () => {
    const r = (await runNode(fairnessMetrics, { inputs: { data: preds }, params })).outputs.report;
    expect(r.groups.find((g) => g.group === 'Female')!.selectionRate).toBeCloseTo(3 / 4, 12);
    expect(r.privileged).toBe('Female');
  });
  it('"predicted negative is good" turns the selection round: staying is the favourable outcome', async () => {
    const r = (await runNode(fairnessMetrics, { inputs: { data: preds }, params: { ...params, favorablePrediction: '0' } })).outputs.report;
    expect(r.groups.find((g) => g.group === 'Female')!.selectionRate).toBeCloseTo(1 / 4, 12);
    expect(r.groups.find((g) => g.group === 'Male')!.selectionRate).toBeCloseTo(3 / 4, 12);
    // The automatic reference group is now the one most often predicted to stay.
    expect(r.privileged).toBe('Male');
    expect(r.disparateImpact).toBeCloseTo(1 / 3, 12);
  });
  it('is shown only in predictions mode', () => {
    expect(fairnessMetrics.params.favorablePrediction.visibleWhen).toEqual({ param: 'mode', equals: 'predictions' });
  });
});
