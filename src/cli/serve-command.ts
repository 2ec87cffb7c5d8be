/**
 * `crispflow serve <pipeline.json>`: trains the pipeline's model (running only the nodes it needs) — or
 * loads it from --model when that file exists, saving it there after training otherwise, or from the
 * registry version --model names ("<model>@v<N>", no pipeline needed) — and serves it:
 *   GET  /health  → { status, model, features, input: raw|prepared, rawColumns?, … }   (no token)
 *   POST /score   ← { rows: [{ column: value, … }, …] } (or a bare array), Content-Type: application/json,
 *                   Authorization: Bearer <token>
 *                 → { results: [{ score, predicted, drivers, missingFeatures, outOfRange, ignoredFields, … }] }
 * Rows are raw data replayed through the model's scoring pipeline (score-raw-request), or with --prepared
 * (and for models saved without one) the model's input as sent (score-request).
 * The parts live in ./serve/: request limits (request-target, request-body), access (access-control),
 * scoring off the HTTP thread (scoring-pool, score-worker, score-request), the handler and the server.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadModelFile, saveModelFile } from './model-file.ts';
import type { Model } from '../core/ports.ts';
import type { FeaturizerSpec } from '../ml/features/featurizer.ts';
import { isoDate } from '../ml/temporal/dates.ts';
import { EXIT } from './exit-codes.ts';
import { removeStaleTempFiles } from '../fs/atomic-write.ts';
import { generateServeToken, isLoopbackHost, tokenProblem } from './serve/access-control.ts';
import type { ServedModel } from './serve/score-request.ts';
import { SERVE_DEFAULTS, startServing } from './serve/start-server.ts';
import { registryWithNodePackages } from './node-packages-option.ts';
import { trainPipelineModel, type TrainOptions } from './serve/train-model.ts';
import { loadTrainingRanges, saveTrainingRanges, trainingRangesFileFor, type TrainingRanges } from './serve/training-ranges.ts';

import type { ServeScoreLog } from '../monitoring/serve-score-log.ts';
import { isRefused, refusedMessage, ScoringPipelineError, scoringInfoOf, type ScoringPipeline } from '../monitoring/scoring-pipeline.ts';
import { loadVersionModel, ModelVersionRefError, resolveModelVersion, versionLabel } from '../monitoring/registry-versions.ts';
import { exampleRawRow } from './serve/raw-rows-to-table.ts';
export { rowsToTable, type FieldProblem } from './serve/rows-to-table.ts';
export { trainPipelineModel } from './serve/train-model.ts';

export interface ServeOptions extends Omit<TrainOptions, 'file'> {
  /** The pipeline that trains the model; not needed when --model names an existing file or a registry version. */
  file?: string;
  /** The registry --model's "<model>@v<N>" is looked up in (default crispflow-workspace/registry). */
  registry?: string;
  /** Rows already hold the model's input (prepared as in training): the model's scoring pipeline is not applied. */
  prepared?: boolean;
  port?: number;
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Extra accepted Host header values. */
  allowHosts?: string[];
  /** The bearer token; generated when absent (see RunningServer.token). */
  token?: string;
  /** A model file: loaded when it exists (no training), else written after training; or a registry version "<model>@v<N>". */
  model?: string;
  maxBodyBytes?: number;
  maxRows?: number;
  scoreTimeoutMs?: number;
  scoringWorkers?: number;
  log?: (line: string) => void;
  /** Log every scored row (model, id, score) to this JSONL file (issue 15). */
  scoreLog?: ServeScoreLog;
}

export interface RunningServer {
  port: number;
  model: Model;
  /** The token every route but /health requires. */
  token: string;
  /** Training ranges of the numeric features, when known. */
  ranges?: TrainingRanges;
  /** The scoring pipeline replayed on posted rows (absent: rows are the model's input). */
  scoring?: ScoringPipeline;
  close(): Promise<void>;
}

/** Why serve cannot start; `exitCode` 2 for what the user asked (an unknown version, a model that cannot take raw rows). */
export interface ServeStartFailure {
  errors: string[];
  exitCode?: number;
}

