/**
 * A small pool of scoring workers (worker_threads) with a queue, a time limit per request and
 * self-healing: a worker that overruns the limit is terminated and replaced, and one that dies (out of
 * memory, a bug) is replaced too; the request it held gets a clear 503/500 and the server carries on.
 *
 * Workers start like the runtime's pool workers (src/runtime/node/node-pool.ts), through newNodeWorker
 * (src/runtime/node/worker-script.ts) with the entry `new URL('./score-worker.ts', import.meta.url)`: from
 * source the tsx bootstrap imports that .ts file; in the CLI bundle (scripts/build-cli.mjs, entry
 * `score-worker`) the built score-worker.js beside the bundled code runs directly.
 */
import type { Worker } from 'node:worker_threads';
import { newNodeWorker } from '../../runtime/node/worker-script.ts';
import type { ServedModel } from './score-request.ts';
import type { ScoreJobMessage, WorkerToPoolMessage } from './score-worker.ts';

export interface ScoringPoolOptions {
  served: ServedModel;
  /** Workers (default 2: a big request does not hold up small ones). */
  size?: number;
  maxRows: number;
  /** Time limit per request, from the moment a worker takes it. */
  timeoutMs: number;
  /** Requests waiting for a worker beyond this are refused with 503 (default 64). */
  maxQueue?: number;
  /** Longest wait for a free worker before a 503 (default: the time limit plus 15 s, time enough to replace a worker). */
  queueWaitMs?: number;
  /** V8 heap limit per worker: a pathological request kills its worker, not the server (default 1024). */
  maxOldGenerationSizeMb?: number;
  /** Entry modules of node packages: their model scorers are installed in each worker. */
  nodeModules?: string[];
}

export interface ScoreOutcome {
  status: number;
  /** JSON, UTF-8. */
  json: Uint8Array;
}

export interface ScoringPool {
  /** Resolves when every worker has loaded the model; rejects when one cannot start. */
  ready: Promise<void>;
  score(body: Uint8Array, signal?: AbortSignal): Promise<ScoreOutcome>;
  close(): Promise<void>;
}

/** The worker's entry module (see the header comment for how it is run). */
export const scoreWorkerEntry = (): URL => new URL('./score-worker.ts', import.meta.url);

const encoder = new TextEncoder();
const jsonOutcome = (status: number, body: unknown): ScoreOutcome => ({ status, json: encoder.encode(JSON.stringify(body)) });

interface Job {
  id: number;
  body: Uint8Array;
  signal?: AbortSignal;
  /** Bounds the wait in the queue, as the time limit bounds the scoring. */
  queueTimer?: NodeJS.Timeout;
  resolve(o: ScoreOutcome): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
  retired: boolean;
}

