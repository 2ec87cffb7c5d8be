/**
 * The worker pool, shared by the browser (Web Workers) and Node (worker_threads): a queue of plan steps
 * run on N workers, cancellation that escalates to terminating a stuck worker, replacement of workers
 * that die (crash, out of memory, exit), and `ctx.parallel` kernel tasks spread over idle workers.
 * Only `spawn` differs between hosts.
 */
import * as Comlink from 'comlink';
import type { DatasetBytes, DatasetRef } from '../core/node-definition.ts';
import type { PlanStep } from '../core/plan.ts';
import { copyForTransfer, packValue, transferablesOf, unpackValue, type Packed } from '../core/table/transfer.ts';
import type { HostCallbacks, StepFailure, StepReply, WorkerApi } from './protocol.ts';

export interface WorkerHandle {
  api: Comlink.Remote<WorkerApi>;
  /** Registers the callback for an unexpected death (crash, out of memory, exit); called at most once. */
  onDeath(cb: (reason: string) => void): void;
  terminate(): void;
  /** Hint: busy workers keep a Node process alive, idle ones do not (so a CLI can exit when done). */
  setBusy?(busy: boolean): void;
}

export type SpawnWorker = () => WorkerHandle;

export interface PoolOptions {
  /** Number of workers (at least 1). */
  size?: number;
  /** After a cancel, how long a step may take to stop by itself before its worker is terminated. */
  cancelGraceMs?: number;
  /** Workers that die before ever becoming ready, in a row, before the pool gives up. */
  maxStartupFailures?: number;
}

export interface StepJob {
  step: PlanStep;
  /** Input port → value (the worker receives a copy; the pool lets go of these once it has packed them). */
  inputs: Record<string, unknown>;
  pipelineSeed: number;
  signal?: AbortSignal;
  /** The step left the queue and started on a worker. */
  onStart?(): void;
  onProgress?(fraction: number, note?: string): void;
  onLog?(message: string, level: 'info' | 'warn'): void;
  readDataset?(ref: DatasetRef): Promise<DatasetBytes>;
  /** Workspace secrets the step declared (see src/runtime/secrets.ts). */
  readSecret?(name: string): Promise<Uint8Array>;
  /** Human-review decisions handed to a suspending step's ctx. */
  decisions?: unknown;
}

export type StepOutcome = { ok: true; outputs: Record<string, unknown> } | { ok: false; failure: StepFailure };

export interface PoolStats {
  size: number;
  busy: number;
  queued: number;
  /** Workers started in total (initial + replacements). */
  spawned: number;
  /** Workers replaced after a crash or a forced stop. */
  replaced: number;
  completed: number;
}

export interface WorkerPool {
  readonly size: number;
  runStep(job: StepJob): Promise<StepOutcome>;
  stats(): PoolStats;
  /** Resolves once every worker has started (useful before timing things). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

interface Slot {
  id: number;
  handle: WorkerHandle;
  state: 'idle' | 'step' | 'lent' | 'gone';
  healthy: boolean;
  readyPromise: Promise<unknown>;
  /** Resolves with the reason when the worker dies unexpectedly. */
  died: Promise<string>;
}

interface QueueEntry {
  job: StepJob;
  resolve(o: StepOutcome): void;
  /** Removes the "cancelled while queued" listener once the step leaves the queue. */
  unlisten(): void;
}

const ABORTED: StepOutcome = { ok: false, failure: { kind: 'abort', message: 'Stopped by the user.' } };

/** Marks a message's buffers for transfer (Comlink.transfer needs an object; primitives go as is). */
export function withTransfer<T>(message: T, transfer: Transferable[]): T {
  return typeof message === 'object' && message !== null && transfer.length > 0 ? Comlink.transfer(message, transfer) : message;
}

/** Capabilities may hold functions (dataset refs), which cannot cross threads; workers need only the flags. */
function cloneableStep(step: PlanStep): PlanStep {
  const capabilities: PlanStep['capabilities'] = {};
  for (const [k, v] of Object.entries(step.capabilities ?? {})) {
    if (typeof v !== 'function') (capabilities as Record<string, unknown>)[k] = v;
  }
  return { ...step, capabilities };
}

export function defaultPoolSize(cores: number): number {
  return Math.max(2, cores || 2);
}

