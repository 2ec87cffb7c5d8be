import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../core/document.ts';
import { globalImportance, type ShapExplanation } from '../../ml/explain/explanation.ts';
import { managerInputs } from './manager-inputs.ts';

const features = ['pay_ratio'];
const shap = Float64Array.from([0.4, -0.2]);
const explanation: ShapExplanation = {
  kind: 'shap',
  data: {
    method: 'tree',
    outputScale: 'log-odds',
    features,
    rows: 2,
    expectedValue: 0,
    shap,
    featureValues: Float64Array.from([0.9, 1.1]),
    featureLabels: [null],
    rowIds: ['E-1', 'E-2'],
    scores: Float64Array.from([0.6, 0.45]),
    importance: globalImportance(shap, 2, features),
    modelKind: 'gradient-boosting',
  },
};
const model = { kind: 'gradient-boosting', featureNames: ['pay_ratio'], state: {}, hyperParams: {} };
const table = { nRows: 2, columns: [{ name: 'pay_ratio', type: 'number', values: Float64Array.from([0.9, 1.1]) }] };

const doc = {
  schemaVersion: 1,
  metadata: { name: 'Attrition' },
  nodes: [
    { id: 'train', type: 'train-gbm', params: {} },
    { id: 'snapshot', type: 'select-columns', params: {} },
    { id: 'explain', type: 'explain', params: {} },
  ],
  edges: [
    { from: { node: 'train', port: 'model' }, to: { node: 'explain', port: 'model' } },
    { from: { node: 'snapshot', port: 'table' }, to: { node: 'explain', port: 'table' } },
  ],
} as unknown as PipelineDocument;

describe('managerInputs', () => {
  it('takes the explanation and the model and rows wired into the explain node from the run outputs', () => {
    const outputs = {
      train: { model: { value: model }, predictions: { value: table } },
      snapshot: { table: { value: table } },
      explain: { explanation: { value: explanation } },
    };
    const got = managerInputs(doc, outputs, 'explain');
    expect(got?.explanation).toBe(explanation);
    expect(got?.model).toBe(model);
    expect(got?.table).toBe(table);
  });

  it('leaves out inputs whose outputs are missing or only summaries', () => {
    const outputs = { train: { model: { value: { kind: 'gradient-boosting', features: 1 } } }, explain: { explanation: { value: explanation } } };
    expect(managerInputs(doc, outputs, 'explain')).toEqual({ explanation });
  });

  it('gives nothing without a full SHAP explanation (e.g. the summary restored after a reload)', () => {
    const summary = { kind: 'shap', data: { rows: 2, features } };
    expect(managerInputs(doc, { explain: { explanation: { value: summary } } }, 'explain')).toBeUndefined();
    expect(managerInputs(doc, {}, 'explain')).toBeUndefined();
  });
});
