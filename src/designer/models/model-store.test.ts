import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../core/document.ts';
import type { FairnessReport, Metrics, Model } from '../../core/ports.ts';
import { createRegistry } from '../../core/registry.ts';
import { builtinNodes } from '../../../nodes/index.ts';
import { openCrispflowDb } from '../persistence/db.ts';
import { listModelVersions, recordModelVersions } from './model-store.ts';

const doc: PipelineDocument = {
  schemaVersion: 1,
  metadata: { name: 'Promotion', seed: 1 },
  nodes: [
    { id: 'train-lr', type: 'logistic-regression', version: 1, label: 'Promotion model', params: {}, position: { x: 0, y: 0 } },
    { id: 'evaluate', type: 'evaluate-classifier', version: 1, params: {}, position: { x: 1, y: 0 } },
    { id: 'fair', type: 'fairness-metrics', version: 1, params: {}, position: { x: 2, y: 0 } },
  ],
  edges: [
    { from: { node: 'train-lr', port: 'predictions' }, to: { node: 'evaluate', port: 'predictions' } },
    { from: { node: 'train-lr', port: 'predictions' }, to: { node: 'fair', port: 'data' } },
  ],
};
const model = (fingerprint: string): Model => ({ kind: 'logistic-regression', hyperParams: { C: 1 }, featureNames: ['kpi'], featurizer: {}, state: {}, target: { column: 'promoted', positive: '1' }, fingerprint });
const outputs = (fp: string, auc: number) => ({
  'train-lr': { model: model(fp), predictions: {} },
  evaluate: { metrics: { kind: 'classification', values: { auc, f1: 0.5 } } as Metrics },
  fair: { report: { attribute: 'group', groups: [], disparateImpact: 0.7, statisticalParityDifference: -0.1, equalOpportunityDifference: 0, averageOddsDifference: 0, equalizedOddsDifference: 0, warnings: [] } as FairnessReport },
});

describe('model versions in IndexedDB', () => {
  it('records each new training as a version with its metrics and fairness; identical training is not a new version', async () => {
    const db = await openCrispflowDb('models-test');
    const registry = createRegistry(builtinNodes);
    const v1 = await recordModelVersions(db, { pipelineId: 'p', doc, registry, result: { outputs: outputs('fp1', 0.8) } });
    expect(v1.map((v) => [v.name, v.version, v.metrics.auc, v.fairness?.[0].disparateImpact])).toEqual([['Promotion model', 1, 0.8, 0.7]]);
    expect(await recordModelVersions(db, { pipelineId: 'p', doc, registry, result: { outputs: outputs('fp1', 0.8) } })).toEqual([]);
    await recordModelVersions(db, { pipelineId: 'p', doc, registry, result: { outputs: outputs('fp2', 0.85) } });
    const all = await listModelVersions(db, 'p');
    expect(all.map((v) => [v.version, v.fingerprint, v.metrics.auc])).toEqual([
      [2, 'fp2', 0.85],
      [1, 'fp1', 0.8],
    ]);
  });
});

describe('cross-validated metrics', () => {
  const features = ['age', 'rating'];
  const cvDoc: PipelineDocument = {
    schemaVersion: 1,
    metadata: { name: 'Attrition', seed: 1 },
    nodes: [
      { id: 'labelled', type: 'filter-rows', version: 1, params: {}, position: { x: 0, y: 0 } },
      { id: 'cv', type: 'time-series-cv', version: 1, params: { target: 'left', features }, position: { x: 1, y: 0 } },
      { id: 'train-gb', type: 'gradient-boosting', version: 1, label: 'Attrition model', params: { target: 'left', features: [...features].reverse() }, position: { x: 1, y: 1 } },
    ],
    edges: [
      { from: { node: 'labelled', port: 'table' }, to: { node: 'cv', port: 'table' } },
      { from: { node: 'labelled', port: 'table' }, to: { node: 'train-gb', port: 'train' } },
    ],
  };
  const gb: Model = { kind: 'gradient-boosting', hyperParams: {}, featureNames: features, featurizer: {}, state: {}, target: { column: 'left', positive: '1' }, fingerprint: 'gb1' };
  const cvOut = { metrics: { kind: 'cross-validation', values: { auc: 0.74, aucStd: 0.02, folds: 4 } } as Metrics, predictions: {} };

  it('takes the AUC of a time-series CV of the same model kind, data and features, labelled as cross-validated', async () => {
    const db = await openCrispflowDb('models-cv-test');
    const registry = createRegistry(builtinNodes);
    const [v] = await recordModelVersions(db, { pipelineId: 'a', doc: cvDoc, registry, result: { outputs: { 'train-gb': { model: gb, predictions: {} }, cv: cvOut } } });
    expect(v.metrics.auc).toBe(0.74);
    expect(v.metrics.folds).toBe(4);
    expect(v.metricsSource).toBe('cross-validated');
  });

  it('ignores a CV on other features', async () => {
    const db = await openCrispflowDb('models-cv-test-2');
    const registry = createRegistry(builtinNodes);
    const other: PipelineDocument = { ...cvDoc, nodes: cvDoc.nodes.map((n) => (n.id === 'cv' ? { ...n, params: { target: 'left', features: ['age'] } } : n)) };
    const [v] = await recordModelVersions(db, { pipelineId: 'a', doc: other, registry, result: { outputs: { 'train-gb': { model: gb, predictions: {} }, cv: cvOut } } });
    expect(v.metrics.auc).toBeUndefined();
    expect(v.metricsSource).toBeUndefined();
  });
});
