import { describe, expect, it } from 'vitest';
import { datasetFingerprints, pipelineDatasetRefs } from './dataset-refs.ts';
import { defineNode } from './node-definition.ts';
import { param } from './params.ts';
import { createRegistry } from './registry.ts';

const source = defineNode({
  type: 'source',
  version: 1,
  title: 'Source',
  phase: 'data-understanding',
  category: 'Sources',
  summary: 'test source',
  inputs: {},
  outputs: { table: { type: 'table' } },
  params: { name: param.string({ default: 'default.csv' }) },
  capabilities: { datasets: (p) => [{ source: 'sample', name: String(p.name) }] },
  run: async () => ({ table: { nRows: 0, columns: [] } }),
});
const registry = createRegistry([source]);
const doc = {
  nodes: [
    { id: 'a', type: 'source', params: { name: 'promotion.csv' } },
    { id: 'b', type: 'source', params: { name: 'promotion.csv' } },
    { id: 'c', type: 'source', params: { name: 'gone.csv' } },
    { id: 'd', type: 'source', params: {} },
    { id: 'e', type: 'unknown-type', params: {} },
  ],
};

describe('dataset refs', () => {
  it('lists each dataset once, with param defaults, ignoring unknown types', () => {
    expect(pipelineDatasetRefs(doc, registry).map((r) => r.name)).toEqual(['promotion.csv', 'gone.csv', 'default.csv']);
    expect(pipelineDatasetRefs({ nodes: 'nonsense' }, registry)).toEqual([]);
    expect(pipelineDatasetRefs(null, registry)).toEqual([]);
  });

  it('asks the provider once per dataset and records a missing one as null', async () => {
    const asked: string[] = [];
    const provider = {
      read: async () => {
        throw new Error('not used');
      },
      fingerprint: async (ref: { name: string }) => {
        asked.push(ref.name);
        return ref.name === 'promotion.csv' ? 'abc123' : undefined;
      },
    };
    expect(await datasetFingerprints(doc, registry, provider)).toEqual({
      'sample:promotion.csv': 'abc123',
      'sample:gone.csv': null,
      'sample:default.csv': null,
    });
    expect(asked).toEqual(['promotion.csv', 'gone.csv', 'default.csv']);
  });
});
