import { describe, expect, it } from 'vitest';
import type { FairnessReport, Metrics, Model } from '../core/ports.ts';
import type { Table } from '../core/table/table.ts';
import { summarizeOutput } from './summarize.ts';

describe('summarizeOutput', () => {
  it('metrics: the contract keys first, threshold, other scalars, NaN as null', () => {
    const m: Metrics = {
      kind: 'classification',
      values: { accuracy: 0.8, auc: 0.9, precision: 0.75, recall: 0.6, f1: 2 / 3, brier: 0.12, logLoss: NaN },
      threshold: 0.5,
      confusion: { tp: 3, fp: 1, tn: 5, fn: 2 },
      scores: new Float64Array(1000),
      roc: [{ fpr: 0, tpr: 0, threshold: 1 }],
    };
    const s = summarizeOutput('metrics', m);
    expect(s).toEqual({
      kind: 'classification',
      auc: 0.9,
      precision: 0.75,
      recall: 0.6,
      f1: 2 / 3,
      accuracy: 0.8,
      threshold: 0.5,
      brier: 0.12,
      logLoss: null,
      confusion: { tp: 3, fp: 1, tn: 5, fn: 2 },
    });
    expect(Object.keys(s).slice(0, 6)).toEqual(['kind', 'auc', 'precision', 'recall', 'f1', 'accuracy']);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('fairness: groups keyed by name with n, selectionRate, tpr, fpr, and the five gap metrics', () => {
    const f: FairnessReport = {
      attribute: 'group',
      privileged: 'A',
      favorable: 'yes',
      groups: [
        { group: 'A', n: 60, selectionRate: 0.5, tpr: 0.8, fpr: 0.2, precision: 0.7 },
        { group: 'B', n: 40, selectionRate: 0.3, tpr: 0.6, fpr: 0.1 },
      ],
      disparateImpact: 0.6,
      statisticalParityDifference: -0.2,
      equalOpportunityDifference: -0.2,
      averageOddsDifference: -0.15,
      equalizedOddsDifference: 0.2,
      warnings: [],
    };
    expect(summarizeOutput('fairness', f)).toEqual({
      attribute: 'group',
      privileged: 'A',
      favorable: 'yes',
      groups: { A: { n: 60, selectionRate: 0.5, tpr: 0.8, fpr: 0.2 }, B: { n: 40, selectionRate: 0.3, tpr: 0.6, fpr: 0.1 } },
      disparateImpact: 0.6,
      statisticalParityDifference: -0.2,
      equalOpportunityDifference: -0.2,
      averageOddsDifference: -0.15,
      equalizedOddsDifference: 0.2,
    });
  });

  it('fairness: metrics not applicable (NaN, dataset mode) become null', () => {
    const f: FairnessReport = {
      attribute: 'group',
      groups: [{ group: 'A', n: 10, selectionRate: 0.5, tpr: 1, fpr: 0 }],
      disparateImpact: 0.6,
      statisticalParityDifference: -0.2,
      equalOpportunityDifference: NaN,
      averageOddsDifference: NaN,
      equalizedOddsDifference: NaN,
      warnings: [],
    };
    const s = summarizeOutput('fairness', f) as Record<string, unknown>;
    expect(s.disparateImpact).toBe(0.6);
    expect(s.equalOpportunityDifference).toBeNull();
    expect(s.averageOddsDifference).toBeNull();
    expect(s.equalizedOddsDifference).toBeNull();
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('table and predictions: rows, column count, names, types, roles', () => {
    const t: Table = {
      nRows: 3,
      columns: [
        { name: 'id', type: 'text', role: 'identifier', values: ['a', 'b', 'c'] },
        { name: 'score', type: 'number', role: 'score', values: new Float64Array(3) },
        { name: 'g', type: 'category', codes: new Int32Array(3), categories: ['x'] },
      ],
      weights: new Float64Array(3),
    };
    const expected = {
      rows: 3,
      columns: 3,
      names: ['id', 'score', 'g'],
      types: { id: 'text', score: 'number', g: 'category' },
      roles: { id: 'identifier', score: 'score' },
      weighted: true,
    };
    expect(summarizeOutput('table', t)).toEqual(expected);
    expect(summarizeOutput('predictions', t)).toEqual(expected);
  });

  it('model: kind, feature count, target; documents: kind and title', () => {
    const m: Model = {
      kind: 'logistic-regression',
      hyperParams: { C: 1 },
      featureNames: ['a', 'b', 'c=x'],
      featurizer: {},
      state: { weights: new Float64Array(3) },
      target: { column: 'promoted', positive: 'yes' },
      fingerprint: 'f00d',
    };
    expect(summarizeOutput('model', m)).toEqual({
      kind: 'logistic-regression',
      features: 3,
      target: { column: 'promoted', positive: 'yes' },
      fingerprint: 'f00d',
    });
    expect(summarizeOutput('report', { kind: 'csv-export', title: 'scores.csv', data: { csv: 'a,b' } })).toEqual({
      kind: 'csv-export',
      title: 'scores.csv',
    });
    expect(summarizeOutput('explanation', undefined)).toEqual({ kind: 'explanation', empty: true });
  });
});
