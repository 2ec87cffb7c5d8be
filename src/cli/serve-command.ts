/**
 * `crispflow serve <pipeline.json> [--port N] [--model file]`: trains the pipeline's model (running only
 * the nodes it needs) — or loads it from the model file when that exists, saving it there after
 * training otherwise — and serves it over HTTP with node:http:
 *   GET  /health  → { status, model: { kind, target, fingerprint, trainedAt }, features: [...] }
 *   POST /score   ← { rows: [{ column: value, … }, …] } (or a bare array)
 *                 → { results: [{ score, predicted, drivers: [{ feature, value, contribution, text, direction }] }] }
 * Rows are checked against the training schema (the model's featurizer spec); any mismatch gives a 400
 * listing every problem by row and field. Bodies above `maxBodyBytes` get a 413.
 */
import http from 'node:http';
import { existsSync } from 'node:fs';
import { loadModelFile, saveModelFile } from './model-file.ts';
import { compile } from '../core/compiler.ts';
import type { Model } from '../core/ports.ts';
import type { Column, Table } from '../core/table/table.ts';
import { createBuiltinRegistry } from '../../nodes/index.ts';
import { createRunner } from '../runtime/runner.ts';
import { createNodePool } from '../runtime/node/node-pool.ts';
import { parseIsoDate } from '../ml/temporal/dates.ts';
import type { FeatureColumnSpec, FeaturizerSpec } from '../ml/features/featurizer.ts';
import { scoreWithDrivers } from '../ml/explain/score-with-drivers.ts';
import { modelAcceptsMissing } from '../ml/models/scorers.ts';
import { cliDatasetProvider, formatProblem, loadPipelineFile, schemaEnvFor } from './load-pipeline.ts';
import { EXIT } from './exit-codes.ts';

export interface ServeOptions {
  file: string;
  dataDir?: string;
  port?: number;
  host?: string;
  /** A model file: loaded when it exists (no training), else written after training. */
  model?: string;
  /** Id of the node whose model to serve (default: the last node in the pipeline with a model output). */
  modelNode?: string;
  maxBodyBytes?: number;
  maxRows?: number;
  workers?: number;
  log?: (line: string) => void;
}

export interface FieldProblem {
  row: number;
  field: string;
  message: string;
}

/** Trains the model by running the pipeline up to the model node. */
export async function trainPipelineModel(o: ServeOptions): Promise<{ model?: Model; nodeId?: string; errors: string[] }> {
  const { doc, errors } = await loadPipelineFile(o.file);
  if (!doc) return { errors };
  const registry = createBuiltinRegistry();
  const candidates = doc.nodes.filter((n) => Object.values(registry.get(n.type)?.outputs ?? {}).some((p) => (p as { type: string }).type === 'model'));
  const chosen = o.modelNode ? candidates.find((n) => n.id === o.modelNode) : candidates[candidates.length - 1];
  if (!chosen) {
    return {
      errors: [
        o.modelNode
          ? `Node "${o.modelNode}" does not produce a model (model nodes: ${candidates.map((n) => n.id).join(', ') || 'none'}).`
          : 'The pipeline has no node that trains a model. Add a model node (e.g. Gradient boosting) first.',
      ],
    };
  }
  const datasets = cliDatasetProvider(o.file, o.dataDir);
  const env = await schemaEnvFor(doc, registry, datasets);
  const checked = compile(doc, registry, { env, targets: [chosen.id] });
  const blocking = checked.problems.filter((p) => p.severity === 'error');
  if (blocking.length) return { errors: blocking.map(formatProblem) };
  const pool = createNodePool(o.workers);
  try {
    const runner = createRunner({ registry, pool, datasets });
    const handle = runner.run(doc, { targets: [chosen.id] });
    const result = await handle.done;
    const failed = Object.entries(result.nodes).find(([, r]) => r.status === 'error');
    if (failed) return { errors: [`Node "${failed[0]}" failed: ${failed[1].error?.message ?? 'unknown error'}`] };
    const outputs = result.outputs[chosen.id] ?? {};
    const model = Object.values(outputs).find((v): v is Model => typeof v === 'object' && v !== null && 'featurizer' in v && 'kind' in v);
    if (!model) return { errors: [`Node "${chosen.id}" produced no model.`] };
    return { model, nodeId: chosen.id, errors: [] };
  } finally {
    await pool.close();
  }
}

function describeType(c: FeatureColumnSpec): string {
  if (c.kind === 'one-hot') return `one of ${c.categories.slice(0, 12).join(', ')}${c.categories.length > 12 ? ', …' : ''}`;
  switch (c.type) {
    case 'integer':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'date':
      return 'a date YYYY-MM-DD';
    default:
      return 'a number';
  }
}

