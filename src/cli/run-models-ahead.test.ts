/**
 * Model files written ahead (while the run goes on, from the outputs kept so far) are the files the end of
 * the run would write from all the outputs: same bytes, put in place by saveRunModels, no temp file left.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../../nodes/index.ts';
import type { PipelineDocument } from '../core/document.ts';
import type { DatasetProvider } from '../core/node-definition.ts';
import type { Model } from '../core/ports.ts';
import { tableToCsv } from '../io/csv-export.ts';
import { scoringOutputsToKeep } from '../monitoring/scoring-pipeline.ts';
import { outputPortTypes } from '../runtime/model-evaluations.ts';
import { runInProcess } from '../runtime/testing/run-in-process.ts';
import { generatePromotion } from '../samples/promotion.ts';
import { prepareModelFile, saveRunModels } from './run-models.ts';

const registry = createBuiltinRegistry();
const node = (id: string, type: string, params: Record<string, unknown>) => ({ id, type, version: 1, params, position: { x: 0, y: 0 } });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({ from: { node: from, port: fromPort }, to: { node: to, port: toPort } });
const FEATURES = ['tenure_years', 'kpi_score', 'training_score', 'peer_rating'];
const doc = {
  schemaVersion: 1,
  metadata: { name: 'Ahead', seed: 7 },
  nodes: [
    node('source', 'dataset-source', { source: 'file', name: 'train.csv' }),
    node('scale', 'standardize', { columns: FEATURES }),
    node('split', 'train-test-split', { testFraction: 0.25, stratify: 'promoted', seed: 3 }),
    node('model', 'logistic-regression', { target: 'promoted', positive: '1', features: FEATURES }),
    node('evaluate', 'evaluate-classifier', {}),
  ],
  edges: [
    edge('source', 'table', 'scale', 'table'),
    edge('scale', 'table', 'split', 'table'),
    edge('split', 'train', 'model', 'train'),
    edge('split', 'test', 'model', 'test'),
    edge('model', 'predictions', 'evaluate', 'predictions'),
  ],
} as unknown as PipelineDocument;
const bytes = new TextEncoder().encode(tableToCsv(generatePromotion({ rows: 400, seed: 5 }), { escapeFormulas: false }));
const provider: DatasetProvider = { read: async (ref) => ({ name: ref.name, bytes, fingerprint: 'fixed' }), fingerprint: async () => 'fixed' };

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'cf-ahead-'));
  dirs.push(d);
  return d;
};

/** What the CLI holds when the model node has just finished: the kept outputs of the nodes run so far. */
function keptWhenModelArrives(outputs: Record<string, Record<string, unknown>>) {
  const portType = outputPortTypes(doc, registry);
  const keep = scoringOutputsToKeep(doc, registry, (n, p) => portType(n, p) === 'model');
  const kept: Record<string, Record<string, unknown>> = {};
  for (const id of ['source', 'scale', 'split', 'model']) {
    for (const [port, value] of Object.entries(outputs[id])) if (keep.has(`${id}\u0000${port}`) || portType(id, port) === 'model') (kept[id] ??= {})[port] = value;
  }
  return kept;
}

describe('model files written ahead', () => {
  it('hold the bytes the end of the run writes, and are put in place with no temp file left', async () => {
    const outputs = await runInProcess(doc, registry, provider, ['evaluate']);
    const model = outputs.model.model as Model;
    const now = new Date('2026-12-08T05:00:00Z');
    const ahead = tmp();
    const prepared = prepareModelFile({ outDir: ahead, doc, registry, outputs: keptWhenModelArrives(outputs), nodeId: 'model', port: 'model', model });
    // Written, but not in place yet: only its temp file.
    await prepared;
    expect(readdirSync(path.join(ahead, 'models')).map((n) => n.endsWith('.tmp'))).toEqual([true]);
    const summaryAhead = await saveRunModels({ outDir: ahead, doc, registry, outputs, now, prepared: [prepared] });
    const atEnd = tmp();
    const summaryAtEnd = await saveRunModels({ outDir: atEnd, doc, registry, outputs, now });
    expect(summaryAhead).toEqual(summaryAtEnd);
    expect(readdirSync(path.join(ahead, 'models')).sort()).toEqual(readdirSync(path.join(atEnd, 'models')).sort());
    expect(readdirSync(path.join(ahead, 'models')).some((n) => n.endsWith('.tmp'))).toBe(false);
    for (const f of readdirSync(path.join(atEnd, 'models'))) {
      expect(Buffer.compare(readFileSync(path.join(ahead, 'models', f)), readFileSync(path.join(atEnd, 'models', f))), f).toBe(0);
    }
    // The scoring pipeline was fitted ahead (the standardisation's means and scales are in the file).
    expect(readFileSync(path.join(ahead, 'models', 'model.model.json'), 'utf8')).toContain('"replay":"fitted"');
  }, 60_000);

  it('are not used for another model output (it is written at the end) and leave no temp file', async () => {
    const outputs = await runInProcess(doc, registry, provider, ['evaluate']);
    const model = outputs.model.model as Model;
    const out = tmp();
    const stale = prepareModelFile({ outDir: out, doc, registry, outputs: keptWhenModelArrives(outputs), nodeId: 'model', port: 'model', model: { ...model, fingerprint: 'an earlier model' } });
    await saveRunModels({ outDir: out, doc, registry, outputs, prepared: [stale] });
    expect(readdirSync(path.join(out, 'models')).some((n) => n.endsWith('.tmp'))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(out, 'models', 'model.model.json'), 'utf8')).model.fingerprint).toBe(model.fingerprint);
  }, 60_000);

  it('are not written without the tables their scoring pipeline is fitted from; the end writes the file then', async () => {
    const outputs = await runInProcess(doc, registry, provider, ['evaluate']);
    const model = outputs.model.model as Model;
    const out = tmp();
    const refused = prepareModelFile({ outDir: out, doc, registry, outputs: { model: outputs.model }, nodeId: 'model', port: 'model', model });
    await expect(refused).rejects.toThrow(/could not be built ahead/);
    const saved = await saveRunModels({ outDir: out, doc, registry, outputs, prepared: [refused] });
    expect(saved.model.model.file).toBe('models/model.model.json');
    expect(readFileSync(path.join(out, 'models', 'model.model.json'), 'utf8')).toContain('"replay":"fitted"');
  }, 60_000);
});
