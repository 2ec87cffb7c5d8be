/**
 * The worker side of the protocol, shared by the Web Worker and the worker_threads entries: runs one
 * plan step with a node context whose callbacks go back to the host, and runs kernel tasks. Node types,
 * their kernels and their model scorers all come from the worker's registry.
 */
import * as Comlink from 'comlink';
import { NodeError } from '../core/errors.ts';
import type { DatasetBytes, DatasetRef } from '../core/node-definition.ts';
import type { NodeRegistry } from '../core/registry.ts';
import { newTableBytes, packOutputsForHost, packValue, shareTypedArrays, unpackValue, withoutSharedMemory } from '../core/table/transfer.ts';
import { estimateBytes } from '../core/table/value-bytes.ts';
import { collectGarbageNow, collectGarbageSoon } from './collect-garbage.ts';
import { installScorers } from '../ml/models/scorers.ts';
import { unknownKernelError } from './kernels.ts';
import { createNodeContext } from './node-context.ts';
import { watchSharedInputs } from './shared-input-guard.ts';
import type { HostCallbacks, StepFailure, StepReply, StepRequest, WorkerApi } from './protocol.ts';

export interface WorkerSetup {
  /** The worker's node types; their kernels and scorers are the ones this worker runs. */
  registry: NodeRegistry;
  /**
   * Reads a dataset in this thread when it can (the browser worker reads uploads from IndexedDB itself,
   * so big files never pass through the page's main thread); undefined: the host is asked.
   */
  readDataset?(ref: DatasetRef): Promise<DatasetBytes | undefined>;
  /** Makes a dataset the host sent as a file reference readable in this thread (Node: fs-dataset-provider's adoptFileDataset). */
  adoptDataset?(d: DatasetBytes): DatasetBytes;
}

function describeFailure(e: unknown, aborted: boolean): StepFailure {
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === 'SuspendSignal' && !aborted) {
    return { kind: 'suspend', message: err.message, request: (err as Error & { request?: unknown }).request };
  }
  if (aborted || err.name === 'AbortError') return { kind: 'abort', message: 'Stopped by the user.' };
  if (err instanceof TypeError && /read[- ]only|frozen|not extensible/i.test(err.message)) {
    // The text columns of input tables are frozen (see UnpackOptions.readOnlyText).
    return {
      kind: 'node',
      message: `${err.message}. Input tables are shared read-only with the steps before and after this one: copy a column before changing it (e.g. values.slice()).`,
      stack: err.stack,
    };
  }
  if (err instanceof NodeError || err.name === 'NodeError') {
    const details = (err as NodeError).details ?? {};
    return { kind: 'node', userFacing: true, message: err.message, details: { ...details }, stack: err.stack };
  }
  return { kind: 'node', message: err.message || err.name, stack: err.stack };
}

/** Progress and log messages must never slow or break the loop that sends them. */
function fireAndForget(send: () => unknown): void {
  try {
    void Promise.resolve(send()).catch(() => {});
  } catch {
    /* the step has ended and its callback channel is closed */
  }
}

/**
 * New output columns are copied into shared memory (packOutputsForHost) while the node's own arrays still
 * exist. From this many bytes on, the step's garbage (the node's working memory) is collected first, so
 * the copy does not come on top of it: at 100,000 resumes TF-IDF's sparse block (~150 MB) was copied while
 * its tokenising temporaries were still uncollected (peak 1,285 MB against 1,174 MB when it was moved).
 */
const COLLECT_BEFORE_PACKING_BYTES = 64 * 2 ** 20;

/** How long a step's reply waits for the host to take its last log lines (the host answers at once unless gone). */
const LOG_FLUSH_TIMEOUT_MS = 5_000;

function trackUntilSettled(set: Set<Promise<unknown>>, p: Promise<unknown>): Promise<unknown> {
  const tracked = p.finally(() => set.delete(tracked));
  set.add(tracked);
  return tracked;
}

