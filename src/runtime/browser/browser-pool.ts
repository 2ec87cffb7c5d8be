/** The pool on Web Workers (the designer). Scheduling, cancellation and crash handling: ../pool.ts. */
import * as Comlink from 'comlink';
import { createPool, defaultPoolSize, type PoolOptions, type WorkerPool } from '../pool.ts';
import type { WorkerApi } from '../protocol.ts';
import { NODE_PACKAGES_MESSAGE, workerNodePackages, type NodePackagesMessage } from './runtime-node-packages.ts';

export function createBrowserPool(options: number | PoolOptions = {}): WorkerPool {
  const o: PoolOptions = typeof options === 'number' ? { size: options } : options;
  // Leave a core for the page itself when there are many.
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  const size = o.size ?? defaultPoolSize(cores > 4 ? cores - 1 : cores);
  let n = 0;
  return createPool(() => {
    const worker = new Worker(new URL('./pool.worker.ts', import.meta.url), { type: 'module', name: `crispflow-worker-${++n}` });
    // First, before any comlink call: the run-time node packages the worker imports before building its registry.
    worker.postMessage({ type: NODE_PACKAGES_MESSAGE, packages: workerNodePackages() } satisfies NodePackagesMessage);
    let onDeath: ((reason: string) => void) | undefined;
    let dead = false;
    const die = (reason: string) => {
      if (dead) return;
      dead = true;
      worker.terminate();
      onDeath?.(reason);
    };
    // An uncaught error leaves a Web Worker alive but in an unknown state: treat it as a crash.
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      die(`uncaught error: ${e.message || 'the worker script failed (out of memory or a load error)'}`);
    });
    worker.addEventListener('messageerror', () => die('a message could not be read'));
    return {
      api: Comlink.wrap<WorkerApi>(worker),
      onDeath: (cb) => {
        onDeath = cb;
      },
      terminate: () => {
        dead = true;
        worker.terminate();
      },
    };
  }, { ...o, size });
}
