/**
 * Serving a model that a node package trains: the package's node trains in the worker pool, its scorer
 * checks and scores the model on the main thread and in the scoring workers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startScoringServer } from './serve-command.ts';
import { tempDir } from './testing/run-cli.ts';

/** A package whose node scores every row with the positive share of the training rows (its own model kind). */
const SHARE_PACKAGE = `export default (api) => [api.defineNode({
  type: 'share-model', version: 1, title: 'Share model', phase: 'modeling', category: 'Models',
  summary: 'Scores every row with the share of positives in the training rows.',
  inputs: { train: { type: 'table' } }, outputs: { model: { type: 'model' } },
  params: { target: api.param.column({ from: 'train' }), positive: api.param.string({ default: '1' }), feature: api.param.column({ from: 'train' }) },
  scorers: { share: { score: (model, features) => new Float64Array(features.n).fill(model.state.share) } },
  async run({ inputs, params }) {
    const y = api.table.getColumn(inputs.train, params.target);
    let pos = 0;
    for (let i = 0; i < inputs.train.nRows; i++) pos += String(api.table.cellValue(y, i)) === params.positive ? 1 : 0;
    return { model: {
      kind: 'share', hyperParams: {}, featureNames: [params.feature],
      featurizer: { version: 1, columns: [{ name: params.feature, kind: 'numeric', type: 'number' }] },
      state: { share: pos / inputs.train.nRows }, target: { column: params.target, positive: params.positive }, fingerprint: 'share-' + pos,
    } };
  },
})];
`;

describe('serve with --nodes', () => {
  it('trains and scores a model kind that only a node package knows', async () => {
    const dir = tempDir('crispflow-serve-package-');
    const pkg = path.join(dir, 'share-nodes');
    mkdirSync(pkg);
    writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'share-nodes', version: '0.1.0', type: 'module', crispflow: { nodeApi: '1', nodes: './index.js' } }));
    writeFileSync(path.join(pkg, 'index.js'), SHARE_PACKAGE);
    const pipeline = path.join(dir, 'share.pipeline.json');
    writeFileSync(
      pipeline,
      JSON.stringify({
        schemaVersion: 1,
        metadata: { name: 'share' },
        nodes: [
          { id: 'source', type: 'dataset-source', version: 1, params: { source: 'sample', name: 'promotion.csv' }, position: { x: 0, y: 0 } },
          { id: 'share', type: 'share-model', version: 1, params: { target: 'promoted', positive: '1', feature: 'kpi_score' }, position: { x: 200, y: 0 } },
        ],
        edges: [{ from: { node: 'source', port: 'table' }, to: { node: 'share', port: 'train' } }],
      }),
    );
    const logs: string[] = [];
    const server = await startScoringServer({ file: pipeline, nodePackages: [pkg], port: 0, log: (m) => logs.push(m), scoringWorkers: 1, workers: 1 });
    if ('errors' in server) throw new Error(server.errors.join('\n'));
    try {
      expect(server.model.kind).toBe('share');
      const share = (server.model.state as { share: number }).share;
      expect(share).toBeGreaterThan(0);
      expect(share).toBeLessThan(1);
      const res = await fetch(`http://127.0.0.1:${server.port}/score`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify([{ kpi_score: 3 }, { kpi_score: 9 }]),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { results: Array<{ score: number }> };
      expect(body.results.map((r) => r.score)).toEqual([share, share]);
    } finally {
      await server.close();
    }
  });
});
