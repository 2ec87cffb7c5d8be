import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rowsToTable, startScoringServer } from './serve-command.ts';
import { saveModelFile } from './model-file.ts';
import { startServing, type ServingHandle } from './serve/start-server.ts';
import { computeTrainingRanges } from './serve/training-ranges.ts';
import { gradientBoosting } from '../../nodes/gradient-boosting/index.ts';
import { createBuiltinRegistry } from '../../nodes/index.ts';
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

const TOKEN = 'test-token-0123456789abcdef';
const trainingTable = training(1500);
const trainingRatios = (trainingTable.columns[0] as { values: Float64Array }).values;
let server: ServingHandle;
let base = '';
let model: Model;

beforeAll(async () => {
  createBuiltinRegistry(); // installs the model scorers in this thread (scoreTable below)
  ({ model } = await gradientBoosting.run({
    inputs: { train: trainingTable, test: undefined },
    params: withDefaults(gradientBoosting.params, { target: 'left', positive: '1', maxIter: 40 }),
    ctx: createNodeContext({ nodeId: 'gb' }),
  }));
  server = await startServing(
    { model, ranges: computeTrainingRanges(model, trainingTable) },
    { token: TOKEN, port: 0, maxBodyBytes: 1_000_000, allowHosts: ['scoring.example'] },
  );
  base = `http://127.0.0.1:${server.port}`;
}, 60_000);
afterAll(() => server?.close());

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
const score = (body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${base}/score`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** A request with headers fetch will not let us forge (Host), answered as status + parsed JSON. */
function rawRequest(path: string, o: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; json: { error?: string } }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path, method: o.method ?? 'GET', headers: o.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

/** Sends bytes over a raw TCP socket and returns everything the server answered before closing. */
function rawSocket(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (text += c));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve(text);
    });
  });
}

describe('scoring endpoint', () => {
  it('reports health with the training schema, without a token', async () => {
    const r = await fetch(`${base}/health`);
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.status).toBe('ok');
    expect(body.model.kind).toBe('gradient-boosting');
    expect(body.features).toEqual([{ name: 'market_ratio', type: 'number' }, { name: 'department', type: 'category', categories: ['Sales', 'HR'] }]);
    expect(body.limits).toEqual({ maxRows: 10_000, maxBodyBytes: 1_000_000, scoreTimeoutSeconds: 30 });
  });

  it('scores rows with top drivers in plain language', async () => {
    const r = await score({ rows: [{ market_ratio: 0.85, department: 'Sales' }, { market_ratio: 1.15, department: 'HR' }] });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.results).toHaveLength(2);
    expect(body.results[0].score).toBeGreaterThan(body.results[1].score);
    expect(body.results[0].drivers[0]).toMatchObject({ feature: 'market_ratio', text: 'pay 15% below market', direction: 'raises' });
  });

  it('answers 400 with a message per field for rows that do not match', async () => {
    const r = await score([{ market_ratio: 'high', department: 'Legal' }]);
    expect(r.status).toBe(400);
    const body = await r.json();
    expect(body.problems).toEqual([
      { row: 1, field: 'market_ratio', message: '"market_ratio" is "high"; it must be a number.' },
      { row: 1, field: 'department', message: '"department" is "Legal"; it must be one of Sales, HR.' },
    ]);
  });

  it('scores rows with missing fields for gradient boosting, saying per row which features it lacked', async () => {
    const rows = [{ market_ratio: null, department: 'Sales' }, { department: 'HR' }, { market_ratio: 0.9 }, { market_ratio: 0.9, department: '' }, {}];
    const r = await score({ rows });
    expect(r.status).toBe(200);
    const body = await r.json();
    const expected = scoreTable(model, {
      nRows: 5,
      columns: [
        { name: 'market_ratio', type: 'number', values: Float64Array.from([NaN, NaN, 0.9, 0.9, NaN]) },
        { name: 'department', type: 'category', categories: ['Sales', 'HR'], codes: Int32Array.from([0, 1, -1, -1, -1]) },
      ],
    });
    expect(body.results.map((x: { score: number }) => x.score)).toEqual(Array.from(expected));
    expect(body.results.map((x: { missingFeatures: unknown }) => x.missingFeatures)).toEqual([
      { count: 1, names: ['market_ratio'] },
      { count: 1, names: ['market_ratio'] },
      { count: 1, names: ['department'] },
      { count: 1, names: ['department'] },
      { count: 2, names: ['market_ratio', 'department'] },
    ]);
    expect(body.rowsLackingFeatures).toBe(5);
    const bad = await score([{ market_ratio: 'high' }]);
    expect(bad.status).toBe(400);
    expect((await bad.json()).problems).toEqual([{ row: 1, field: 'market_ratio', message: '"market_ratio" is "high"; it must be a number.' }]);
  });

  it('flags values outside the training range with the range, and names fields the model ignores', async () => {
    let min = Infinity;
    let max = -Infinity;
    for (const v of trainingRatios) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBeGreaterThan(0.8);
    expect(max).toBeLessThan(1.2);
    const r = await score({ rows: [{ market_ratio: 2.5, department: 'HR' }, { market_ratio: 0.5, department: 'Sales' }, { market_ratio: 1, department: 'HR', employee_id: 'E7' }] });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.results.map((x: { outOfRange: unknown }) => x.outOfRange)).toEqual([
      [{ feature: 'market_ratio', value: 2.5, min, max, side: 'above' }],
      [{ feature: 'market_ratio', value: 0.5, min, max, side: 'below' }],
      [],
    ]);
    expect(body.rowsOutOfRange).toBe(2);
    expect(body.results.map((x: { ignoredFields: string[] }) => x.ignoredFields)).toEqual([[], [], ['employee_id']]);
    expect(body.notes).toBeUndefined();
  });

  it('reports missing fields as problems for models that need complete rows', () => {
    const spec = model.featurizer as Parameters<typeof rowsToTable>[0];
    expect(rowsToTable(spec, [{ market_ratio: null, department: 'HR' }], false).problems).toEqual([
      { row: 1, field: 'market_ratio', message: '"market_ratio" is missing; this model needs a number.' },
    ]);
  });

  it('answers a malformed request target with 400 and keeps serving', async () => {
    const answer = await rawSocket(server.port, `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('is not a valid path');
    const garbage = await rawSocket(server.port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it('answers /health within 500 ms while 10,000 rows are being scored', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ market_ratio: 0.8 + (i % 400) / 1000, department: i % 2 ? 'HR' : 'Sales' }));
    let scoredAt = 0;
    const big = score({ rows }).then(async (r) => {
      scoredAt = performance.now();
      return { status: r.status, body: await r.json() };
    });
    await new Promise((r) => setTimeout(r, 150));
    const t0 = performance.now();
    const health = await fetch(`${base}/health`);
    const healthAt = performance.now();
    expect(health.status).toBe(200);
    const done = await big;
    expect(done.status).toBe(200);
    expect(done.body.results).toHaveLength(10_000);
    expect(scoredAt).toBeGreaterThan(healthAt);
    expect(healthAt - t0).toBeLessThan(500);
  }, 60_000);

  it('requires the bearer token on every route but /health', async () => {
    const none = await fetch(`${base}/score`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[{"market_ratio":1}]' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="crispflow"');
    expect((await none.json()).error).toMatch(/An access token is needed/);
    const wrong = await score([{ market_ratio: 1 }], { authorization: 'Bearer test-token-0123456789abcdeX', 'content-type': 'application/json' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    expect((await fetch(`${base}/nope`)).status).toBe(401);
    expect((await fetch(`${base}/nope`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${base}/score`, { headers: auth })).status).toBe(405);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin with 403', async () => {
    const evil = await rawRequest('/health', { headers: { host: 'evil.example' } });
    expect(evil.status).toBe(403);
    expect(evil.json.error).toMatch(/Host "evil.example" is not this server's name/);
    const rebound = await rawRequest('/score', { method: 'POST', headers: { ...auth, host: `evil.example:${server.port}` }, body: '[{"market_ratio":1}]' });
    expect(rebound.status).toBe(403);
    const fromPage = await rawRequest('/score', { method: 'POST', headers: { ...auth, origin: 'http://evil.example' }, body: '[{"market_ratio":1}]' });
    expect(fromPage.status).toBe(403);
    expect(fromPage.json.error).toMatch(/web page at "http:\/\/evil.example" are refused/);
    expect((await rawRequest('/health', { headers: { origin: 'null' } })).status).toBe(403);
    // The server's own names, and --allow-host values, are accepted.
    expect((await rawRequest('/health', { headers: { host: `localhost:${server.port}` } })).status).toBe(200);
    expect((await rawRequest('/health', { headers: { host: 'scoring.example' } })).status).toBe(200);
    const sameOrigin = await rawRequest('/score', { method: 'POST', headers: { ...auth, origin: base }, body: '[{"market_ratio":1}]' });
    expect(sameOrigin.status).toBe(200);
  });

  it('answers 415 for a body that is not JSON, without scoring it', async () => {
    const r = await score(JSON.stringify([{ market_ratio: 1, department: 'HR' }]), { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' });
    expect(r.status).toBe(415);
    const body = await r.json();
    expect(body.results).toBeUndefined();
    expect(body.error).toMatch(/"text\/plain", not JSON; nothing was scored/);
    const latin = await score('[{"market_ratio":1}]', { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=latin1' });
    expect(latin.status).toBe(415);
  });

  it('answers 400 for JSON that does not parse, naming the problem', async () => {
    const r = await score('{"rows": [{"market_ratio": 1,', auth);
    expect(r.status).toBe(400);
    expect((await r.json()).error).toMatch(/^The body is not valid JSON: .+\. Send \{ "rows"/);
  });

  it('answers 413 above the row cap (naming it) and above the body size limit', async () => {
    const rows = Array.from({ length: 10_001 }, () => ({}));
    const r = await score({ rows });
    expect(r.status).toBe(413);
    expect((await r.json()).error).toBe(
      'At most 10000 rows per request (got 10001). Split the rows into requests of at most 10000, or start the server with a larger --max-rows.',
    );
    const big = JSON.stringify({ rows: Array.from({ length: 30_000 }, () => ({ market_ratio: 1, department: 'HR' })) });
    expect(big.length).toBeGreaterThan(1_000_000);
    const tooBig = await score(big);
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error).toMatch(/larger than 1000000 bytes/);
    // Streamed without a Content-Length: counted while it arrives.
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, path: '/score', method: 'POST', headers: { ...auth, 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 40; i++) req.write(`${' '.repeat(49_999)}\n`);
      req.end();
    });
    expect(streamed).toBe(413);
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });
});

describe('scoring time limit', () => {
  it('stops a request that overruns the limit with 503, replaces the worker and serves the next request', async () => {
    const slow = await startServing({ model, rangesNote: 'Training ranges are unknown here.' }, { token: TOKEN, port: 0, scoreTimeoutMs: 300, scoringWorkers: 1 });
    try {
      const url = `http://127.0.0.1:${slow.port}/score`;
      const rows = Array.from({ length: 10_000 }, () => ({ market_ratio: 1, department: 'HR' }));
      const r = await fetch(url, { method: 'POST', headers: auth, body: JSON.stringify({ rows }) });
      expect(r.status).toBe(503);
      expect((await r.json()).error).toBe(
        'Scoring took longer than the limit of 0.3 s and was stopped. Send fewer rows per request, or start the server with a larger --score-timeout.',
      );
      const next = await fetch(url, { method: 'POST', headers: auth, body: JSON.stringify({ rows: [{ market_ratio: 0.9, department: 'HR' }] }) });
      const nextBody = await next.clone().text();
      expect(next.status, nextBody).toBe(200);
      const body = await next.json();
      expect(body.results[0].score).toBe(scoreTable(model, { nRows: 1, columns: [{ name: 'market_ratio', type: 'number', values: Float64Array.of(0.9) }, { name: 'department', type: 'category', categories: ['Sales', 'HR'], codes: Int32Array.of(1) }] })[0]);
      // Without kept training ranges nothing is flagged, and the answer says why.
      expect(body.results[0].outOfRange).toBeUndefined();
      expect(body.rowsOutOfRange).toBeNull();
      expect(body.notes).toEqual(['Training ranges are unknown here.']);
    } finally {
      await slow.close();
    }
  }, 60_000);
});

describe('serving a model file', () => {
  it('says in every answer why values are not range-checked when no ranges (or another model\'s) are kept beside the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cf-serve-file-'));
    const file = path.join(dir, 'gb.model.json');
    await saveModelFile(file, model);
    // Left by a serve killed mid-write (its pid is gone): cleaned at start.
    const stale = path.join(dir, '.gb.model.json.99999999.0123456789ab.tmp');
    writeFileSync(stale, '{"format": "crispflow-mo');
    const logs: string[] = [];
    const row = JSON.stringify([{ market_ratio: 9, department: 'HR' }]);
    const started = await startScoringServer({ file: 'unused.pipeline.json', model: file, port: 0, scoringWorkers: 1, log: (m) => logs.push(m) });
    if ('errors' in started) throw new Error(started.errors.join('\n'));
    try {
      expect(started.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const r = await fetch(`http://127.0.0.1:${started.port}/score`, { method: 'POST', headers: { authorization: `Bearer ${started.token}`, 'content-type': 'application/json' }, body: row });
      const body = await r.json();
      expect(r.status).toBe(200);
      expect(body.rowsOutOfRange).toBeNull();
      expect(body.results[0].outOfRange).toBeUndefined();
      expect(body.notes[0]).toBe(
        `No training ranges are kept for this model (${path.join(dir, 'gb.model.training-ranges.json')} does not exist: the model file was not written by crispflow serve), so values outside the training range are not flagged. Delete the model file to have serve train it again and keep its ranges.`,
      );
      expect(logs).toContain(body.notes[0]);
      expect(existsSync(stale)).toBe(false);
      expect(logs).toContain('Removed 1 temp file(s) left by an interrupted write: .gb.model.json.99999999.0123456789ab.tmp.');
    } finally {
      await started.close();
    }
    writeFileSync(path.join(dir, 'gb.model.training-ranges.json'), JSON.stringify({ format: 'crispflow-training-ranges/1', modelFingerprint: 'other', trainingRows: 3, features: [{ name: 'market_ratio', type: 'number', min: 0, max: 1 }] }));
    const again = await startScoringServer({ file: 'unused.pipeline.json', model: file, port: 0, scoringWorkers: 1, log: () => {} });
    if ('errors' in again) throw new Error(again.errors.join('\n'));
    try {
      const r = await fetch(`http://127.0.0.1:${again.port}/score`, { method: 'POST', headers: { authorization: `Bearer ${again.token}`, 'content-type': 'application/json' }, body: row });
      expect((await r.json()).notes[0]).toMatch(/belongs to another model \(fingerprint other, this model [0-9a-f]+\)/);
    } finally {
      await again.close();
    }
  }, 60_000);
});