async function settledOrTimeout(pending: Set<Promise<unknown>>, ms: number): Promise<void> {
  if (pending.size === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([Promise.allSettled([...pending]), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/** `setup` may be a promise (the Node entry imports extra modules first); calls wait for it. */
export function createWorkerApi(setup: WorkerSetup | Promise<WorkerSetup>): WorkerApi {
  // The scorers of the registry's model nodes become this thread's (trainers and Predict score here).
  const ready = Promise.resolve(setup).then((s) => {
    installScorers(s.registry.scorers());
    return s;
  });
  const running = new Map<string, AbortController>();
  // A cancel can arrive before the step starts (the setup was still loading).
  const cancelledEarly = new Set<string>();

  // Shared data of the parallel jobs this worker takes part in (see WorkerApi.runKernel).
  const sharedById = new Map<string, unknown>();

  async function runKernelLocal(name: string, task: unknown, shared: unknown): Promise<unknown> {
    const { registry } = await ready;
    const kernel = registry.kernel(name);
    if (!kernel) throw unknownKernelError(name);
    return (kernel as (t: unknown, s: unknown) => unknown)(task, shared);
  }

  return {
    async ping() {
      await ready;
      return 'ready';
    },

    cancel(runId) {
      const c = running.get(runId);
      if (c) c.abort();
      else cancelledEarly.add(runId);
    },

    async runKernel(name, task, shared) {
      if (shared && 'value' in shared) sharedById.set(shared.id, unpackValue(shared.value));
      if (shared && !sharedById.has(shared.id)) throw new Error(`The shared data of parallel job ${shared.id} never reached this worker.`);
      // A private copy of the task's shared arrays: the kernel may write into them, and the task is sent
      // again as it is if this worker dies.
      const result = await runKernelLocal(name, unpackValue(withoutSharedMemory(task)), shared ? sharedById.get(shared.id) : undefined);
      const packed = packValue(result);
      // Wrapped: Comlink.transfer needs an object (a kernel may return a plain number).
      return Comlink.transfer({ result: packed.message }, packed.transfer);
    },

    releaseShared(id) {
      sharedById.delete(id);
    },

    async runStep(request: StepRequest, callbacks: HostCallbacks): Promise<StepReply> {
      const controller = new AbortController();
      running.set(request.runId, controller);
      if (cancelledEarly.delete(request.runId)) controller.abort();
      const remote = callbacks as unknown as Comlink.Remote<HostCallbacks>;
      // Log lines travel on the callback port, the reply on the worker's own port, and two ports keep no
      // order between them: the reply waits (in finally) until the host has taken every line.
      const logsInFlight = new Set<Promise<unknown>>();
      // What the step held (inputs and outputs), for collectGarbageSoon: unknown (collect) if it failed.
      let heldBytes = Infinity;
      try {
        const { registry, readDataset, adoptDataset = (d: DatasetBytes) => d } = await ready;
        const { step } = request;
        const def = registry.get(step.type);
        if (!def) {
          return {
            ok: false,
            failure: { kind: 'internal', message: `This worker does not know node type "${step.type}".` },
          };
        }
        // Text decodes read-only: a column passed on unchanged goes back packed, not encoded again.
        let inputs: Record<string, unknown> | undefined = unpackValue<Record<string, unknown>>(request.inputs, { readOnlyText: true });
        const ctx = createNodeContext({
          nodeId: step.nodeId,
          pipelineSeed: request.pipelineSeed,
          signal: controller.signal,
          ...(request.decisions !== undefined ? { decisions: request.decisions } : {}),
          // Fire and forget: progress must never slow the loop that reports it.
          onProgress: (f, note) => fireAndForget(() => remote.progress(f, note)),
          onLog: (m, level) => fireAndForget(() => trackUntilSettled(logsInFlight, remote.log(m, level))),
          readDataset: async (ref) => (await readDataset?.(ref)) ?? adoptDataset(await remote.readDataset(ref)),
          readSecret: (name) => remote.readSecret(name),
          parallel: async <T, R, S>(kernel: string, tasks: T[], shared?: S): Promise<R[]> => {
            // Copies in shared memory, made here: the host passes them on to the workers without copying
            // or reading their bytes on its (main) thread, and the worker running a task makes its own
            // private copy first (runKernel), since kernels may write into their task's arrays.
            const packed = shareTypedArrays(tasks.map((t) => packValue(t).message));
            // The shared data goes into shared memory once: the host and every worker of the job then
            // read that one copy (a copy per thread before: 4 copies of a forest's training data).
            const packedShared = shared === undefined ? undefined : shareTypedArrays(packValue(shared).message).message;
            const results = await remote.parallel(kernel, Comlink.transfer(packed.message as unknown[], packed.transfer), packedShared);
            return results.map((r) => unpackValue<R>(r));
          },
        });
        if (controller.signal.aborted) return { ok: false, failure: { kind: 'abort', message: 'Stopped by the user.' } };
        // Input tables are shared with the host's cache and other steps: a node must not write into them.
        const inputWatch = watchSharedInputs(inputs);
        const outputs = (await def.run({ inputs: inputs as never, params: step.params as never, ctx })) as Record<string, unknown> | undefined;
        const written = inputWatch.changedColumn();
        if (written) {
          return {
            ok: false,
            failure: {
              kind: 'node',
              sharedInputChanged: true,
              message:
                `Node type "${step.type}" changed column "${written.column}" of its input "${written.port}" in place. ` +
                'Input tables are shared read-only with the steps before and after it: copy the column (e.g. values.slice()) and change the copy.',
            },
          };
        }
        for (const port of Object.keys(step.outputs)) {
          if (outputs?.[port] === undefined) {
            return {
              ok: false,
              failure: { kind: 'internal', message: `Node type "${step.type}" returned no value for its output "${port}".` },
            };
          }
        }
        heldBytes = estimateBytes(inputs) + estimateBytes(outputs);
        if (newTableBytes(outputs) >= COLLECT_BEFORE_PACKING_BYTES) {
          // Only what the outputs keep of the inputs stays reachable.
          inputs = undefined;
          collectGarbageNow();
        }
        // Tables go back in shared memory (unchanged input columns as they are), everything else is moved.
        const packed = packOutputsForHost(outputs);
        return Comlink.transfer({ ok: true, outputs: packed.message }, packed.transfer);
      } catch (e) {
        return { ok: false, failure: describeFailure(e, controller.signal.aborted) };
      } finally {
        await settledOrTimeout(logsInFlight, LOG_FLUSH_TIMEOUT_MS);
        running.delete(request.runId);
        // The step's inputs and temporaries are garbage now: freed before the next step piles on.
        collectGarbageSoon(heldBytes);
        // Closes the callback channel so an idle worker holds no open ports.
        const release = (remote as unknown as Record<symbol, (() => void) | undefined>)[Comlink.releaseProxy];
        try {
          release?.();
        } catch {
          /* already released */
        }
      }
    },
  };
}

