/**
 * Port values on their way to and from a worker. Inputs go packed (see src/core/table/transfer.ts); a
 * value that came back from a worker keeps its packed form, so sending it on to the next step needs no
 * re-packing.
 */
import * as Comlink from 'comlink';
import type { PlanStep } from '../../core/plan.ts';
import { copyForTransfer, packValue, unpackValue, type Packed } from '../../core/table/transfer.ts';

/** Marks a message's buffers for transfer (Comlink.transfer needs an object; primitives go as is). */
export function withTransfer<T>(message: T, transfer: Transferable[]): T {
  return typeof message === 'object' && message !== null && transfer.length > 0 ? Comlink.transfer(message, transfer) : message;
}

/** Capabilities may hold functions (dataset refs), which cannot cross threads; workers need only the flags. */
export function cloneableStep(step: PlanStep): PlanStep {
  const capabilities: PlanStep['capabilities'] = {};
  for (const [k, v] of Object.entries(step.capabilities ?? {})) {
    if (typeof v !== 'function') (capabilities as Record<string, unknown>)[k] = v;
  }
  return { ...step, capabilities };
}

export interface StepValues {
  /** Inputs go as copies (the caller keeps its values), moved rather than cloned: see copyForTransfer. */
  packInputs(inputs: Record<string, unknown>): Packed;
  /** A step's packed outputs, unpacked, each remembering its packed form. */
  receiveOutputs(packed: unknown): Record<string, unknown>;
}

export function createStepValues(): StepValues {
  // Packed form of values already received from workers: re-sending them needs no re-packing.
  const packedOf = new WeakMap<object, unknown>();
  return {
    packInputs(inputs) {
      const out: Record<string, unknown> = {};
      for (const [port, v] of Object.entries(inputs)) {
        const cached = typeof v === 'object' && v !== null ? packedOf.get(v) : undefined;
        out[port] = cached ?? packValue(v).message;
      }
      return copyForTransfer(out);
    },
    receiveOutputs(packed) {
      const outputs = unpackValue<Record<string, unknown>>(packed);
      const byPort = packed as Record<string, unknown>;
      for (const [port, v] of Object.entries(outputs)) {
        if (typeof v === 'object' && v !== null) packedOf.set(v, byPort[port]);
      }
      return outputs;
    },
  };
}