/** `--model` names a registry version ("<model>@v<N>", a model name, a version folder) rather than a model file. */
const isRegistryRef = (model: string) => !/\.json$/i.test(model);

/**
 * How posted rows reach the model: through its scoring pipeline (raw columns in), or as they are (--prepared,
 * or a model saved without one). A model whose preparation cannot be replayed is refused, naming the node.
 */
export function servingInput(model: Model, prepared: boolean | undefined): { scoring?: ScoringPipeline; note?: string } | { error: string } {
  let info;
  try {
    info = scoringInfoOf(model);
  } catch (e) {
    return { error: `${(e as Error).message} (Or start serve with --prepared to score rows that already hold the model's input columns.)` };
  }
  if (!info) return { note: "This model was saved without a scoring pipeline: each row must hold the model's input columns, as in training." };
  if (prepared) return { note: "--prepared: each row must hold the model's input columns, prepared as in training; the model's scoring pipeline is not applied." };
  if (isRefused(info)) {
    const { nodeId, type } = info.refused;
    return {
      error:
        `This model cannot score raw rows: its scoring pipeline stops at node "${nodeId}" (${type}). ${refusedMessage(info)} ` +
        `Start serve with --prepared to score rows that already hold the model's input columns, prepared as in training.`,
    };
  }
  if (!info.rawColumns) {
    return {
      error:
        "This model's scoring pipeline was saved before it recorded the types of the raw columns, which serve needs to read JSON rows. " +
        'Register the model again (crispflow run --registry, or delete the --model file so serve trains and saves it), or start serve with --prepared to score rows that already hold the model\'s input columns.',
    };
  }
  return { scoring: info };
}

async function obtainServedModel(o: ServeOptions): Promise<ServedModel | ServeStartFailure> {
  const log = o.log ?? console.error;
  // Installs the model scorers in this thread (with those of --nodes packages): loading a model file checks that its kind can be scored.
  await registryWithNodePackages(o.nodePackages);
  if (o.model) {
    // Temp files of an earlier serve killed while writing the model or its ranges.
    const removed = await removeStaleTempFiles(path.dirname(path.resolve(o.model)));
    if (removed.length) log(`Removed ${removed.length} temp file(s) left by an interrupted write: ${removed.join(', ')}.`);
  }
  if (o.model && existsSync(o.model)) {
    const model = await loadModelFile(o.model);
    log(`Loaded the ${model.kind} model from ${o.model} (fingerprint ${model.fingerprint}).`);
    const { ranges, note } = await loadTrainingRanges(trainingRangesFileFor(o.model), model);
    return withServingInput({ model, ranges, rangesNote: note }, o);
  }
  if (o.model && isRegistryRef(o.model)) {
    try {
      const r = await resolveModelVersion(o.model, o.registry);
      const model = await loadVersionModel(r);
      log(`Loaded ${versionLabel(r.version)} (${model.kind}, fingerprint ${model.fingerprint}) from ${r.folder}.`);
      const served = withServingInput({ model, rangesNote: 'This registry version keeps no training ranges of its input columns, so values outside the training range are not flagged.' }, o);
      if (!('errors' in served) && o.scoreLog) served.scoreLog = { ...o.scoreLog, name: r.version.name, version: r.version.version };
      return served;
    } catch (e) {
      if (e instanceof ModelVersionRefError || e instanceof ScoringPipelineError) return { errors: [(e as Error).message], exitCode: EXIT.usage };
      throw e;
    }
  }
  if (!o.file) return { errors: ['Give a pipeline file to train the model from, or --model with an existing model file or a registry version ("<model>@v<N>" with --registry <dir>).'], exitCode: EXIT.usage };
  const trained = await trainPipelineModel({ ...o, file: o.file });
  if (!trained.model) return { errors: trained.errors };
  const { model, ranges } = trained;
  const rangesNote = ranges ? undefined : `The table the model was trained on could not be found, so values outside the training range are not flagged.`;
  if (o.model) {
    // Ranges first: a kill in between leaves no model file, so the next start trains (and writes both) again.
    if (ranges) await saveTrainingRanges(trainingRangesFileFor(o.model), ranges);
    await saveModelFile(o.model, model);
    log(`Saved the trained model to ${o.model}; the next start loads it instead of training.`);
  }
  return withServingInput({ model, ranges, rangesNote }, o);
}

