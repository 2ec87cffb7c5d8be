/** The pool on Node worker_threads (CLI and tests). */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createPool, defaultPoolSize, type PoolOptions, type WorkerPool } from '../pool.ts';
import type { NodeWorkerData, WorkerApi } from '../protocol.ts';
import { newNodeWorker } from './worker-script.ts';

export interface NodePoolOptions extends PoolOptions {
  /** Modules (paths or file: URLs) exporting extra `nodes` and/or `kernels`, loaded in every worker. */
  extraNodeModules?: string[];
  /** V8 heap limit per worker; a step that exceeds it fails (CF021) and its worker is replaced. */
  maxOldGenerationSizeMb?: number;
  /**
   * V8 young generation per worker (default 16 MB, a third of V8's own default): the short-lived objects
   * of the nodes' loops are small, and a larger young generation stays committed in every worker. Measured
   * on the resume template: peak RSS 474 -> 425 MB, same CPU time.
   */
  maxYoungGenerationSizeMb?: number;
}

function toUrl(spec: string): string {
  return /^[a-z]+:/i.test(spec) && !/^[a-z]:[\\/]/i.test(spec) ? spec : pathToFileURL(path.resolve(spec)).href;
}

function describeDeath(code: number, error: (Error & { code?: string }) | undefined, heapMb?: number): string {
  if (error?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return `it ran out of memory${heapMb ? ` (limit ${heapMb} MB)` : ''}`;
  }
  if (error) return `uncaught error: ${error.message}`;
  return `it exited with code ${code}`;
}

/** `createNodePool(4)` or `createNodePool({ size, extraNodeModules, maxOldGenerationSizeMb })`. */
export function createNodePool(options: number | NodePoolOptions = {}): WorkerPool {
  const o: NodePoolOptions = typeof options === 'number' ? { size: options } : options;
  const size = o.size ?? defaultPoolSize(os.availableParallelism?.() ?? os.cpus().length);
  const data: NodeWorkerData = { extraNodeModules: (o.extraNodeModules ?? []).map(toUrl) };
  // From source a .ts entry behind the tsx bootstrap; in the CLI bundle the built worker-entry.js (worker-script.ts).
  const entry = new URL('./worker-entry.ts', import.meta.url);
  let n = 0;
  return createPool(() => {
    const worker = newNodeWorker(entry, {
      workerData: data,
      name: `crispflow-worker-${++n}`,
      resourceLimits: {
        maxYoungGenerationSizeMb: o.maxYoungGenerationSizeMb ?? 16,
        ...(o.maxOldGenerationSizeMb ? { maxOldGenerationSizeMb: o.maxOldGenerationSizeMb } : {}),
      },
    });
    let lastError: (Error & { code?: string }) | undefined;
    let onDeath: ((reason: string) => void) | undefined;
    let terminating = false;
    worker.on('error', (e) => {
      lastError = e;
    });
    worker.on('exit', (code) => {
      if (!terminating) onDeath?.(describeDeath(code, lastError, o.maxOldGenerationSizeMb));
    });
    return {
      api: Comlink.wrap<WorkerApi>(nodeEndpoint(worker)),
      onDeath: (cb) => {
        onDeath = cb;
      },
      terminate: () => {
        terminating = true;
        void worker.terminate();
      },
      setBusy: (busy) => (busy ? worker.ref() : worker.unref()),
    };
  }, { ...o, size });
}
