/**
 * Stopping a running step: the worker is asked to cancel, and a synchronous loop that never sees the
 * cancel message is ended by terminating its worker after a short grace.
 */
import type { Slot } from './worker-slots.ts';

export interface StepStopper {
  /** Call when the step's signal fires. */
  onAbort(): void;
  /** The step settled: the kill timer is no longer needed. */
  disarm(): void;
}

export interface StepStopperOptions {
  slot: Slot;
  runId: string;
  graceMs: number;
  isSettled(): boolean;
  /** Terminates the worker and starts a replacement. */
  retire(slot: Slot): void;
  /** Settles the step as stopped. */
  finishAborted(): void;
}

export function createStepStopper({ slot, runId, graceMs, isSettled, retire, finishAborted }: StepStopperOptions): StepStopper {
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    onAbort() {
      // The timer is set first, and the step settles even if retiring the worker throws, so nothing
      // that goes wrong while messaging or replacing the worker can leave the step running.
      killTimer = setTimeout(() => {
        if (isSettled()) return;
        try {
          retire(slot);
        } catch {
          slot.state = 'gone'; // never hand this worker another step
        } finally {
          finishAborted();
        }
      }, graceMs);
      try {
        slot.handle.api.cancel(runId).catch(() => {});
      } catch {
        // The worker may be gone already; the timer above still stops the step.
      }
    },
    disarm() {
      clearTimeout(killTimer);
    },
  };
}
