/**
 * ctx.parallel: a step's kernel tasks run on its own worker plus any idle workers, including ones that
 * become idle while the job runs (borrowed until a queued step needs them). The caller's worker is
 * always a lane, so a job cannot deadlock when all other workers are busy.
 */
import * as Comlink from 'comlink';
import { copyForTransfer, transferablesOf } from '../../core/table/transfer.ts';
import type { SharedPayload } from '../protocol.ts';
import { withTransfer } from './step-values.ts';
import type { Slot, WorkerSlots } from './worker-slots.ts';

/** A job in progress that an idle worker may join (see the pool's dispatch). */
export interface JoinableJob {
  /** Indices of tasks not yet handed out (a stack). */
  pending: number[];
  signal?: AbortSignal;
  addLane(slot: Slot): void;
}

export interface ParallelJobDeps {
  slots: WorkerSlots;
  /** Jobs idle workers may join; this job is listed while it runs. */
  joinable: Set<JoinableJob>;
  /** Steps waiting for a worker: a borrowed worker goes back to them after its current task. */
  queuedSteps(): number;
  dispatch(): void;
  /** A fresh id for the job's shared data. */
  nextSharedId(): string;
}

/** Up to `max` idle, started workers other than the caller's, marked as lent. */
function borrowIdleWorkers(slots: WorkerSlots, caller: Slot, max: number): Slot[] {
  const borrowed: Slot[] = [];
  for (const s of slots.all) {
    if (borrowed.length >= max) break;
    if (s !== caller && s.state === 'idle' && s.healthy) {
      slots.setState(s, 'lent');
      borrowed.push(s);
    }
  }
  return borrowed;
}

/**
 * A job's shared data goes to each worker with its first task of the job only (later tasks name it by
 * id), and every worker that got it is told to forget it when the job ends.
 */
function deliverSharedData(shared: unknown, nextId: () => string) {
  const id = shared === undefined ? undefined : nextId();
  const holders = new Set<Slot>();
  return {
    forLane(lane: Slot): { payload: SharedPayload | undefined; transfer: Transferable[] } {
      if (id === undefined) return { payload: undefined, transfer: [] };
      if (holders.has(lane)) return { payload: { id }, transfer: [] };
      holders.add(lane);
      const copy = copyForTransfer(shared);
      return { payload: { id, value: copy.message }, transfer: copy.transfer };
    },
    release(): void {
      if (id === undefined) return;
      for (const lane of holders) {
        try {
          if (lane.state !== 'gone') void Promise.resolve(lane.handle.api.releaseShared(id)).catch(() => {});
        } catch {
          /* the worker is gone: nothing to release */
        }
      }
    },
  };
}

export async function runParallelJob(
  caller: Slot,
  kernel: string,
  tasks: unknown[],
  signal: AbortSignal | undefined,
  shared: unknown,
  deps: ParallelJobDeps,
): Promise<unknown[]> {
  const { slots } = deps;
  const results = new Array<unknown>(tasks.length);
  const sharedData = deliverSharedData(shared, deps.nextSharedId);
  const pending = tasks.map((_, i) => tasks.length - 1 - i); // a stack: pop gives 0, 1, 2, …
  const lanes = [caller, ...borrowIdleWorkers(slots, caller, tasks.length - 1)];
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
        const s = sharedData.forLane(lane);
        // One postMessage carries both arguments, so the task's transfer list may hold the shared buffers too.
        const taskArg = withTransfer(task.message, [...task.transfer, ...s.transfer]);
        const r = await Promise.race([lane.handle.api.runKernel(kernel, taskArg, s.payload), died]);
        if (r === 'died') {
          if (lane === caller) return;
          pending.push(i); // the caller's worker will pick it up
          return;
        }
        results[i] = r.result;
        if (lane !== caller && deps.queuedSteps() > 0) return; // hand the worker back to waiting steps
      }
    } finally {
      if (lane !== caller && lane.state === 'lent') {
        slots.setState(lane, 'idle');
        deps.dispatch();
      }
    }
  };
  const job: JoinableJob = {
    pending,
    signal,
    addLane(s: Slot) {
      slots.setState(s, 'lent');
      track(runLane(s));
    },
  };
  for (const lane of lanes) track(runLane(lane));
  deps.joinable.add(job);
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
    deps.joinable.delete(job);
    sharedData.release();
  }
  if (failure) throw failure.error;
  return Comlink.transfer(results, transferablesOf(results));
}