/** Validates JSON rows against the featurizer spec and builds the table to score. */
export function rowsToTable(spec: FeaturizerSpec, rows: unknown[], allowMissing: boolean): { table?: Table; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const n = rows.length;
  const columns: Column[] = spec.columns.map((c): Column => {
    if (c.kind === 'one-hot') return { name: c.name, type: 'category', categories: c.categories.slice(), codes: new Int32Array(n).fill(-1) };
    return { name: c.name, type: c.type, values: new Float64Array(n).fill(NaN) };
  });
  rows.forEach((raw, i) => {
    const row = i + 1;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push({ row, field: '', message: 'Each row must be a JSON object of column → value.' });
      return;
    }
    const r = raw as Record<string, unknown>;
    spec.columns.forEach((c, k) => {
      const v = r[c.name];
      const col = columns[k];
      if (v === undefined || v === null || v === '') {
        if (!allowMissing) problems.push({ row, field: c.name, message: `"${c.name}" is missing; this model needs ${describeType(c)}.` });
        return;
      }
      if (c.kind === 'one-hot') {
        const code = typeof v === 'string' ? c.categories.indexOf(v) : -1;
        if (code < 0) problems.push({ row, field: c.name, message: `"${c.name}" is ${JSON.stringify(v)}; it must be ${describeType(c)}.` });
        else if (col.type === 'category') col.codes[i] = code;
        return;
      }
      if (col.type === 'category' || col.type === 'text') return;
      let x = NaN;
      if (c.type === 'date') x = typeof v === 'string' ? parseIsoDate(v) : NaN;
      else if (c.type === 'boolean') x = v === true || v === 1 ? 1 : v === false || v === 0 ? 0 : NaN;
      else if (typeof v === 'number' && Number.isFinite(v)) x = v;
      if (Number.isNaN(x) || (c.type === 'integer' && !Number.isInteger(x))) {
        problems.push({ row, field: c.name, message: `"${c.name}" is ${JSON.stringify(v)}; it must be ${describeType(c)}.` });
        return;
      }
      col.values[i] = x;
    });
  });
  return problems.length ? { problems } : { table: { nRows: n, columns }, problems };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** An HTTP handler serving one trained model. */
export function createScoringHandler(model: Model, o: { maxBodyBytes?: number; maxRows?: number } = {}): http.RequestListener {
  const maxBody = o.maxBodyBytes ?? 1_048_576;
  const maxRows = o.maxRows ?? 10_000;
  const spec = model.featurizer as FeaturizerSpec;
  const allowMissing = modelAcceptsMissing(model);
  const features = spec.columns.map((c) => (c.kind === 'one-hot' ? { name: c.name, type: 'category', categories: c.categories } : { name: c.name, type: c.type }));
  const info = { kind: model.kind, target: model.target, fingerprint: model.fingerprint, trainedAt: model.trainedAt ?? null };
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') {
      if (req.method !== 'GET') return send(res, 405, { error: 'Use GET /health.' });
      return send(res, 200, { status: 'ok', model: info, features, missingValuesAllowed: allowMissing });
    }
    if (url.pathname !== '/score') return send(res, 404, { error: 'Not found. Use POST /score or GET /health.' });
    if (req.method !== 'POST') return send(res, 405, { error: 'Use POST /score with a JSON body { "rows": [ … ] }.' });
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) {
      send(res, 413, { error: `The request body is larger than ${maxBody} bytes. Send fewer rows per request.` });
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on('data', (chunk: Buffer) => {
      if (aborted) return;
      size += chunk.length;
      if (size > maxBody) {
        aborted = true;
        send(res, 413, { error: `The request body is larger than ${maxBody} bytes. Send fewer rows per request.` });
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (aborted) return;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        return send(res, 400, { error: `The body is not valid JSON: ${(e as Error).message}.` });
      }
      const rows = Array.isArray(body) ? body : (body as { rows?: unknown })?.rows;
      if (!Array.isArray(rows)) return send(res, 400, { error: 'Send { "rows": [ { column: value, … } ] } or a JSON array of rows.' });
      if (rows.length === 0) return send(res, 400, { error: 'No rows to score.' });
      if (rows.length > maxRows) return send(res, 400, { error: `At most ${maxRows} rows per request (got ${rows.length}).` });
      const { table, problems } = rowsToTable(spec, rows, allowMissing);
      if (!table) return send(res, 400, { error: 'Some rows do not match the columns the model was trained on.', problems });
      try {
        return send(res, 200, { model: info, results: scoreWithDrivers(model, table) });
      } catch (e) {
        return send(res, 500, { error: `Scoring failed: ${(e as Error).message}` });
      }
    });
  };
}

export interface RunningServer {
  port: number;
  model: Model;
  close(): Promise<void>;
}

export async function startScoringServer(o: ServeOptions): Promise<RunningServer | { errors: string[] }> {
  let model: Model;
  if (o.model && existsSync(o.model)) {
    model = await loadModelFile(o.model);
    (o.log ?? console.error)(`Loaded the ${model.kind} model from ${o.model} (fingerprint ${model.fingerprint}).`);
  } else {
    const trained = await trainPipelineModel(o);
    if (!trained.model) return { errors: trained.errors };
    model = trained.model;
    if (o.model) {
      await saveModelFile(o.model, model);
      (o.log ?? console.error)(`Saved the trained model to ${o.model}; the next start loads it instead of training.`);
    }
  }
  const server = http.createServer(createScoringHandler(model, o));
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 8080, o.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (o.port ?? 8080);
  return { port, model, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The CLI entry: serves until SIGINT/SIGTERM. Exit 0 after a clean stop, 1 when training failed, 2 for bad usage. */
export async function serveCommand(o: { file: string; dataDir?: string; port?: number; model?: string }): Promise<number> {
  if (o.port !== undefined && !(Number.isInteger(o.port) && o.port >= 0 && o.port < 65536)) {
    console.error('--port must be a whole number between 0 and 65535.');
    return EXIT.usage;
  }
  if (!(o.model && existsSync(o.model))) console.error(`Training the model of ${o.file}…`);
  let started;
  try {
    started = await startScoringServer(o);
  } catch (e) {
    console.error(`Cannot start the server: ${(e as Error).message}`);
    return EXIT.usage;
  }
  if ('errors' in started) {
    for (const e of started.errors) console.error(e);
    return EXIT.nodeFailed;
  }
  const { port, model, close } = started;
  console.error(`Serving the ${model.kind} model on http://127.0.0.1:${port}  (POST /score, GET /health). Ctrl-C stops.`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await close();
  return EXIT.ok;
}
