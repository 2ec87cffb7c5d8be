import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../core/document.ts';
import type { NodeRegistry } from '../../core/registry.ts';
import { decisionsWithHalt } from './run-records.ts';

const registry = {
  get: (type: string) =>
    ({
      'human-review': { capabilities: { suspends: true } },
      'dataset-source': { capabilities: { datasets: (p: { name: string }) => [{ source: 'sample', name: p.name }] } },
      explain: {},
    })[type],
} as unknown as NodeRegistry;

const doc = {
  schemaVersion: 1,
  metadata: { name: 'Promotion' },
  nodes: [
    { id: 'source', type: 'dataset-source', params: { name: 'promotion.csv' } },
    { id: 'source-2', type: 'dataset-source', params: { name: 'promotion.csv' } },
    { id: 'other', type: 'dataset-source', params: { name: 'gone.csv' } },
    { id: 'review', type: 'human-review', params: {} },
    { id: 'explain', type: 'explain', params: {} },
  ],
  edges: [],
} as unknown as PipelineDocument;

const halt = { by: 'Dana', reason: 'bias found', at: '2025-01-02T10:00:00.000Z' };

describe('decisionsWithHalt', () => {
  it('hands the halt to every review node, keeping decisions already given', () => {
    const given = { review: { decisions: [{ itemId: 'E-1', decision: 'accept' }] } };
    expect(decisionsWithHalt(doc, registry, given, halt)).toEqual({
      review: { decisions: [{ itemId: 'E-1', decision: 'accept' }], halted: halt },
    });
    expect(decisionsWithHalt(doc, registry, {}, halt)).toEqual({ review: { decisions: [], halted: halt } });
  });

  it('drops an old halt once the pipeline is released and leaves other decisions as they are', () => {
    const given = { review: { decisions: [], halted: halt } };
    expect(decisionsWithHalt(doc, registry, given, undefined)).toEqual({ review: { decisions: [] } });
    expect(decisionsWithHalt(doc, registry, {}, undefined)).toEqual({});
  });
});