export function createPool(spawn: SpawnWorker, options: PoolOptions = {}): WorkerPool {
  const size = Math.max(1, Math.floor(options.size ?? 2));
  const grace = options.cancelGraceMs ?? 100;
  const maxStartupFailures = options.maxStartupFailures ?? 3;
  const slots: Slot[] = [];
  const queue: QueueEntry[] = [];
  const counters = { spawned: 0, replaced: 0, completed: 0 };
  let closed = false;
  let brokenReason: string | undefined;
  let startupFailures = 0;
  let nextRunId = 0;
  // ctx.parallel jobs in progress, which idle workers may join (see dispatch).
  const parallelJobs = new Set<{ pending: number[]; signal?: AbortSignal; addLane(slot: Slot): void }>();
  let parallelJobCount = 0;
  // Packed form of values already received from workers: re-sending them needs no re-packing.
  const packedOf = new WeakMap<object, unknown>();

  function addSlot(): void {
    const handle = spawn();
    counters.spawned++;
    let markDead!: (reason: string) => void;
    const slot: Slot = {
      id: counters.spawned,
      handle,
      state: 'idle',
      healthy: false,
      readyPromise: Promise.resolve(),
      died: new Promise<string>((r) => (markDead = r)),
    };
    handle.onDeath((reason) => {
      if (slot.state === 'gone') return;
      slot.state = 'gone';
      markDead(reason);
      removeSlot(slot);
      if (closed) return;
      if (!slot.healthy && ++startupFailures >= maxStartupFailures) {
        brokenReason = `workers keep failing to start: ${reason}`;
        failQueue({ kind: 'crash', message: brokenReason });
        return;
      }
      counters.replaced++;
      addSlot();
      dispatch();
    });
    // Starting counts as busy (someone may be awaiting ready()); idle workers then let a process exit.
    handle.setBusy?.(true);
    slot.readyPromise = handle.api.ping().then(
      () => {
        slot.healthy = true;
        startupFailures = 0;
        if (slot.state === 'idle') handle.setBusy?.(false);
      },
      () => {},
    );
    slots.push(slot);
  }

  function removeSlot(slot: Slot): void {
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
  }

  /** Stops a worker on purpose (stuck after cancel) and starts a fresh one. */
  function retire(slot: Slot): void {
    if (slot.state === 'gone') return;
    slot.state = 'gone';
    removeSlot(slot);
    slot.handle.terminate();
    if (closed) return;
    counters.replaced++;
    addSlot();
  }

  function failQueue(failure: StepFailure): void {
    for (const e of queue.splice(0)) e.resolve({ ok: false, failure });
  }

  function dispatch(): void {
    while (queue.length > 0) {
      // Prefer a worker that has finished starting.
      const slot = slots.find((s) => s.state === 'idle' && s.healthy) ?? slots.find((s) => s.state === 'idle');
      if (!slot) return;
      const entry = queue.shift()!;
      entry.unlisten();
      void execute(slot, entry);
    }
    // No step waiting: a worker that became idle joins a running ctx.parallel job that still has tasks
    // (otherwise a job started while the other workers were busy would stay on its own worker).
    for (const job of parallelJobs) {
      while (job.pending.length > 0 && !job.signal?.aborted) {
        const slot = slots.find((s) => s.state === 'idle' && s.healthy);
        if (!slot) return;
        job.addLane(slot);
      }
    }
  }

  /** Inputs go as copies (the caller keeps its values), moved rather than cloned: see copyForTransfer. */
  function packInputs(inputs: Record<string, unknown>): Packed {
    const out: Record<string, unknown> = {};
    for (const [port, v] of Object.entries(inputs)) {
      const cached = typeof v === 'object' && v !== null ? packedOf.get(v) : undefined;
      out[port] = cached ?? packValue(v).message;
    }
    return copyForTransfer(out);
  }

  function receiveOutputs(packed: unknown): Record<string, unknown> {
    const outputs = unpackValue<Record<string, unknown>>(packed);
    const byPort = packed as Record<string, unknown>;
    for (const [port, v] of Object.entries(outputs)) {
      if (typeof v === 'object' && v !== null) packedOf.set(v, byPort[port]);
    }
    return outputs;
  }

  /** Waits until a claimed worker has started (so a step's time excludes worker start-up). */
  async function whenStarted(slot: Slot, signal?: AbortSignal): Promise<'ready' | 'died' | 'aborted'> {
    if (slot.healthy) return 'ready';
    let onAbort = () => {};
    const aborted = new Promise<'aborted'>((r) => {
      onAbort = () => r('aborted');
      if (signal?.aborted) onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([slot.readyPromise.then(() => 'ready' as const), slot.died.then(() => 'died' as const), aborted]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async function execute(slot: Slot, { job, resolve }: QueueEntry): Promise<void> {
    slot.state = 'step';
    slot.handle.setBusy?.(true);
    const started = await whenStarted(slot, job.signal);
    if (started !== 'ready') {
      if (slot.state === 'step') {
        slot.state = 'idle';
        slot.handle.setBusy?.(false);
      }
      counters.completed++;
      resolve(started === 'aborted' ? ABORTED : { ok: false, failure: { kind: 'crash', message: await slot.died } });
      dispatch();
      return;
    }
    const runId = `run-${++nextRunId}`;
    let settled = false;
    let killTimer: ReturnType<typeof setTimeout> | undefined;

    const finish = (outcome: StepOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      job.signal?.removeEventListener('abort', onAbort);
      if (slot.state === 'step') {
        slot.state = 'idle';
        slot.handle.setBusy?.(false);
      }
      counters.completed++;
      resolve(outcome);
      dispatch();
    };

    function onAbort() {
      // A synchronous loop never sees the cancel message: terminate the worker after a short grace.
      // The timer is set first, and the step settles even if retiring the worker throws, so nothing
      // that goes wrong while messaging or replacing the worker can leave the step running.
      killTimer = setTimeout(() => {
        if (settled) return;
        try {
          retire(slot);
        } catch {
          slot.state = 'gone'; // never hand this worker another step
        } finally {
          finish(ABORTED);
        }
      }, grace);
      try {
        slot.handle.api.cancel(runId).catch(() => {});
      } catch {
        // The worker may be gone already; the timer above still stops the step.
      }
    }

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
      parallel: (kernel, tasks, shared) => runParallel(slot, kernel, tasks, job.signal, shared),
    };

    try {
      job.onStart?.();
      if (job.signal?.aborted) return finish(ABORTED);
      job.signal?.addEventListener('abort', onAbort, { once: true });
      const inputs = packInputs(job.inputs);
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
      const reply = slot.handle.api.runStep(
        Comlink.transfer(request, inputs.transfer),
        Comlink.proxy(callbacks),
      ) as Promise<StepReply>;
      const crashed = slot.died.then(
        (reason): StepOutcome => ({ ok: false, failure: { kind: 'crash', message: reason } }),
      );
      const outcome = await Promise.race([
        reply.then((r): StepOutcome => (r.ok ? { ok: true, outputs: receiveOutputs(r.outputs) } : r)),
        crashed,
      ]);
      finish(outcome);
    } catch (e) {
      finish({ ok: false, failure: { kind: 'internal', message: e instanceof Error ? e.message : String(e) } });
    }
  }

  /**
   * Runs kernel tasks on the calling step's worker plus any idle workers, including ones that become
   * idle while the job runs (borrowed until a queued step needs them). The caller's worker is always a
   * lane, so this cannot deadlock when all others are busy.
   */
  async function runParallel(caller: Slot, kernel: string, tasks: unknown[], signal?: AbortSignal, shared?: unknown): Promise<unknown[]> {
    const results = new Array<unknown>(tasks.length);
    // The shared data goes to each worker with its first task of this job only.
    const sharedId = shared === undefined ? undefined : `job-${++parallelJobCount}`;
    const hasShared = new Set<Slot>();
    const sharedFor = (lane: Slot) => {
      if (sharedId === undefined) return { payload: undefined, transfer: [] as Transferable[] };
      if (hasShared.has(lane)) return { payload: { id: sharedId }, transfer: [] as Transferable[] };
      hasShared.add(lane);
      const copy = copyForTransfer(shared);
      return { payload: { id: sharedId, value: copy.message }, transfer: copy.transfer as Transferable[] };
    };
    const pending = tasks.map((_, i) => tasks.length - 1 - i); // a stack: pop gives 0, 1, 2, …
    const lanes: Slot[] = [caller];
    for (const s of slots) {
      if (lanes.length >= tasks.length) break;
      if (s !== caller && s.state === 'idle' && s.healthy) {
        s.state = 'lent';
        s.handle.setBusy?.(true);
        lanes.push(s);
      }
    }
    const running: Promise<void>[] = [];
    // Lanes can join after an await below started, so each lane records its own failure: no rejection
    // is left unobserved, and the first one is rethrown once every lane has stopped.
    let failure: { error: unknown } | undefined;
    const track = (lane: Promise<void>) =>
      running.push(
        lane.catch((error: unknown) => {
          failure ??= { error };
          pending.length = 0; // the other lanes stop after their current task
        }),
      );
    const job = {
      pending,
      signal,
      addLane(s: Slot) {
        s.state = 'lent';
        s.handle.setBusy?.(true);
        track(runLane(s));
      },
    };
    const runLane = async (lane: Slot) => {
      try {
        while (pending.length > 0) {
          if (signal?.aborted) {
            pending.length = 0; // nothing left for a joining worker (dispatch would re-lend it at once)
            throw Object.assign(new Error('Stopped by the user.'), { name: 'AbortError' });
          }
          if (caller.state === 'gone') {
            pending.length = 0; // the step is over: its remaining tasks are not needed
            return;
          }
          const i = pending.pop()!;
          const died = lane.died.then(() => 'died' as const);
          // Tasks may share arrays (e.g. every tree of a forest gets the same X): each send is a copy.
          const task = copyForTransfer(tasks[i]);
          const s = sharedFor(lane);
          // One postMessage carries both arguments, so the task's transfer list may hold the shared buffers too.
          const taskArg = withTransfer(task.message, [...task.transfer, ...s.transfer]);
          const r = await Promise.race([lane.handle.api.runKernel(kernel, taskArg, s.payload), died]);
          if (r === 'died') {
            if (lane === caller) return;
            pending.push(i); // the caller's worker will pick it up
            return;
          }
          results[i] = r.result;
          if (lane !== caller && queue.length > 0) return; // hand the worker back to waiting steps
        }
      } finally {
        if (lane !== caller && lane.state === 'lent') {
          lane.state = 'idle';
          lane.handle.setBusy?.(false);
          dispatch();
        }
      }
    };
    for (const lane of lanes) track(runLane(lane));
    parallelJobs.add(job);
    try {
      for (;;) {
        const n = running.length;
        await Promise.all(running);
        if (running.length !== n) continue; // a worker joined meanwhile
        // a task handed back by a lane whose worker died after the caller's lane had finished
        if (pending.length > 0 && caller.state !== 'gone') {
          track(runLane(caller));
          continue;
        }
        break;
      }
    } finally {
      parallelJobs.delete(job);
      if (sharedId !== undefined) {
        for (const lane of hasShared) {
          try {
            if (lane.state !== 'gone') void Promise.resolve(lane.handle.api.releaseShared(sharedId)).catch(() => {});
          } catch {
            /* the worker is gone: nothing to release */
          }
        }
      }
    }
    if (failure) throw failure.error;
    return Comlink.transfer(results, transferablesOf(results));
  }

  for (let i = 0; i < size; i++) addSlot();

  return {
    size,
    runStep(job) {
      if (closed) return Promise.resolve({ ok: false, failure: { kind: 'internal', message: 'The worker pool is closed.' } });
      if (brokenReason) return Promise.resolve({ ok: false, failure: { kind: 'crash', message: brokenReason } });
      if (job.signal?.aborted) return Promise.resolve(ABORTED);
      return new Promise<StepOutcome>((resolve) => {
        const onAbort = () => {
          const i = queue.indexOf(entry);
          if (i >= 0) {
            queue.splice(i, 1);
            resolve(ABORTED);
          }
        };
        const entry: QueueEntry = { job, resolve, unlisten: () => job.signal?.removeEventListener('abort', onAbort) };
        queue.push(entry);
        job.signal?.addEventListener('abort', onAbort, { once: true });
        dispatch();
      });
    },
    stats() {
      return {
        size,
        busy: slots.filter((s) => s.state === 'step' || s.state === 'lent').length,
        queued: queue.length,
        ...counters,
      };
    },
    async ready() {
      await Promise.all(slots.map((s) => s.readyPromise));
    },
    async close() {
      closed = true;
      failQueue({ kind: 'internal', message: 'The worker pool was closed.' });
      for (const s of slots.splice(0)) {
        s.state = 'gone';
        s.handle.terminate();
      }
    },
  };
}