/** The served model with how rows reach it; ranges of the model's input only matter when rows are that input. */
function withServingInput(served: ServedModel, o: ServeOptions): ServedModel | ServeStartFailure {
  const log = o.log ?? console.error;
  const input = servingInput(served.model, o.prepared);
  if ('error' in input) return { errors: [input.error], exitCode: EXIT.usage };
  if (input.note) log(input.note);
  if (!input.scoring) {
    if (served.rangesNote) log(served.rangesNote);
    return served;
  }
  const steps = input.scoring.steps.map((s) => s.label ?? s.nodeId);
  log(`Rows are raw data: each is prepared as in training by the model's scoring pipeline (${steps.join(' → ')}); the columns it reads: ${input.scoring.requiredColumns.join(', ')}.`);
  return { model: served.model, scoring: input.scoring };
}

export async function startScoringServer(o: ServeOptions): Promise<RunningServer | ServeStartFailure> {
  const served = await obtainServedModel(o);
  if ('errors' in served) return served;
  if (o.scoreLog) served.scoreLog ??= o.scoreLog;
  const token = o.token ?? generateServeToken();
  const handle = await startServing(served, {
    token,
    port: o.port,
    host: o.host,
    allowHosts: o.allowHosts,
    maxRows: o.maxRows,
    maxBodyBytes: o.maxBodyBytes,
    scoreTimeoutMs: o.scoreTimeoutMs,
    scoringWorkers: o.scoringWorkers,
    // The scoring workers need the scorers of --nodes packages too.
    nodeModules: (await registryWithNodePackages(o.nodePackages)).workerModules,
  });
  return { port: handle.port, model: served.model, token, ranges: served.ranges, scoring: served.scoring, close: handle.close };
}

