import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScoringHandler, rowsToTable } from './serve-command.ts';
import { gradientBoosting } from '../../nodes/gradient-boosting/index.ts';
import { createNodeContext } from '../runtime/node-context.ts';
import { withDefaults } from '../core/params.ts';
import type { Table } from '../core/table/table.ts';
import type { Model } from '../core/ports.ts';
import { scoreTable } from '../ml/models/scorers.ts';

function training(n: number): Table {
  let s = 9;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const ratio = Float64Array.from({ length: n }, () => 0.8 + next() * 0.4);
  const dept = Int32Array.from({ length: n }, () => Math.floor(next() * 2));
  const left = Float64Array.from(ratio, (r) => (next() < 1 / (1 + Math.exp(12 * (r - 0.95))) ? 1 : 0));
  return {
    nRows: n,
    columns: [
      { name: 'market_ratio', type: 'number', values: ratio },
      { name: 'department', type: 'category', categories: ['Sales', 'HR'], codes: dept },
      { name: 'left', type: 'integer', role: 'target', values: left },
    ],
  };
}

let server: http.Server;
let base = '';
let model: Model;

beforeAll(async () => {
  ({ model } = await gradientBoosting.run({
    inputs: { train: training(1500), test: undefined },
    params: withDefaults(gradientBoosting.params, { target: 'left', positive: '1', maxIter: 40 }),
    ctx: createNodeContext({ nodeId: 'gb' }),
  }));
  server = http.createServer(createScoringHandler(model, { maxBodyBytes: 2000 }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('scoring endpoint', () => {
  it('reports health with the training schema', async () => {
    const r = await fetch(`${base}/health`);
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.status).toBe('ok');
    expect(body.model.kind).toBe('gradient-boosting');
    expect(body.features).toEqual([{ name: 'market_ratio', type: 'number' }, { name: 'department', type: 'category', categories: ['Sales', 'HR'] }]);
  });

  it('scores rows with top drivers in plain language', async () => {
    const r = await fetch(`${base}/score`, { method: 'POST', body: JSON.stringify({ rows: [{ market_ratio: 0.85, department: 'Sales' }, { market_ratio: 1.15, department: 'HR' }] }) });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.results).toHaveLength(2);
    expect(body.results[0].score).toBeGreaterThan(body.results[1].score);
    expect(body.results[0].drivers[0]).toMatchObject({ feature: 'market_ratio', text: 'pay 15% below market', direction: 'raises' });
  });

  it('answers 400 with a message per field for rows that do not match', async () => {
    const r = await fetch(`${base}/score`, { method: 'POST', body: JSON.stringify([{ market_ratio: 'high', department: 'Legal' }]) });
    expect(r.status).toBe(400);
    const body = await r.json();
    expect(body.problems).toEqual([
      { row: 1, field: 'market_ratio', message: '"market_ratio" is "high"; it must be a number.' },
      { row: 1, field: 'department', message: '"department" is "Legal"; it must be one of Sales, HR.' },
    ]);
  });

  it('scores rows with missing fields for gradient boosting (as Predict would), still naming wrong types', async () => {
    const health = await (await fetch(`${base}/health`)).json();
    expect(health.missingValuesAllowed).toBe(true);
    const rows = [{ market_ratio: null, department: 'Sales' }, { department: 'HR' }, { market_ratio: 0.9 }, { market_ratio: 0.9, department: '' }];
    const r = await fetch(`${base}/score`, { method: 'POST', body: JSON.stringify({ rows }) });
    expect(r.status).toBe(200);
    const body = await r.json();
    const expected = scoreTable(model, {
      nRows: 4,
      columns: [
        { name: 'market_ratio', type: 'number', values: Float64Array.from([NaN, NaN, 0.9, 0.9]) },
        { name: 'department', type: 'category', categories: ['Sales', 'HR'], codes: Int32Array.from([0, 1, -1, -1]) },
      ],
    });
    expect(body.results.map((x: { score: number }) => x.score)).toEqual(Array.from(expected));
    const bad = await fetch(`${base}/score`, { method: 'POST', body: JSON.stringify([{ market_ratio: 'high' }]) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).problems).toEqual([{ row: 1, field: 'market_ratio', message: '"market_ratio" is "high"; it must be a number.' }]);
  });

  it('reports missing fields as problems for models that need complete rows', () => {
    const spec = model.featurizer as Parameters<typeof rowsToTable>[0];
    expect(rowsToTable(spec, [{ market_ratio: null, department: 'HR' }], false).problems).toEqual([
      { row: 1, field: 'market_ratio', message: '"market_ratio" is missing; this model needs a number.' },
    ]);
  });

  it('bounds the request size and rejects other routes', async () => {
    const big = JSON.stringify({ rows: Array.from({ length: 200 }, () => ({ market_ratio: 1, department: 'HR' })) });
    expect((await fetch(`${base}/score`, { method: 'POST', body: big })).status).toBe(413);
    expect((await fetch(`${base}/score`)).status).toBe(405);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});

describe('model file', () => {
  it('round-trips a trained model exactly', async () => {
    const { saveModelFile, loadModelFile } = await import('./model-file.ts');
    const { mkdtempSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { model } = await gradientBoosting.run({
      inputs: { train: training(300), test: undefined },
      params: withDefaults(gradientBoosting.params, { target: 'left', positive: '1', maxIter: 5 }),
      ctx: createNodeContext({ nodeId: 'gb' }),
    });
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'cf-model-')), 'model.json');
    await saveModelFile(file, model);
    const back = await loadModelFile(file);
    expect(back.kind).toBe(model.kind);
    const s = model.state as Record<string, unknown>;
    const b = back.state as Record<string, unknown>;
    expect(b.threshold).toBeInstanceOf(Float64Array);
    expect(Array.from(b.threshold as Float64Array)).toEqual(Array.from(s.threshold as Float64Array));
    expect(Array.from(b.missingLeft as Uint8Array)).toEqual(Array.from(s.missingLeft as Uint8Array));
    expect(back.featurizer).toEqual(model.featurizer);
  });
});
