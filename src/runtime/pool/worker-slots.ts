/**
 * Worker slots and their life cycle: each slot holds one worker from spawn until it dies or is retired.
 * A worker that dies unexpectedly is replaced; one that never became ready counts as a start-up failure,
 * and after `maxStartupFailures` of those in a row the pool is broken (no more replacements).
 */
import type { SpawnWorker, WorkerHandle } from './pool-types.ts';

export interface Slot {
  id: number;
  handle: WorkerHandle;
  /** step: runs a plan step; lent: borrowed by another step's ctx.parallel job; gone: dead or retired. */
  state: 'idle' | 'step' | 'lent' | 'gone';
  /** The worker answered its first ping (finished starting). */
  healthy: boolean;
  readyPromise: Promise<unknown>;
  /** Resolves with the reason when the worker dies unexpectedly. */
  died: Promise<string>;
}

export interface SlotCounters {
  /** Workers started in total (initial + replacements). */
  spawned: number;
  /** Workers replaced after a crash or a forced stop. */
  replaced: number;
}

export interface WorkerSlotsOptions {
  maxStartupFailures: number;
  /** A replacement worker was added after a death: waiting work may use it. */
  onReplaced(): void;
  /** Workers keep dying before they start: the pool gives up with this reason. */
  onBroken(reason: string): void;
}

export interface WorkerSlots {
  /** The live slots, in spawn order (the array is updated in place). */
  readonly all: Slot[];
  readonly counters: SlotCounters;
  /** Set once workers keep failing to start. */
  brokenReason(): string | undefined;
  addSlot(): void;
  /** Stops a worker on purpose (stuck after cancel) and starts a fresh one. */
  retire(slot: Slot): void;
  /** Marks a slot busy or idle (the busy hint keeps a Node process alive). */
  setState(slot: Slot, state: 'idle' | 'step' | 'lent'): void;
  /** Terminates every worker; nothing is replaced afterwards. */
  closeAll(): void;
}

export function createWorkerSlots(spawn: SpawnWorker, options: WorkerSlotsOptions): WorkerSlots {
  const all: Slot[] = [];
  const counters: SlotCounters = { spawned: 0, replaced: 0 };
  let closed = false;
  let broken: string | undefined;
  let startupFailures = 0;

  function removeSlot(slot: Slot): void {
    const i = all.indexOf(slot);
    if (i >= 0) all.splice(i, 1);
  }

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
      if (!slot.healthy && ++startupFailures >= options.maxStartupFailures) {
        broken = `workers keep failing to start: ${reason}`;
        options.onBroken(broken);
        return;
      }
      counters.replaced++;
      addSlot();
      options.onReplaced();
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
    all.push(slot);
  }

  function retire(slot: Slot): void {
    if (slot.state === 'gone') return;
    slot.state = 'gone';
    removeSlot(slot);
    slot.handle.terminate();
    if (closed) return;
    counters.replaced++;
    addSlot();
  }

  return {
    all,
    counters,
    brokenReason: () => broken,
    addSlot,
    retire,
    setState(slot, state) {
      slot.state = state;
      slot.handle.setBusy?.(state !== 'idle');
    },
    closeAll() {
      closed = true;
      for (const s of all.splice(0)) {
        s.state = 'gone';
        s.handle.terminate();
      }
    },
  };
}

/** An idle worker, preferring one that has finished starting. */
export function idleSlot(slots: readonly Slot[]): Slot | undefined {
  return slots.find((s) => s.state === 'idle' && s.healthy) ?? slots.find((s) => s.state === 'idle');
}

/** An idle worker that has finished starting (what a parallel job may borrow). */
export function idleStartedSlot(slots: readonly Slot[]): Slot | undefined {
  return slots.find((s) => s.state === 'idle' && s.healthy);
}

/** Waits until a claimed worker has started (so a step's time excludes worker start-up). */
export async function whenStarted(slot: Slot, signal?: AbortSignal): Promise<'ready' | 'died' | 'aborted'> {
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
