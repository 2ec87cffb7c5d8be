/**
 * The gradient-boosting helper thread on Node (worker_threads), for the CLI, tests and benchmarks.
 * One long-lived worker per process (unref'd, so it never keeps the process alive); it serves one fit
 * at a time, and a fit that finds it busy runs on one thread.
 */
import { Worker } from 'node:worker_threads';
import type { HelperSetup, HelperThread } from './parallel-helper.ts';

let worker: Worker | undefined;
let busy = false;

function spawn(): Worker {
  const w = new Worker(new URL('./node-helper-worker.mjs', import.meta.url), {
    workerData: { entry: new URL('./parallel-helper.ts', import.meta.url).href },
    execArgv: [],
    name: 'crispflow-boosting-helper',
  });
  w.unref();
  w.on('error', () => {
    worker = undefined;
  });
  w.on('exit', () => {
    if (worker === w) worker = undefined;
  });
  return w;
}

/**
 * A HelperThread for one fit, or undefined when the helper is serving another fit. Call `done()` after
 * the fit (the worker has then left its loop).
 */
export function acquireNodeHelperThread(): (HelperThread & { done(): void }) | undefined {
  if (busy) return undefined;
  busy = true;
  worker ??= spawn();
  const w = worker;
  return {
    post: (setup: HelperSetup) => w.postMessage(setup),
    done: () => {
      busy = false;
    },
  };
}

/** Stops the helper worker (tests; the process exits without it anyway). */
export async function stopNodeHelperThread(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w) await w.terminate();
}
