/**
 * The scoring worker (a worker_threads entry, started by scoring-pool.ts through the runtime's worker
 * bootstrap). It receives the served model once, in workerData, then answers one request body at a time.
 * Scoring and JSON work happen here so the HTTP thread stays free: /health answers while 10,000 rows score.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { builtinNodes } from '../../../nodes/index.ts';
import { composeRegistry, definitionsFromModule } from '../../core/node-packages.ts';
import { installScorers } from '../../ml/models/scorers.ts';
import type { FeaturizerSpec } from '../../ml/features/featurizer.ts';
import { scoreRequest, type ScoreAnswer, type ServedModel } from './score-request.ts';
import { scoreRawRequest } from './score-raw-request.ts';
import { exampleRawRow } from './raw-rows-to-table.ts';
import { logServedScores } from '../../monitoring/serve-score-log.ts';

export interface ScoreJobMessage {
  id: number;
  /** The request body (transferred). */
  body: Uint8Array;
  maxRows: number;
}

export interface ScoreReplyMessage {
  id: number;
  status: number;
  /** The JSON answer as UTF-8 bytes (transferred). */
  json: Uint8Array;
}

export type WorkerToPoolMessage = { type: 'ready' } | ({ type: 'reply' } & ScoreReplyMessage);

const { served, nodeModules } = workerData as { served: ServedModel; nodeModules: string[] };
// The model scorers of the built-in nodes and of the node packages in use (already checked by the host).
const packages = nodeModules.map((spec) => ({ name: spec, load: async () => definitionsFromModule(await import(spec)) }));
// The node registry also replays the model's scoring pipeline (its nodes' own code, in this worker).
const { registry } = await composeRegistry(builtinNodes, packages);
installScorers(registry.scorers());
const encoder = new TextEncoder();
const port = parentPort!;

/** Raw rows through the model's scoring pipeline, or (--prepared, no pipeline) the model's input as sent. */
const answer = (bytes: Uint8Array, maxRows: number): ScoreAnswer | Promise<ScoreAnswer> => {
  const { scoring } = served;
  return scoring ? scoreRawRequest({ ...served, scoring }, registry, bytes, maxRows) : scoreRequest(served, bytes, maxRows);
};

// The pool gives a worker one request at a time, so an async answer never overlaps the next.
port.on('message', async (job: ScoreJobMessage) => {
  let status: number;
  let body: unknown;
  try {
    ({ status, body } = await answer(job.body, job.maxRows));
    if (status === 200 && served.scoreLog) void logServedScores(served.scoreLog, served.model, job.body, body);
  } catch (e) {
    status = 500;
    body = { error: `Scoring failed unexpectedly: ${(e as Error).message}` };
  }
  // TextEncoder gives a fresh buffer of its own, safe to transfer (Buffer.from may share a pool slab).
  const json = encoder.encode(JSON.stringify(body));
  const reply: WorkerToPoolMessage = { type: 'reply', id: job.id, status, json };
  port.postMessage(reply, [json.buffer]);
});

/**
 * Scores one plausible row before saying ready: the first request would otherwise also pay for compiling
 * the scoring code, which under load can take longer than a short time limit.
 */
async function warmUp(): Promise<void> {
  const spec = served.model.featurizer as FeaturizerSpec;
  const row = served.scoring
    ? exampleRawRow(served.scoring.rawColumns ?? [], served.scoring.requiredColumns)
    : Object.fromEntries(spec.columns.map((c) => [c.name, c.kind === 'one-hot' ? (c.categories[0] ?? null) : c.type === 'boolean' ? false : c.type === 'date' ? '2020-01-01' : 0]));
  await answer(encoder.encode(JSON.stringify([row])), 1);
}

try {
  await warmUp();
} catch {
  // Only an optimisation: a model that cannot score this row still answers real requests (with their own errors).
}
port.postMessage({ type: 'ready' } satisfies WorkerToPoolMessage);
