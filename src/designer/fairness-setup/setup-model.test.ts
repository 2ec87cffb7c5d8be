import { describe, expect, it } from 'vitest';
import type { ColumnSchema } from '../../core/table/table.ts';
import { fairnessMetrics } from '../../../nodes/fairness-metrics/index.ts';
import type { ParamSpecs } from '../../core/params.ts';
import { fairnessSetupModel, needsFairnessSetup, outcomePhrase } from './setup-model.ts';

const specs = fairnessMetrics.params as ParamSpecs;
const columns: ColumnSchema[] = [
  { name: 'Age', type: 'integer' },
  { name: 'Gender', type: 'category', categories: ['Female', 'Male'] },
  { name: 'MaritalStatus', type: 'category', categories: ['Single', 'Married', 'Divorced'] },
  { name: 'Attrition', type: 'category', categories: ['No', 'Yes'] },
  { name: 'predicted', type: 'integer', role: 'prediction' },
];

describe('fairness setup model', () => {
  it('applies to nodes with protected columns', () => {
    expect(needsFairnessSetup(specs)).toBe(true);
    expect(needsFairnessSetup({})).toBe(false);
  });
  it('suggests Age, Gender and MaritalStatus and lists those not yet chosen', () => {
    const m = fairnessSetupModel(specs, { mode: 'predictions', protected: ['Gender'], privileged: 'auto', favorablePrediction: '1' }, columns, 'Attrition = Yes');
    expect(m.suggestions.map((s) => s.column)).toEqual(['Age', 'Gender', 'MaritalStatus']);
    expect(m.missing.map((s) => s.column)).toEqual(['Age', 'MaritalStatus']);
    expect(m.outcome).toEqual({ phrase: 'Attrition = Yes', favourable: true });
    expect(m.reference).toEqual({ auto: true, value: 'auto' });
  });
  it('dataset mode asks which label value is good instead', () => {
    const m = fairnessSetupModel(specs, { mode: 'dataset', protected: [], label: 'Attrition', favorable: '1', privileged: 'Male' }, columns, 'x');
    expect(m.outcome).toBeUndefined();
    expect(m.labelValues).toEqual({ column: 'Attrition', values: ['No', 'Yes'], current: '1' });
    expect(m.reference).toEqual({ auto: false, value: 'Male' });
  });
  it('phrases the outcome from the nearest upstream trainer', () => {
    const doc = {
      nodes: [
        { id: 'src', type: 'dataset-source', position: { x: 0, y: 0 }, params: {} },
        { id: 'gb', type: 'gradient-boosting', position: { x: 0, y: 0 }, params: { target: 'Attrition', positive: 'Yes' } },
        { id: 'fm', type: 'fairness-metrics', position: { x: 0, y: 0 }, params: {} },
      ],
      edges: [
        { from: { node: 'src', port: 'table' }, to: { node: 'gb', port: 'train' } },
        { from: { node: 'gb', port: 'predictions' }, to: { node: 'fm', port: 'data' } },
      ],
    };
    expect(outcomePhrase(doc as never, 'fm')).toBe('Attrition = Yes');
    expect(outcomePhrase({ nodes: doc.nodes, edges: [] } as never, 'fm')).toBe('positive (1)');
  });
});
