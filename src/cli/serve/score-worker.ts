/**
 * The scoring worker (a worker_threads entry, started by scoring-pool.ts through the runtime's worker
 * bootstrap). It receives the served model once, in workerData, then answers one request body at a time.
 * Scoring and JSON work happen here so the HTTP thread stays free: /health answers while 10,000 rows score.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createBuiltinRegistry } from '../../../nodes/index.ts';
import { scoreRequest, type ServedModel } from './score-request.ts';

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

// Building the registry installs the model scorers in this thread.
createBuiltinRegistry();
const served = (workerData as { served: ServedModel }).served;
const encoder = new TextEncoder();
const port = parentPort!;

port.on('message', (job: ScoreJobMessage) => {
  let status: number;
  let body: unknown;
  try {
    ({ status, body } = scoreRequest(served, job.body, job.maxRows));
  } catch (e) {
    status = 500;
    body = { error: `Scoring failed unexpectedly: ${(e as Error).message}` };
  }
  // TextEncoder gives a fresh buffer of its own, safe to transfer (Buffer.from may share a pool slab).
  const json = encoder.encode(JSON.stringify(body));
  const reply: WorkerToPoolMessage = { type: 'reply', id: job.id, status, json };
  port.postMessage(reply, [json.buffer]);
});

port.postMessage({ type: 'ready' } satisfies WorkerToPoolMessage);