export function createScoringPool(o: ScoringPoolOptions): ScoringPool {
  const size = o.size ?? 2;
  const maxQueue = o.maxQueue ?? 64;
  const heapMb = o.maxOldGenerationSizeMb ?? 1024;
  const queueWaitMs = o.queueWaitMs ?? o.timeoutMs + 15_000;
  const entry = scoreWorkerEntry();
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;
  /** Set when a worker cannot even start: every request then gets this 503 instead of a restart loop. */
  let broken: string | undefined;
  let startedCount = 0;
  let resolveReady!: () => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  ready.catch(() => {});

  function failQueued(outcome: () => ScoreOutcome) {
    for (const job of queue.splice(0)) {
      clearTimeout(job.queueTimer);
      job.resolve(outcome());
    }
  }

  function spawn(): void {
    const worker: Worker = newNodeWorker(entry, {
      workerData: { served: o.served, nodeModules: o.nodeModules ?? [] },
      name: 'crispflow-score-worker',
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    const slot: Slot = { worker, ready: false, retired: false };
    slots.add(slot);
    let lastError: (Error & { code?: string }) | undefined;
    worker.on('message', (m: WorkerToPoolMessage) => {
      if (m.type === 'ready') {
        slot.ready = true;
        if (++startedCount === size) resolveReady();
        dispatch();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      clearTimeout(slot.timer);
      slot.job = undefined;
      job.resolve({ status: m.status, json: m.json });
      dispatch();
    });
    worker.on('error', (e) => {
      lastError = e;
    });
    worker.on('exit', (code) => {
      slots.delete(slot);
      clearTimeout(slot.timer);
      if (slot.retired || closed) return;
      const why =
        lastError?.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `it ran out of memory (limit ${heapMb} MB)`
          : lastError
            ? `it failed: ${lastError.message}`
            : `it exited with code ${code}`;
      if (!slot.ready) {
        // Could not even load the model: restarting would fail the same way.
        broken = `The scoring worker could not start (${why}).`;
        rejectReady(new Error(broken));
        failQueued(() => jsonOutcome(503, { error: `${broken} Restart the server; if it persists, report it.` }));
        return;
      }
      if (slot.job) {
        slot.job.resolve(jsonOutcome(500, { error: `The scoring worker stopped while scoring this request (${why}); it has been restarted. Send fewer rows per request.` }));
      }
      spawn();
    });
  }

  function dispatch(): void {
    for (const slot of slots) {
      if (!slot.ready || slot.job || slot.retired) continue;
      let job: Job | undefined;
      while ((job = queue.shift())) {
        if (!job.signal?.aborted) break;
        // The client went away while waiting: nobody reads this answer.
        clearTimeout(job.queueTimer);
        job.resolve(jsonOutcome(503, { error: 'The client closed the connection.' }));
      }
      if (!job) return;
      clearTimeout(job.queueTimer);
      slot.job = job;
      slot.timer = setTimeout(() => timeOut(slot), o.timeoutMs);
      const message: ScoreJobMessage = { id: job.id, body: job.body, maxRows: o.maxRows };
      slot.worker.postMessage(message, [job.body.buffer as ArrayBuffer]);
    }
  }

  /** Scoring code cannot be interrupted, so the only way to stop an overrun is to end its worker. */
  function timeOut(slot: Slot): void {
    const job = slot.job;
    if (!job) return;
    slot.job = undefined;
    slot.retired = true;
    void slot.worker.terminate();
    slots.delete(slot);
    job.resolve(
      jsonOutcome(503, {
        error: `Scoring took longer than the limit of ${(o.timeoutMs / 1000).toFixed(1)} s and was stopped. Send fewer rows per request, or start the server with a larger --score-timeout.`,
      }),
    );
    if (!closed) spawn();
  }

  for (let i = 0; i < size; i++) spawn();

  return {
    ready,
    score(body, signal) {
      if (closed) return Promise.resolve(jsonOutcome(503, { error: 'The server is shutting down.' }));
      if (broken) return Promise.resolve(jsonOutcome(503, { error: `${broken} Restart the server.` }));
      if (queue.length >= maxQueue) {
        return Promise.resolve(jsonOutcome(503, { error: `The server is busy (${maxQueue} requests are waiting). Try again in a moment.` }));
      }
      return new Promise<ScoreOutcome>((resolve) => {
        const job: Job = { id: nextId++, body, signal, resolve };
        job.queueTimer = setTimeout(() => {
          const at = queue.indexOf(job);
          if (at < 0) return;
          queue.splice(at, 1);
          resolve(jsonOutcome(503, { error: `The server is busy: this request waited ${(queueWaitMs / 1000).toFixed(1)} s for a free scoring worker. Try again in a moment.` }));
        }, queueWaitMs);
        queue.push(job);
        dispatch();
      });
    },
    async close() {
      closed = true;
      failQueued(() => jsonOutcome(503, { error: 'The server is shutting down.' }));
      const all = [...slots];
      for (const s of all) {
        clearTimeout(s.timer);
        s.job?.resolve(jsonOutcome(503, { error: 'The server is shutting down.' }));
      }
      await Promise.all(all.map((s) => s.worker.terminate()));
      slots.clear();
    },
  };
}
