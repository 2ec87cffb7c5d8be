/**
 * Scoring pipelines replay exactly what a run computed: a pipeline with every fitted node kind (impute,
 * one-hot, standardise, k-means) before a split and a model, run in process; its scoring pipeline applied
 * to the same raw bytes gives the very table the run gave the split (every column, every row, bit for
 * bit), and a batch with other rows is prepared with the training's fitted values, not its own. Nodes that
 * cannot be replayed are refused by name.
 */
import { describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../../nodes/index.ts';
import type { PipelineDocument } from '../core/document.ts';
import type { DatasetProvider } from '../core/node-definition.ts';
import type { Model } from '../core/ports.ts';
import { cellValue, type Table } from '../core/table/table.ts';
import { scoreTable } from '../ml/models/scorers.ts';
import { runInProcess } from '../runtime/testing/run-in-process.ts';
import { generatePromotion } from '../samples/promotion.ts';
import { tableToCsv } from '../io/csv-export.ts';
import { applyScoringPipeline, buildScoringPipeline, isRefused, type ScoringPipeline } from './scoring-pipeline.ts';

const registry = createBuiltinRegistry();
const encode = (t: Table) => new TextEncoder().encode(tableToCsv(t, { escapeFormulas: false }));

/** Training data with holes, so the imputer has something to fill. */
function trainingTable(): Table {
  const t = generatePromotion({ rows: 600, seed: 11 });
  const kpi = t.columns.find((c) => c.name === 'kpi_score')!;
  if (kpi.type === 'category' || kpi.type === 'text') throw new Error('kpi_score should be numeric');
  for (let i = 0; i < t.nRows; i += 17) kpi.values[i] = NaN;
  return t;
}

const node = (id: string, type: string, params: Record<string, unknown>) => ({ id, type, version: 1, params, position: { x: 0, y: 0 } });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({ from: { node: from, port: fromPort }, to: { node: to, port: toPort } });

const FEATURES = ['tenure_years', 'kpi_score', 'training_score', 'peer_rating'];
const doc: PipelineDocument = {
  schemaVersion: 1,
  metadata: { name: 'Every fitted kind', seed: 7 },
  nodes: [
    node('source', 'dataset-source', { source: 'file', name: 'train.csv' }),
    node('impute', 'impute-missing', { columns: ['kpi_score'], strategy: 'mean' }),
    node('onehot', 'one-hot-encode', { columns: ['department'], keepOriginal: true }),
    node('scale', 'standardize', { columns: FEATURES }),
    node('clusters', 'kmeans', { features: FEATURES, k: 3, nInit: 2 }),
    node('split', 'train-test-split', { testFraction: 0.25, stratify: 'promoted', seed: 3 }),
    node('model', 'logistic-regression', { target: 'promoted', positive: '1', features: [...FEATURES, 'cluster', 'department_Sales', 'department_HR'] }),
  ],
  edges: [
    edge('source', 'table', 'impute', 'table'),
    edge('impute', 'table', 'onehot', 'table'),
    edge('onehot', 'table', 'scale', 'table'),
    edge('scale', 'table', 'clusters', 'table'),
    edge('clusters', 'table', 'split', 'table'),
    edge('split', 'train', 'model', 'train'),
    edge('split', 'test', 'model', 'test'),
  ],
} as unknown as PipelineDocument;

const provider = (bytes: Uint8Array): DatasetProvider => ({
  read: async (ref) => ({ name: ref.name, bytes, fingerprint: 'fixed' }),
  fingerprint: async () => 'fixed',
});

const values = (t: Table, name: string) => {
  const c = t.columns.find((x) => x.name === name)!;
  return Array.from({ length: t.nRows }, (_, i) => cellValue(c, i));
};

describe('scoring pipelines', () => {
  it('replayed on the training bytes, give the table the run gave the split, bit for bit, and the same scores', async () => {
    const bytes = encode(trainingTable());
    const outputs = await runInProcess(doc, registry, provider(bytes), ['model']);
    const model = outputs.model.model as Model;
    const sp = (await buildScoringPipeline({ doc, registry, outputs, modelNodeId: 'model', model })) as ScoringPipeline;
    expect(isRefused(sp)).toBe(false);
    expect(sp.steps.map((s) => `${s.nodeId}:${s.replay}`)).toEqual(['source:rerun', 'impute:fitted', 'onehot:fitted', 'scale:fitted', 'clusters:fitted', 'split:pass-through']);
    expect(sp.requiredColumns.sort()).toEqual(['department', ...FEATURES].sort());

    const prepared = await applyScoringPipeline(sp, registry, { name: 'train.csv', bytes });
    const ran = outputs.clusters.table as Table;
    expect(prepared.table.columns.map((c) => c.name)).toEqual(ran.columns.map((c) => c.name));
    for (const c of ran.columns) expect(values(prepared.table, c.name), c.name).toEqual(values(ran, c.name));
    expect(Array.from(scoreTable(model, prepared.table))).toEqual(Array.from(scoreTable(model, ran)));
  }, 60_000);

  it('a new batch is prepared with the training’s fitted values (mean fill, scales, levels, centres), not its own', async () => {
    const train = trainingTable();
    const bytes = encode(train);
    const outputs = await runInProcess(doc, registry, provider(bytes), ['model']);
    const model = outputs.model.model as Model;
    const sp = (await buildScoringPipeline({ doc, registry, outputs, modelNodeId: 'model', model })) as ScoringPipeline;
    // Ten rows of another sample, one with a missing KPI and an unseen department.
    const other = generatePromotion({ rows: 10, seed: 99 });
    const kpi = other.columns.find((c) => c.name === 'kpi_score')! as { values: Float64Array };
    kpi.values[0] = NaN;
    const csv = tableToCsv(other, { escapeFormulas: false }).replace(/\n(\d+,[AB],)[A-Za-z]+,/, '\n$1Legal,');
    const prepared = await applyScoringPipeline(sp, registry, { name: 'new.csv', bytes: new TextEncoder().encode(csv) });
    // The fill is the training mean of kpi_score, then standardised with the training mean and sd.
    const scale = sp.steps.find((s) => s.nodeId === 'scale')!.state as Array<{ column: string; mean: number; scale: number }>;
    const fill = (sp.steps.find((s) => s.nodeId === 'impute')!.state as Array<{ number: number }>)[0].number;
    const present = (train.columns.find((c) => c.name === 'kpi_score') as { values: Float64Array }).values.filter((v) => !Number.isNaN(v));
    expect(fill).toBeCloseTo(present.reduce((s, v) => s + v, 0) / present.length, 12);
    const k = scale.find((s) => s.column === 'kpi_score')!;
    expect(values(prepared.table, 'kpi_score')[0]).toBe((fill - k.mean) / k.scale);
    // The unseen department gets 0 in every training indicator; no new indicator appears.
    expect(prepared.table.columns.filter((c) => c.name.startsWith('department_')).map((c) => c.name)).toEqual(
      (outputs.onehot.table as Table).columns.filter((c) => c.name.startsWith('department_')).map((c) => c.name),
    );
    expect(values(prepared.table, 'department')[0]).toBe('Legal');
    for (const c of prepared.table.columns.filter((x) => x.name.startsWith('department_'))) expect(values(prepared.table, c.name)[0]).toBe(0);
    expect(values(prepared.table, 'cluster').every((v) => ['Cluster 1', 'Cluster 2', 'Cluster 3'].includes(String(v)))).toBe(true);
    expect(scoreTable(model, prepared.table)).toHaveLength(10);
  }, 60_000);

  it('refuses a node that cannot be replayed, naming it (human review; another dataset)', async () => {
    const reviewed = {
      ...doc,
      nodes: [doc.nodes[0], node('panel', 'human-review', { itemColumn: 'employee_id' }), node('model', 'logistic-regression', { target: 'promoted', positive: '1', features: FEATURES })],
      edges: [edge('source', 'table', 'panel', 'predictions'), edge('panel', 'decisions', 'model', 'train')],
    } as unknown as PipelineDocument;
    const r = await buildScoringPipeline({ doc: reviewed, registry, outputs: {}, modelNodeId: 'model', model: { featurizer: { columns: [] } } as unknown as Model });
    expect(isRefused(r)).toBe(true);
    if (!isRefused(r)) return;
    expect(r.refused.nodeId).toBe('panel');
    expect(r.refused.reason).toMatch(/passes through node "panel" \(human-review\), which cannot be replayed on a new batch: it waits for people to decide/);

    const joined = {
      ...doc,
      nodes: [doc.nodes[0], node('other', 'dataset-source', { source: 'file', name: 'surveys.csv' }), node('join', 'join', {}), node('model', 'logistic-regression', { target: 'promoted', positive: '1', features: FEATURES })],
      edges: [edge('source', 'table', 'join', 'left'), edge('other', 'table', 'join', 'right'), edge('join', 'table', 'model', 'train')],
    } as unknown as PipelineDocument;
    const j = await buildScoringPipeline({ doc: joined, registry, outputs: {}, modelNodeId: 'model', model: { featurizer: { columns: [] } } as unknown as Model });
    expect(isRefused(j) && j.refused.nodeId).toBe('join');
  });
});
