import { createRng, hashSeed } from '../core/rng.ts';
import type { DatasetBytes, DatasetRef, NodeContext } from '../core/node-definition.ts';
import { runKernelTasksHere, unknownKernelError, type KernelLookup } from './kernels.ts';

export interface NodeContextOptions {
  nodeId: string;
  /** Pipeline seed; the node's seed is derived from it and the node id. */
  pipelineSeed?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, note?: string) => void;
  onLog?: (message: string, level: 'info' | 'warn') => void;
  readDataset?: (ref: DatasetRef) => Promise<DatasetBytes>;
  /** The host's reader of workspace secrets the step declared (see NodeCapabilities.secrets). */
  readSecret?: (name: string) => Promise<Uint8Array>;
  /** The worker pool's ctx.parallel. Without one, kernels found with `kernels` run in this thread. */
  parallel?: <T, R, S = undefined>(kernel: string, tasks: T[], shared?: S) => Promise<R[]>;
  /** Where kernels are found when there is no pool (usually `registry.kernel`). */
  kernels?: KernelLookup;
  /** Human-review decisions for this node when a waiting run resumes. */
  decisions?: unknown;
}

/** Thrown by `ctx.suspend`: not a failure, the step waits for people (see the runner). */
export class SuspendSignal extends Error {
  constructor(readonly request: unknown) {
    super('Waiting for review.');
    this.name = 'SuspendSignal';
  }
}

export function abortError(): Error {
  const e = new Error('Stopped by the user.');
  e.name = 'AbortError';
  return e;
}

/**
 * Builds the `ctx` a node's run() receives. Used by workers and by the testing helpers (a bare
 * context: no pool, so ctx.parallel runs the registry's kernels in this thread).
 * Progress is throttled to ~20 updates a second so tight loops can report freely.
 */
export function createNodeContext(o: NodeContextOptions): NodeContext {
  const seed = hashSeed(o.pipelineSeed ?? 42, o.nodeId);
  const signal = o.signal ?? new AbortController().signal;
  let lastProgressAt = 0;
  let lastYieldAt = Date.now();
  const ranHere = new Set<string>();
  const ctx: NodeContext = {
    nodeId: o.nodeId,
    seed,
    rng: createRng(seed),
    signal,
    progress(fraction, note) {
      const now = Date.now();
      if (fraction < 1 && now - lastProgressAt < 50) return;
      lastProgressAt = now;
      o.onProgress?.(Math.max(0, Math.min(1, fraction)), note);
    },
    log(message, level = 'info') {
      o.onLog?.(message, level);
    },
    async checkpoint() {
      if (signal.aborted) throw abortError();
      // Yielding costs ~1 ms via setTimeout; only do it every 20 ms of work.
      const now = Date.now();
      if (now - lastYieldAt >= 20) {
        lastYieldAt = now;
        await new Promise<void>((r) => setTimeout(r, 0));
        if (signal.aborted) throw abortError();
      }
    },
    readDataset:
      o.readDataset ??
      (async (ref) => {
        throw new Error(`No dataset provider is configured, so "${ref.name}" cannot be read.`);
      }),
    secret:
      o.readSecret ??
      (async (name) => {
        throw new Error(`No secret store is configured here, so the workspace secret "${name}" cannot be read. Run the pipeline with the CLI or the designer, which keep it.`);
      }),
    parallel:
      o.parallel ??
      (async <T, R, S>(name: string, tasks: T[], shared?: S): Promise<R[]> => {
        // No worker pool here: the one fallback of the runtime, so nodes need none of their own.
        const kernel = o.kernels?.(name);
        if (!kernel) throw unknownKernelError(name);
        if (!ranHere.has(name)) {
          ranHere.add(name);
          ctx.log(`Ran the "${name}" tasks in this thread, one after another: no worker pool is available here.`);
        }
        return runKernelTasksHere<R>(kernel, tasks, shared, () => ctx.checkpoint());
      }),
    ...(o.decisions !== undefined ? { decisions: o.decisions } : {}),
    suspend(request: unknown): never {
      throw new SuspendSignal(request);
    },
  };
  return ctx;
}