/** A row a user can paste: each feature with a plausible value (the middle of its training range, else 0); raw columns when rows are raw. */
function exampleRow(model: Model, ranges: TrainingRanges | undefined, scoring: ScoringPipeline | undefined): Record<string, unknown> {
  if (scoring) return exampleRawRow(scoring.rawColumns ?? [], scoring.requiredColumns);
  const spec = model.featurizer as FeaturizerSpec;
  const row: Record<string, unknown> = {};
  for (const c of spec.columns) {
    if (c.kind === 'one-hot') {
      row[c.name] = c.categories[0] ?? '';
      continue;
    }
    const r = ranges?.features.find((f) => f.name === c.name);
    const mid = r ? (r.min + r.max) / 2 : 0;
    row[c.name] = c.type === 'boolean' ? false : c.type === 'date' ? isoDate(r ? mid : Date.UTC(2025, 0, 1)) : c.type === 'integer' ? Math.round(mid) : Number(mid.toPrecision(4));
  }
  return row;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface ServeCommandOptions {
  file?: string;
  registry?: string;
  prepared?: boolean;
  dataDir?: string;
  port?: number;
  model?: string;
  host?: string;
  allowHosts?: string[];
  token?: string;
  maxRows?: number;
  maxBodyBytes?: number;
  scoreTimeoutSeconds?: number;
  workers?: number;
  /** Node packages (`--nodes`): their nodes can train the served model, their scorers score it. */
  nodePackages?: string[];
  /** --score-log <file.jsonl> and the row field naming each row (--id). */
  scoreLog?: string;
  scoreLogId?: string;
}

function usageProblem(o: ServeCommandOptions): string | null {
  const whole = (v: number | undefined, min: number, max: number) => v === undefined || (Number.isInteger(v) && v >= min && v <= max);
  if (!whole(o.port, 0, 65535)) return '--port must be a whole number between 0 and 65535.';
  if (!whole(o.maxRows, 1, 10_000_000)) return '--max-rows must be a whole number of at least 1.';
  if (!whole(o.maxBodyBytes, 1024, 2 ** 31)) return '--max-body-bytes must be a whole number between 1024 and 2147483648.';
  if (o.scoreTimeoutSeconds !== undefined && !(Number.isFinite(o.scoreTimeoutSeconds) && o.scoreTimeoutSeconds > 0 && o.scoreTimeoutSeconds <= 3600)) {
    return '--score-timeout must be a number of seconds greater than 0 and at most 3600.';
  }
  if (o.host !== undefined && !/^[A-Za-z0-9.:[\]-]+$/.test(o.host)) return `--host ${JSON.stringify(o.host)} is not a host name or IP address.`;
  return null;
}

/** The CLI entry: serves until SIGINT/SIGTERM. Exit 0 after a clean stop, 1 when training failed, 2 for bad usage. */
export async function serveCommand(o: ServeCommandOptions): Promise<number> {
  const problem = usageProblem(o);
  if (problem) {
    console.error(problem);
    return EXIT.usage;
  }
  const envToken = process.env.CRISPFLOW_SERVE_TOKEN;
  // Read once and removed, so no code running later in this process (worker threads copy the environment) sees it.
  delete process.env.CRISPFLOW_SERVE_TOKEN;
  const given = o.token ?? (envToken ? envToken : undefined);
  const tokenSource = o.token !== undefined ? '--token' : given !== undefined ? 'CRISPFLOW_SERVE_TOKEN' : undefined;
  if (given !== undefined) {
    const bad = tokenProblem(given);
    if (bad) {
      console.error(`${bad} (from ${tokenSource})`);
      return EXIT.usage;
    }
  }
  const host = o.host ?? SERVE_DEFAULTS.host;
  if (!isLoopbackHost(host)) {
    console.error(
      `Warning: --host ${host} makes the server reachable from other machines. Traffic is plain HTTP: the token and the ` +
        'rows travel unencrypted, so put a TLS proxy in front, and name it with --allow-host (requests whose Host header ' +
        'is not 127.0.0.1, localhost, [::1] or an --allow-host value are refused).',
    );
  }
  if (!(o.model && (existsSync(o.model) || isRegistryRef(o.model))) && o.file) console.error(`Training the model of ${o.file}…`);
  let started;
  try {
    started = await startScoringServer({
      file: o.file,
      dataDir: o.dataDir,
      port: o.port,
      model: o.model,
      registry: o.registry,
      prepared: o.prepared,
      host,
      allowHosts: o.allowHosts,
      token: given,
      maxRows: o.maxRows,
      maxBodyBytes: o.maxBodyBytes,
      scoreTimeoutMs: o.scoreTimeoutSeconds === undefined ? undefined : Math.round(o.scoreTimeoutSeconds * 1000),
      workers: o.workers,
      scoringWorkers: o.workers,
      nodePackages: o.nodePackages,
      scoreLog: o.scoreLog ? { file: path.resolve(o.scoreLog), idField: o.scoreLogId } : undefined,
    });
  } catch (e) {
    console.error(`Cannot start the server: ${(e as Error).message}`);
    return EXIT.usage;
  }
  if ('errors' in started) {
    for (const e of started.errors) console.error(e);
    return started.exitCode ?? EXIT.nodeFailed;
  }
  const { port, model, close, token, ranges, scoring } = started;
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const url = `http://${isLoopbackHost(host) || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : shown}:${port}`;
  console.error(`Serving the ${model.kind} model on ${url}  (POST /score, GET /health). Ctrl-C stops.`);
  // The token is shown here once, and nowhere else (no log file, no response).
  const shownToken = tokenSource === 'CRISPFLOW_SERVE_TOKEN' ? '$CRISPFLOW_SERVE_TOKEN' : tokenSource === '--token' ? '<the --token value>' : token;
  const header = `Authorization: Bearer ${shownToken}`;
  if (tokenSource) console.error(`Every route but /health needs the token from ${tokenSource}.`);
  else console.error(`Access token (made for this run; set --token or CRISPFLOW_SERVE_TOKEN to choose one): ${token}`);
  console.error(
    `Try:  curl -H "${header}" -H 'Content-Type: application/json' -d ${shellQuote(JSON.stringify({ rows: [exampleRow(model, ranges, scoring)] }))} ${url}/score`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await close();
  return EXIT.ok;
}
