/**
 * The queue of plan steps waiting for a worker: highest `priority` first, first in first out among
 * equals (the runner ranks steps that fan out and those heading long chains higher). A step cancelled while it waits
 * leaves the queue at once and resolves as aborted, without ever reaching a worker.
 */
import type { StepFailure } from '../protocol.ts';
import { ABORTED, type StepJob, type StepOutcome } from './pool-types.ts';

export interface QueueEntry {
  job: StepJob;
  resolve(o: StepOutcome): void;
  /** Removes the "cancelled while queued" listener once the step leaves the queue. */
  unlisten(): void;
}

export interface StepQueue {
  readonly length: number;
  /** Queues a job; the promise resolves with its outcome (or ABORTED if cancelled while queued). */
  enqueue(job: StepJob): Promise<StepOutcome>;
  /** The next waiting step (highest priority, earliest queued), no longer listening for a cancel while queued. */
  takeNext(): QueueEntry | undefined;
  /** Resolves every waiting step with this failure. */
  failAll(failure: StepFailure): void;
}

export function createStepQueue(onEnqueued: () => void): StepQueue {
  const entries: QueueEntry[] = [];
  return {
    get length() {
      return entries.length;
    },
    enqueue(job) {
      return new Promise<StepOutcome>((resolve) => {
        const onAbort = () => {
          const i = entries.indexOf(entry);
          if (i >= 0) {
            entries.splice(i, 1);
            resolve(ABORTED);
          }
        };
        const entry: QueueEntry = { job, resolve, unlisten: () => job.signal?.removeEventListener('abort', onAbort) };
        entries.push(entry);
        job.signal?.addEventListener('abort', onAbort, { once: true });
        onEnqueued();
      });
    },
    takeNext() {
      let best = 0;
      for (let i = 1; i < entries.length; i++) if ((entries[i].job.priority ?? 0) > (entries[best].job.priority ?? 0)) best = i;
      const entry = entries.splice(best, 1)[0];
      entry?.unlisten();
      return entry;
    },
    failAll(failure) {
      for (const e of entries.splice(0)) e.resolve({ ok: false, failure });
    },
  };
}
