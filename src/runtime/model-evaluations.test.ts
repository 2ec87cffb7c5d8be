import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../core/document.ts';
import type { PortType } from '../core/ports.ts';
import { trainedModels } from './model-evaluations.ts';

const node = (id: string, type: string, params: Record<string, unknown> = {}, label?: string) => ({ id, type, version: 1, params, position: { x: 0, y: 0 }, ...(label ? { label } : {}) });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({ from: { node: from, port: fromPort }, to: { node: to, port: toPort } });
const types: Record<string, PortType> = { model: 'model', predictions: 'predictions', metrics: 'metrics', report: 'fairness', table: 'table' };
const portType = (_: string, port: string) => types[port];

describe('trainedModels', () => {
  const doc: PipelineDocument = {
    schemaVersion: 1,
    metadata: { name: 'HR', seed: 1 },
    nodes: [node('lr', 'logistic-regression', {}, 'Promotion model'), node('eval', 'evaluate-classifier'), node('eval2', 'evaluate-classifier'), node('fair', 'fairness-metrics'), node('scored', 'predict'), node('other', 'gradient-boosting')],
    edges: [edge('lr', 'predictions', 'eval', 'predictions'), edge('lr', 'predictions', 'eval2', 'predictions'), edge('lr', 'predictions', 'fair', 'data'), edge('lr', 'model', 'scored', 'model')],
  };
  const outputs = {
    lr: { model: { kind: 'logistic-regression', fingerprint: 'f1' }, predictions: {} },
    eval: { metrics: { kind: 'classification', values: { auc: 0.8, f1: 0.5 } } },
    eval2: { metrics: { kind: 'classification', values: { f1: 0.6 } } },
    fair: { report: { attribute: 'group', disparateImpact: 0.7 } },
    // Fed by the model port, not by predictions: not an evaluation of this model.
    scored: { metrics: { kind: 'classification', values: { auc: 0.1 } } },
    other: { model: { kind: 'gradient-boosting', fingerprint: 'f2' } },
  };

  it('finds every model output in document order with the evaluations of its predictions', () => {
    const found = trainedModels({ doc, outputs, portType });
    expect(found.map((m) => [m.nodeId, m.port, m.registration.name, m.registration.metrics, m.registration.fairness.length, m.registration.metricsSource])).toEqual([
      ['lr', 'model', 'Promotion model', { auc: 0.8, f1: 0.6 }, 1, undefined],
      ['other', 'model', 'HR: other', {}, 0, undefined],
    ]);
    expect(found[0].registration.pipeline).toEqual({ name: 'HR', nodeId: 'lr' });
  });

  it('falls back to a time-series CV of the same kind, input, target and features', () => {
    const cvDoc: PipelineDocument = {
      ...doc,
      nodes: [node('data', 'filter-rows'), node('cv', 'time-series-cv', { target: 'left', features: ['a', 'b'] }), node('gb', 'gradient-boosting', { target: 'left', features: ['b', 'a'] })],
      edges: [edge('data', 'table', 'cv', 'table'), edge('data', 'table', 'gb', 'train')],
    };
    const out = { gb: { model: { kind: 'gradient-boosting', fingerprint: 'g' } }, cv: { metrics: { kind: 'cross-validation', values: { auc: 0.74 } } } };
    const [m] = trainedModels({ doc: cvDoc, outputs: out, portType });
    expect(m.registration.metrics).toEqual({ auc: 0.74 });
    expect(m.registration.metricsSource).toBe('cross-validated');
    const other = { ...cvDoc, nodes: cvDoc.nodes.map((n) => (n.id === 'cv' ? { ...n, params: { target: 'stayed', features: ['a', 'b'] } } : n)) };
    expect(trainedModels({ doc: other, outputs: out, portType })[0].registration.metricsSource).toBeUndefined();
  });

  it('a time-series CV fed a trained model stands for that model only, whatever its kind', () => {
    const cvDoc: PipelineDocument = {
      ...doc,
      nodes: [
        node('data', 'filter-rows'),
        node('cv', 'time-series-cv', { target: 'left', features: ['a', 'b'] }),
        node('gb', 'gradient-boosting', { target: 'left', features: ['a', 'b'] }),
        node('nn', 'neural-network', { target: 'left', features: ['a', 'b'] }),
      ],
      edges: [edge('data', 'table', 'cv', 'table'), edge('data', 'table', 'gb', 'train'), edge('data', 'table', 'nn', 'train'), edge('nn', 'model', 'cv', 'model')],
    };
    const out = {
      gb: { model: { kind: 'gradient-boosting', fingerprint: 'g' } },
      nn: { model: { kind: 'neural-network', fingerprint: 'n' } },
      cv: { metrics: { kind: 'cross-validation', values: { auc: 0.71 } } },
    };
    const found = trainedModels({ doc: cvDoc, outputs: out, portType });
    expect(found.map((m) => [m.nodeId, m.registration.metrics, m.registration.metricsSource])).toEqual([
      ['gb', {}, undefined],
      ['nn', { auc: 0.71 }, 'cross-validated'],
    ]);
  });
});
