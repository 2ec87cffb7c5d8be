/**
 * Input tables reach a worker in shared memory (see packOutputsForHost in src/core/table/transfer.ts):
 * the host's cache, the step that made them and every step reading them see the same bytes. A node
 * must therefore never write into an input column; it copies the column and changes the copy. This
 * guard notices a node that did: it fingerprints the shared buffers of the input tables before the
 * node runs and compares after. `sampled` (the default) reads a few thousand bytes of each buffer,
 * enough to catch a column rewritten in place at almost no cost; `full` compares every byte (for tests
 * and debugging: CRISPFLOW_CHECK_SHARED_INPUTS=full); `off` skips the check.
 */
import { isShared, isTable } from '../core/table/transfer.ts';
import type { Table } from '../core/table/table.ts';

export type SharedInputCheck = 'sampled' | 'full' | 'off';

const SAMPLES_PER_BUFFER = 4096;

interface Watched {
  port: string;
  column: string;
  bytes: Uint8Array;
  /** Byte positions read (sampled), or undefined for every byte. */
  positions?: Int32Array;
  before: Uint8Array;
}

/** The mode from CRISPFLOW_CHECK_SHARED_INPUTS where there is an environment (Node), else sampled. */
export function sharedInputCheckMode(): SharedInputCheck {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.CRISPFLOW_CHECK_SHARED_INPUTS;
  return v === 'full' || v === 'off' ? v : 'sampled';
}

/** The typed arrays of a table that may be shared, named for the message (text columns stay undecoded). */
function tableArrays(t: Table): Array<[string, ArrayBufferView]> {
  const out: Array<[string, ArrayBufferView]> = [];
  for (const c of t.columns) {
    if (c.type === 'category') out.push([c.name, c.codes]);
    else if (c.type !== 'text') out.push([c.name, c.values]);
  }
  if (t.weights) out.push(['(row weights)', t.weights]);
  if (t.sparse) for (const a of [t.sparse.indptr, t.sparse.indices, t.sparse.values]) out.push([`${t.sparse.name} (sparse block)`, a]);
  return out;
}

function watch(port: string, column: string, view: ArrayBufferView, mode: 'sampled' | 'full'): Watched {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  if (mode === 'full' || bytes.length <= SAMPLES_PER_BUFFER) return { port, column, bytes, before: bytes.slice() };
  // An odd stride walks through every byte lane of the elements, so a rewritten value is seen.
  const stride = Math.floor(bytes.length / SAMPLES_PER_BUFFER) | 1;
  const positions = new Int32Array(Math.ceil(bytes.length / stride));
  const before = new Uint8Array(positions.length);
  for (let i = 0, p = 0; i < positions.length; i++, p += stride) {
    positions[i] = p;
    before[i] = bytes[p];
  }
  return { port, column, bytes, positions, before };
}

function changed(w: Watched): boolean {
  const { bytes, positions, before } = w;
  if (!positions) {
    for (let i = 0; i < bytes.length; i++) if (bytes[i] !== before[i]) return true;
    return false;
  }
  for (let i = 0; i < positions.length; i++) if (bytes[positions[i]] !== before[i]) return true;
  return false;
}

export interface SharedInputWatch {
  /** The first input column found changed since the watch began, or undefined. */
  changedColumn(): { port: string; column: string } | undefined;
}

/** Starts watching the shared buffers of the input tables (every buffer with `full`). */
export function watchSharedInputs(inputs: Record<string, unknown>, mode: SharedInputCheck = sharedInputCheckMode()): SharedInputWatch {
  const watched: Watched[] = [];
  if (mode !== 'off') {
    for (const [port, value] of Object.entries(inputs)) {
      if (!isTable(value)) continue;
      for (const [column, view] of tableArrays(value)) {
        if (mode === 'full' || isShared(view)) watched.push(watch(port, column, view, mode));
      }
    }
  }
  return {
    changedColumn() {
      const w = watched.find(changed);
      return w ? { port: w.port, column: w.column } : undefined;
    },
  };
}
