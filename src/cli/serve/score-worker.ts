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
import { scoreRequest, type ServedModel } from './score-request.ts';
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
installScorers((await composeRegistry(builtinNodes, packages)).registry.scorers());
const encoder = new TextEncoder();
const port = parentPort!;

port.on('message', (job: ScoreJobMessage) => {
  let status: number;
  let body: unknown;
  try {
    ({ status, body } = scoreRequest(served, job.body, job.maxRows));
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
function warmUp(): void {
  const spec = served.model.featurizer as FeaturizerSpec;
  const row = Object.fromEntries(
    spec.columns.map((c) => [c.name, c.kind === 'one-hot' ? (c.categories[0] ?? null) : c.type === 'boolean' ? false : c.type === 'date' ? '2020-01-01' : 0]),
  );
  scoreRequest(served, encoder.encode(JSON.stringify([row])), 1);
}

try {
  warmUp();
} catch {
  // Only an optimisation: a model that cannot score this row still answers real requests (with their own errors).
}
port.postMessage({ type: 'ready' } satisfies WorkerToPoolMessage);
