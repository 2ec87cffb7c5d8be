/**
 * The worker pool, shared by the browser (Web Workers) and Node (worker_threads): a queue of plan steps
 * run on N workers, cancellation that escalates to terminating a stuck worker, replacement of workers
 * that die (crash, out of memory, exit), and `ctx.parallel` kernel tasks spread over idle workers.
 * Only `spawn` differs between hosts. The parts live in ./pool/: worker slots and their life cycle, the
 * step queue, running a step on a worker, stopping it, and the parallel jobs that borrow idle workers;
 * this module wires them together and decides which worker does what next (dispatch).
 */
import { runParallelJob, type JoinableJob } from './pool/parallel-job.ts';
import { ABORTED, type PoolOptions, type SpawnWorker, type StepOutcome, type WorkerPool } from './pool/pool-types.ts';
import { runStepOnWorker } from './pool/run-step-on-worker.ts';
import { createStepQueue } from './pool/step-queue.ts';
import { createStepValues } from './pool/step-values.ts';
import { createWorkerSlots, idleSlot, idleStartedSlot, type Slot } from './pool/worker-slots.ts';

export type { PoolOptions, PoolStats, SpawnWorker, StepJob, StepOutcome, WorkerHandle, WorkerPool } from './pool/pool-types.ts';
export { withTransfer } from './pool/step-values.ts';

export function defaultPoolSize(cores: number): number {
  return Math.max(2, cores || 2);
}

export function createPool(spawn: SpawnWorker, options: PoolOptions = {}): WorkerPool {
  const size = Math.max(1, Math.floor(options.size ?? 2));
  const graceMs = options.cancelGraceMs ?? 100;
  let closed = false;
  let completed = 0;
  let runCount = 0;
  let sharedCount = 0;
  let joinScheduled = false;
  // ctx.parallel jobs in progress, which idle workers may join (see dispatch).
  const joinable = new Set<JoinableJob>();
  const values = createStepValues();
  const queue = createStepQueue(() => dispatch());
  const slots = createWorkerSlots(spawn, {
    maxStartupFailures: options.maxStartupFailures ?? 3,
    onReplaced: () => dispatch(),
    onBroken: (reason) => queue.failAll({ kind: 'crash', message: reason }),
  });

  const stepDeps = {
    slots,
    values,
    graceMs,
    nextRunId: () => `run-${++runCount}`,
    completed: () => void completed++,
    dispatch: () => dispatch(),
    parallel: (caller: Slot, kernel: string, tasks: unknown[], signal: AbortSignal | undefined, shared: unknown) =>
      runParallelJob(caller, kernel, tasks, signal, shared, parallelDeps),
  };
  const parallelDeps = {
    slots,
    joinable,
    queuedSteps: () => queue.length,
    dispatch: () => dispatch(),
    nextSharedId: () => `job-${++sharedCount}`,
  };

  /**
   * Waiting steps get idle workers first; only then may idle workers join running parallel jobs, and
   * not at once: a worker whose step just finished would otherwise be lent for a whole kernel task
   * before the caller has even queued that step's dependents (resume template: evaluate-lr waited
   * ~400 ms for a forest task). Joining waits one timer turn, after the caller's reactions to the step.
   */
  function dispatch(): void {
    if (!startQueuedSteps()) return;
    if (joinScheduled || !joinableWork()) return;
    joinScheduled = true;
    setTimeout(() => {
      joinScheduled = false;
      if (startQueuedSteps()) lendIdleWorkers();
    }, 0);
  }

  /** Starts waiting steps on idle workers; true when a worker may still be idle (no step waits). */
  function startQueuedSteps(): boolean {
    while (queue.length > 0) {
      const slot = idleSlot(slots.all);
      if (!slot) return false;
      void runStepOnWorker(slot, queue.takeNext()!, stepDeps);
    }
    return true;
  }

  function joinableWork(): boolean {
    if (!idleStartedSlot(slots.all)) return false;
    for (const job of joinable) if (job.pending.length > 0 && !job.signal?.aborted) return true;
    return false;
  }

  /** No step waiting: idle workers join running ctx.parallel jobs that still have tasks (otherwise a job
   * started while the other workers were busy would stay on its own worker). */
  function lendIdleWorkers(): void {
    for (const job of joinable) {
      while (job.pending.length > 0 && !job.signal?.aborted) {
        const slot = idleStartedSlot(slots.all);
        if (!slot || closed) return;
        job.addLane(slot);
      }
    }
  }

  for (let i = 0; i < size; i++) slots.addSlot();

  return {
    size,
    runStep(job) {
      if (closed) return Promise.resolve({ ok: false, failure: { kind: 'internal', message: 'The worker pool is closed.' } });
      const broken = slots.brokenReason();
      if (broken) return Promise.resolve({ ok: false, failure: { kind: 'crash', message: broken } });
      if (job.signal?.aborted) return Promise.resolve<StepOutcome>(ABORTED);
      return queue.enqueue(job);
    },
    stats() {
      return {
        size,
        busy: slots.all.filter((s) => s.state === 'step' || s.state === 'lent').length,
        queued: queue.length,
        ...slots.counters,
        completed,
      };
    },
    async ready() {
      await Promise.all(slots.all.map((s) => s.readyPromise));
    },
    async close() {
      closed = true;
      queue.failAll({ kind: 'internal', message: 'The worker pool was closed.' });
      slots.closeAll();
    },
  };
}
