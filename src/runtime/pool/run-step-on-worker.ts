/**
 * Runs one plan step on a claimed worker: waits for it to start, sends the packed inputs with the
 * callbacks the node's ctx uses (progress, logs, datasets, secrets, ctx.parallel), and settles exactly
 * once: with the step's outputs, its failure, the worker's death, or a stop.
 */
import * as Comlink from 'comlink';
import type { HostCallbacks, StepReply } from '../protocol.ts';
import { ABORTED, type StepOutcome } from './pool-types.ts';
import { createStepStopper } from './step-abort.ts';
import type { QueueEntry } from './step-queue.ts';
import { cloneableStep, type StepValues } from './step-values.ts';
import { whenStarted, type Slot, type WorkerSlots } from './worker-slots.ts';

export interface StepRunnerDeps {
  slots: WorkerSlots;
  values: StepValues;
  graceMs: number;
  /** A unique id for each execution, so a cancel reaches the right one. */
  nextRunId(): string;
  /** Counts a settled step (PoolStats.completed). */
  completed(): void;
  /** A worker was freed: hand it waiting work. */
  dispatch(): void;
  /** The step's ctx.parallel, run from its worker `caller`. */
  parallel(caller: Slot, kernel: string, tasks: unknown[], signal: AbortSignal | undefined, shared: unknown): Promise<unknown[]>;
}

export async function runStepOnWorker(slot: Slot, { job, resolve }: QueueEntry, deps: StepRunnerDeps): Promise<void> {
  const { slots } = deps;
  slots.setState(slot, 'step');
  const started = await whenStarted(slot, job.signal);
  if (started !== 'ready') {
    if (slot.state === 'step') slots.setState(slot, 'idle');
    deps.completed();
    resolve(started === 'aborted' ? ABORTED : { ok: false, failure: { kind: 'crash', message: await slot.died } });
    deps.dispatch();
    return;
  }
  const runId = deps.nextRunId();
  let settled = false;

  const finish = (outcome: StepOutcome) => {
    if (settled) return;
    settled = true;
    stopper.disarm();
    job.signal?.removeEventListener('abort', stopper.onAbort);
    if (slot.state === 'step') slots.setState(slot, 'idle');
    deps.completed();
    resolve(outcome);
    deps.dispatch();
  };

  const stopper = createStepStopper({
    slot,
    runId,
    graceMs: deps.graceMs,
    isSettled: () => settled,
    retire: slots.retire,
    finishAborted: () => finish(ABORTED),
  });

  const callbacks: HostCallbacks = {
    progress: (f, note) => {
      if (!settled) job.onProgress?.(f, note);
    },
    log: (m, level) => {
      if (!settled) job.onLog?.(m, level);
    },
    readDataset: async (ref) => {
      if (!job.readDataset) throw new Error(`No dataset provider is configured, so "${ref.name}" cannot be read.`);
      // Copied, not transferred: the provider may keep the bytes.
      return job.readDataset(ref);
    },
    readSecret: async (name) => {
      if (!job.readSecret) throw new Error(`Node "${job.step.nodeId}" declares no workspace secrets, so "${name}" cannot be read.`);
      return job.readSecret(name);
    },
    parallel: (kernel, tasks, shared) => deps.parallel(slot, kernel, tasks, job.signal, shared),
  };

  try {
    job.onStart?.();
    if (job.signal?.aborted) return finish(ABORTED);
    job.signal?.addEventListener('abort', stopper.onAbort, { once: true });
    const inputs = deps.values.packInputs(job.inputs);
    // Packed copies are what the worker gets: the caller's values are not needed here any more, and
    // a caller that keeps none of its own (the CLI) can free them while the step runs.
    job.inputs = {};
    const request = {
      runId,
      step: cloneableStep(job.step),
      inputs: inputs.message,
      pipelineSeed: job.pipelineSeed,
      ...(job.decisions !== undefined ? { decisions: job.decisions } : {}),
    };
    const reply = slot.handle.api.runStep(Comlink.transfer(request, inputs.transfer), Comlink.proxy(callbacks)) as Promise<StepReply>;
    const crashed = slot.died.then((reason): StepOutcome => ({ ok: false, failure: { kind: 'crash', message: reason } }));
    const outcome = await Promise.race([
      reply.then((r): StepOutcome => (r.ok ? { ok: true, outputs: deps.values.receiveOutputs(r.outputs) } : r)),
      crashed,
    ]);
    finish(outcome);
  } catch (e) {
    finish({ ok: false, failure: { kind: 'internal', message: e instanceof Error ? e.message : String(e) } });
  }
}
