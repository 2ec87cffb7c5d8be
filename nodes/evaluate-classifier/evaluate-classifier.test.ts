import { describe, expect, it } from 'vitest';
import { evaluateClassifier } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { withDefaults } from '../../src/core/params.ts';
import type { Table } from '../../src/core/table/table.ts';

const predictions = (scores: number[], actual: number[], weights?: number[]): Table => ({
  nRows: scores.length,
  columns: [
    { name: 'score', type: 'number', role: 'score', values: Float64Array.from(scores) },
    { name: 'predicted', type: 'integer', role: 'prediction', values: Float64Array.from(scores.map((s) => (s >= 0.5 ? 1 : 0))) },
    { name: 'actual', type: 'integer', role: 'target', values: Float64Array.from(actual) },
  ],
  weights: weights ? Float64Array.from(weights) : undefined,
});

describe('evaluate-classifier node', () => {
  it('computes the worked example: AUC 0.875, confusion at 0.5, precision/recall/F1/accuracy', async () => {
    const logs: string[] = [];
    const { metrics } = await evaluateClassifier.run({
      inputs: { predictions: predictions([0.8, 0.5, 0.5, 0.2, 0.9], [1, 1, 0, 0, NaN]) },
      params: withDefaults(evaluateClassifier.params, {}),
      ctx: testContext({ nodeId: 'evaluate', onLog: (m) => logs.push(m) }),
    });
    expect(metrics.kind).toBe('classification');
    expect(metrics.values.auc).toBeCloseTo(0.875, 15);
    expect(metrics.confusion).toEqual({ tp: 2, fp: 1, tn: 1, fn: 0 });
    expect(metrics.values.precision).toBeCloseTo(2 / 3, 15);
    expect(metrics.values.recall).toBe(1);
    expect(metrics.values.f1).toBeCloseTo(0.8, 15);
    expect(metrics.values.accuracy).toBe(0.75);
    expect(metrics.values.threshold).toBe(0.5);
    expect(metrics.values.n).toBe(4);
    expect(Array.from(metrics.scores!)).toEqual([0.8, 0.5, 0.5, 0.2]);
    expect(Array.from(metrics.labels!)).toEqual([1, 1, 0, 0]);
    expect(metrics.roc![0]).toEqual({ fpr: 0, tpr: 0, threshold: 1.8 });
    expect(metrics.roc![metrics.roc!.length - 1]).toMatchObject({ fpr: 1, tpr: 1 });
    expect(metrics.pr![0]).toMatchObject({ recall: 0, precision: 1 });
    expect(logs.some((m) => /1 rows without a known outcome/.test(m))).toBe(true);
  });

  it('uses row weights only when asked, and its own threshold', async () => {
    const t = predictions([0.9, 0.6, 0.4, 0.1], [1, 0, 1, 0], [2, 1, 3, 4]);
    const ctx = testContext({ nodeId: 'e' });
    const weighted = await evaluateClassifier.run({ inputs: { predictions: t }, params: withDefaults(evaluateClassifier.params, { useWeights: true }), ctx });
    expect(weighted.metrics.confusion).toEqual({ tp: 2, fp: 1, tn: 4, fn: 3 });
    const plain = await evaluateClassifier.run({ inputs: { predictions: t }, params: withDefaults(evaluateClassifier.params, { threshold: 0.3 }), ctx });
    expect(plain.metrics.confusion).toEqual({ tp: 2, fp: 1, tn: 1, fn: 0 });
  });

  it('says what is wrong with an unsuitable input', async () => {
    const ctx = testContext({ nodeId: 'e' });
    const noScore: Table = { nRows: 1, columns: [{ name: 'actual', type: 'integer', values: Float64Array.from([1]) }] };
    await expect(evaluateClassifier.run({ inputs: { predictions: noScore }, params: withDefaults(evaluateClassifier.params, {}), ctx })).rejects.toThrow(
      /no score column/,
    );
    await expect(
      evaluateClassifier.run({ inputs: { predictions: predictions([0.2], [NaN]) }, params: withDefaults(evaluateClassifier.params, {}), ctx }),
    ).rejects.toThrow(/No row has a known outcome/);
    await expect(
      evaluateClassifier.run({ inputs: { predictions: predictions([0.2], [2]) }, params: withDefaults(evaluateClassifier.params, {}), ctx }),
    ).rejects.toThrow(/Row 1 has outcome 2/);
  });
});
