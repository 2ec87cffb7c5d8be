/**
 * serve replays the model's scoring pipeline on posted raw rows (issue 15): the promotion template is
 * trained by the CLI into a temporary registry; its debiased recommender (whose input carries the k-means
 * `cluster`, computed by an earlier node) is served from the registry on 127.0.0.1, port 0, and raw
 * employee rows posted as JSON get the scores `crispflow score` gives the same rows from a CSV.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../../../nodes/index.ts';
import { cellValue } from '../../core/table/table.ts';
import { applyScoringPipeline, type ScoringPipeline } from '../../monitoring/scoring-pipeline.ts';
import { startScoringServer, type RunningServer } from '../serve-command.ts';
import { trainRepairedCapabilityModel } from '../../monitoring/testing/repaired-capability-model.ts';
import { crispflow, examplePipeline, repoRoot, tempDir } from '../testing/run-cli.ts';

const MODEL = 'Promotion model (adversarial debiasing)';
const trainingData = path.join(repoRoot, 'public/samples/promotion.csv');

let work: string;
let registry: string;
let rowsCsv: string;
let csvScores: Map<string, number>;
let server: RunningServer;

const csvRows = (file: string) => {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const names = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, j) => [names[j], v])));
};

/** CSV cells as JSON values of the raw columns' types (numbers as JSON numbers, categories as strings). */
function jsonRows(sp: ScoringPipeline, rows: Array<Record<string, string>>): Array<Record<string, unknown>> {
  const types = new Map((sp.rawColumns ?? []).map((c) => [c.name, c.type]));
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, ['number', 'integer'].includes(types.get(k) ?? '') ? Number(v) : v])));
}

const post = (port: number, token: string, body: unknown) =>
  fetch(`http://127.0.0.1:${port}/score`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  work = tempDir('crispflow-serve-scoring-');
  registry = path.join(work, 'registry');
  // The template stops at its promotion panel (exit 3, waiting for review); its models are registered before.
  const r = crispflow(['run', examplePipeline('promotion'), '--out', path.join(work, 'out'), '--registry', registry]);
  expect(r.code, r.stderr).toBe(3);
  // 300 raw employee rows (no cluster column), scored by the CLI from the CSV.
  rowsCsv = path.join(work, 'rows.csv');
  writeFileSync(rowsCsv, readFileSync(trainingData, 'utf8').trim().split(/\r?\n/).slice(0, 301).join('\n') + '\n');
  const scoredCsv = path.join(work, 'scored.csv');
  const s = crispflow(['score', `${MODEL}@v1`, '--registry', registry, '--input', rowsCsv, '--out', scoredCsv]);
  expect(s.code, s.stderr).toBe(0);
  csvScores = new Map(csvRows(scoredCsv).map((row) => [row.employee_id, Number(row.score)]));
  const started = await startScoringServer({ model: `${MODEL}@v1`, registry, port: 0, scoringWorkers: 1, log: () => {} });
  if ('errors' in started) throw new Error(started.errors.join('\n'));
  server = started;
}, 240_000);
afterAll(() => server?.close());

describe('serve --model <registry version>: raw rows through the scoring pipeline', () => {
  it('scores raw JSON rows as crispflow score scores the same rows from a CSV (to 1e-9)', async () => {
    expect(server.scoring?.steps.map((s) => s.nodeId)).toEqual(['source', 'clusters', 'split']);
    const rows = jsonRows(server.scoring!, csvRows(rowsCsv));
    expect(rows[0]).not.toHaveProperty('cluster');
    const res = await post(server.port, server.token, { rows });
    const body = await res.json();
    expect(res.status, JSON.stringify(body).slice(0, 500)).toBe(200);
    expect(body.input).toBe('raw');
    expect(body.rows).toBe(300);
    let worst = 0;
    body.results.forEach((r: { score: number; row: number; ignoredFields: string[]; missingColumns: { count: number } }, i: number) => {
      expect(r.row).toBe(i + 1);
      expect(r.missingColumns.count).toBe(0);
      expect(r.ignoredFields).toEqual([]);
      worst = Math.max(worst, Math.abs(r.score - csvScores.get(String(rows[i].employee_id))!));
    });
    expect(worst).toBeLessThan(1e-9);
    expect(body.rowsLackingColumns).toBe(0);
  }, 60_000);

  it('replays in the scoring worker: /health answers while 10,000 raw rows are prepared and scored', async () => {
    const some = jsonRows(server.scoring!, csvRows(rowsCsv));
    const rows = Array.from({ length: 10_000 }, (_, i) => some[i % some.length]);
    const t0 = performance.now();
    let scoredAt = 0;
    const scoring = post(server.port, server.token, rows).then(async (r) => {
      scoredAt = performance.now() - t0;
      return { status: r.status, body: await r.json() };
    });
    await new Promise((r) => setTimeout(r, 30));
    const h0 = performance.now();
    const health = await fetch(`http://127.0.0.1:${server.port}/health`);
    const healthMs = performance.now() - h0;
    expect(health.status).toBe(200);
    const done = await scoring;
    expect(done.status).toBe(200);
    expect(done.body.rows).toBe(10_000);
    expect(healthMs, `/health took ${healthMs.toFixed(0)} ms; scoring took ${scoredAt.toFixed(0)} ms`).toBeLessThan(1000);
  }, 60_000);

  it('/health says rows are raw and lists the columns the pipeline reads', async () => {
    const health = await (await fetch(`http://127.0.0.1:${server.port}/health`)).json();
    expect(health.input).toBe('raw');
    expect(health.preparedBy.slice(1)).toEqual(['Capability clusters', 'split']);
    expect(health.rawColumns.map((c: { name: string }) => c.name).sort()).toEqual(['awards', 'kpi_score', 'peer_rating', 'projects_led', 'tenure_years', 'training_score']);
    expect(health.rawColumns.find((c: { name: string }) => c.name === 'kpi_score').type).toBe('number');
  });

  it('names the row and column of a missing raw column, a number sent as a string, and a value outside the training range', async () => {
    const [a, b, c] = jsonRows(server.scoring!, csvRows(rowsCsv)).slice(0, 3);
    delete b.peer_rating;
    const missing = await post(server.port, server.token, [a, b]);
    expect(missing.status).toBe(400);
    const mb = await missing.json();
    expect(mb.problems).toEqual([{ row: 2, field: 'peer_rating', message: expect.stringMatching(/^"peer_rating" is missing; the model's scoring pipeline reads it/) }]);

    const asString = await post(server.port, server.token, [{ ...c, tenure_years: String(c.tenure_years) }]);
    expect(asString.status).toBe(400);
    expect((await asString.json()).problems).toEqual([
      { row: 1, field: 'tenure_years', message: `"tenure_years" is the string "${c.tenure_years}"; it must be a number (JSON number) (send ${c.tenure_years} without quotes: strings are not converted).` },
    ]);

    const kpi = server.scoring!.rawColumns!.find((x) => x.name === 'kpi_score')!;
    const far = await post(server.port, server.token, [a, { ...c, kpi_score: kpi.max! + 50 }]);
    const fb = await far.json();
    expect(far.status).toBe(200);
    expect(fb.rowsOutOfRange).toBe(1);
    expect(fb.results[0].outOfRange).toEqual([]);
    expect(fb.results[1]).toMatchObject({ row: 2, outOfRange: [{ feature: 'kpi_score', value: kpi.max! + 50, min: kpi.min, max: kpi.max, side: 'above' }] });
  });

  it('--prepared scores rows that already hold the model input (cluster included) to the same scores', async () => {
    const prepared = await startScoringServer({ model: `${MODEL}@v1`, registry, prepared: true, port: 0, scoringWorkers: 1, log: () => {} });
    if ('errors' in prepared) throw new Error(prepared.errors.join('\n'));
    try {
      expect(prepared.scoring).toBeUndefined();
      // The model's input for the rows, prepared here by the same scoring pipeline.
      const input = await applyScoringPipeline(server.scoring!, createBuiltinRegistry(), { name: 'rows.csv', bytes: readFileSync(rowsCsv) });
      const features = server.model.featureNames.map((f) => f.split('=')[0]);
      const rows = Array.from({ length: input.table.nRows }, (_, i) =>
        Object.fromEntries(input.table.columns.filter((c) => features.includes(c.name)).map((c) => [c.name, cellValue(c, i)])),
      );
      expect(rows[0]).toHaveProperty('cluster');
      const res = await post(prepared.port, prepared.token, rows);
      const body = await res.json();
      expect(res.status, JSON.stringify(body).slice(0, 500)).toBe(200);
      const ids = csvRows(rowsCsv).map((r) => r.employee_id);
      body.results.forEach((r: { score: number }, i: number) => expect(Math.abs(r.score - csvScores.get(ids[i])!)).toBeLessThan(1e-9));
      // Raw rows lack the cluster: as the model's input they are refused, naming it.
      const raw = await post(prepared.port, prepared.token, jsonRows(server.scoring!, csvRows(rowsCsv).slice(0, 1)));
      expect(raw.status).toBe(400);
      expect((await raw.json()).problems).toEqual([{ row: 1, field: 'cluster', message: expect.stringMatching(/^"cluster" is missing/) }]);
    } finally {
      await prepared.close();
    }
  }, 60_000);

  it('a model saved with a refusal does not start: the message names the node and suggests --prepared', async () => {
    const run = trainRepairedCapabilityModel(work, registry);
    expect(run.code, run.stderr).toBe(0);
    const refused = await startScoringServer({ model: 'Repaired model@v1', registry, port: 0, scoringWorkers: 1, log: () => {} });
    expect('errors' in refused && refused.exitCode).toBe(2);
    const message = (refused as { errors: string[] }).errors[0];
    expect(message).toMatch(/^This model cannot score raw rows: its scoring pipeline stops at node "repair" \(disparate-impact-remover\)\./);
    expect(message).toMatch(/Start serve with --prepared/);
    // With --prepared it serves the repaired columns as sent.
    const prepared = await startScoringServer({ model: 'Repaired model@v1', registry, prepared: true, port: 0, scoringWorkers: 1, log: () => {} });
    if ('errors' in prepared) throw new Error(prepared.errors.join('\n'));
    await prepared.close();
  }, 120_000);
});

describe('crispflow serve --model "<model>@v<N>" --registry (the real command, no pipeline file)', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints a raw example row that scores in the bundled worker, and stops cleanly', async () => {
    child = spawn(process.execPath, [path.join(repoRoot, 'bin/crispflow.mjs'), 'serve', '--model', `${MODEL}@v1`, '--registry', registry, '--port', '0'], {
      cwd: repoRoot,
      env: { ...process.env, CRISPFLOW_SERVE_TOKEN: 'raw-rows-token-0123456789' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exit = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    let text = '';
    const base = await new Promise<string>((resolve, reject) => {
      child!.stderr!.setEncoding('utf8');
      child!.stderr!.on('data', (c: string) => {
        text += c;
        const m = /Serving the .* on (http:\/\/127\.0\.0\.1:\d+) /.exec(text);
        if (m && /^Try: .*\n/m.test(text)) resolve(m[1]);
      });
      void exit.then((code) => reject(new Error(`crispflow serve exited with ${code} before serving:\n${text}`)));
    });
    expect(text).toMatch(/Rows are raw data: each is prepared as in training by the model's scoring pipeline \(.+ → Capability clusters → split\)/);
    const example = JSON.parse(/-d '(.*)' http/.exec(text)![1]);
    expect(Object.keys(example.rows[0]).sort()).toEqual(['awards', 'kpi_score', 'peer_rating', 'projects_led', 'tenure_years', 'training_score']);
    const res = await fetch(`${base}/score`, { method: 'POST', headers: { authorization: 'Bearer raw-rows-token-0123456789', 'content-type': 'application/json' }, body: JSON.stringify(example) });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.input).toBe('raw');
    expect(body.results[0].score).toBeGreaterThan(0);
    expect(body.results[0].score).toBeLessThan(1);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 120_000);
});
