/**
 * A second thread for histogram gradient boosting, on shared memory (SharedArrayBuffer + Atomics:
 * Node worker_threads, or a cross-origin-isolated browser's Web Worker).
 *
 * The fit posts one HelperSetup per fit; the helper then serves commands until released. Per command
 * the caller does half the work itself and waits for the other half, so a hand-off is two atomic
 * stores and usually no system call: both sides spin briefly before sleeping (Atomics.wait), and a side
 * only calls Atomics.notify when the other is actually asleep.
 *
 * Work is split so that the result is bit-identical to one thread: histograms by feature (each bin
 * still summed by one thread in the same order), gradients by row (element-wise), and partitions by
 * halves joined in order (the same stable order).
 */
import { buildHistogramRange, logLossGradients, type SlotMatrix } from './histogram-kernel.ts';

/** Control words (Int32Array over a SharedArrayBuffer). */
const SEQ = 0;
const CMD = 1;
const A = 2;
const B = 3;
const C = 4;
const DONE = 5;
/** 1 while the helper sleeps on SEQ / the caller sleeps on DONE. */
const HELPER_ASLEEP = 6;
const CALLER_ASLEEP = 7;
/** Result of a partition command: left count of the helper's half. */
const RESULT = 8;
export const CONTROL_WORDS = 9;

const CMD_RELEASE = 0;
const CMD_HISTOGRAM = 1;
const CMD_GRADIENTS = 2;
const CMD_PARTITION = 3;

/** Busy-wait iterations before sleeping (a few tens of µs): hand-offs within a tree are closer than that. */
const SPIN = 20_000;

/** Everything the helper reads or writes; typed arrays over SharedArrayBuffers. */
export interface HelperSetup {
  ctrl: Int32Array;
  d: number;
  histLen: number;
  /** Features [splitFeature, d) are the helper's; their slots are [splitSlot, histLen). */
  splitFeature: number;
  splitSlot: number;
  slot3: SlotMatrix;
  gh: Float64Array;
  samples: Int32Array;
  raw: Float64Array;
  y: Uint8Array;
  w: Float64Array | null;
  /** The helper's histogram output (histLen). */
  hist: Float64Array;
  /** Column-major local bins (n per feature) and the current split's bin → goes-left table. */
  columnBins: Uint8Array;
  goesLeft: Int32Array;
  /** The helper's right-hand rows of a partition. */
  rightRows: Int32Array;
  n: number;
}

/** Where a fit sends its HelperSetup: a thread that will run serveHelper on it. */
export interface HelperThread {
  post(setup: HelperSetup): void;
}

export function sharedArraysAvailable(): boolean {
  return typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object';
}

function waitFor(ctrl: Int32Array, index: number, unequalTo: number, asleepFlag: number): number {
  let v = Atomics.load(ctrl, index);
  for (let spin = 0; v === unequalTo && spin < SPIN; spin++) v = Atomics.load(ctrl, index);
  while (v === unequalTo) {
    Atomics.store(ctrl, asleepFlag, 1);
    Atomics.wait(ctrl, index, unequalTo);
    Atomics.store(ctrl, asleepFlag, 0);
    v = Atomics.load(ctrl, index);
  }
  return v;
}

function signal(ctrl: Int32Array, index: number, value: number, asleepFlag: number): void {
  Atomics.store(ctrl, index, value);
  if (Atomics.load(ctrl, asleepFlag) === 1) Atomics.notify(ctrl, index);
}

/** Stable partition of samples[start..end) in place (left rows first) with right rows to `right`; returns the left count. */
export function partitionRange(samples: Int32Array, right: Int32Array, col: Uint8Array, off: number, lut: Int32Array, start: number, end: number): number {
  let a = start;
  let nr = 0;
  for (let k = start; k < end; k++) {
    const i = samples[k];
    if (lut[col[off + i]] === 1) samples[a++] = i;
    else right[nr++] = i;
  }
  return a - start;
}

/** The helper's loop: serves commands until released. Blocks its thread meanwhile. */
export function serveHelper(s: HelperSetup): void {
  const ctrl = s.ctrl;
  const scratch = new Float64Array(4 * s.histLen);
  let seen = Atomics.load(ctrl, DONE);
  for (;;) {
    seen = waitFor(ctrl, SEQ, seen, HELPER_ASLEEP);
    const cmd = ctrl[CMD];
    const a = ctrl[A];
    const b = ctrl[B];
    if (cmd === CMD_HISTOGRAM) {
      buildHistogramRange(s.hist, scratch, s.slot3, s.d, s.splitSlot, s.histLen, s.splitFeature, s.d, s.gh, s.samples, a, b);
    } else if (cmd === CMD_GRADIENTS) {
      logLossGradients(s.gh, s.raw, s.y, s.w, a, b);
      for (let r = a; r < b; r++) s.samples[r] = r;
    } else if (cmd === CMD_PARTITION) {
      ctrl[RESULT] = partitionRange(s.samples, s.rightRows, s.columnBins, ctrl[C] * s.n, s.goesLeft, a, b);
    }
    signal(ctrl, DONE, seen, CALLER_ASLEEP);
    if (cmd === CMD_RELEASE) return;
  }
}

/** The caller's side of one fit's helper. */
export class HelperClient {
  private seq: number;
  constructor(readonly setup: HelperSetup) {
    this.seq = Atomics.load(setup.ctrl, DONE);
  }

  get splitFeature(): number {
    return this.setup.splitFeature;
  }

  private send(cmd: number, a: number, b: number, c = 0): void {
    const ctrl = this.setup.ctrl;
    ctrl[CMD] = cmd;
    ctrl[A] = a;
    ctrl[B] = b;
    ctrl[C] = c;
    this.seq = (this.seq + 1) | 0;
    signal(ctrl, SEQ, this.seq, HELPER_ASLEEP);
  }

  private wait(): void {
    const ctrl = this.setup.ctrl;
    const prev = (this.seq - 1) | 0;
    waitFor(ctrl, DONE, prev, CALLER_ASLEEP);
  }

  startHistogram(start: number, end: number): void {
    this.send(CMD_HISTOGRAM, start, end);
  }

  finishHistogram(hist: Float64Array): void {
    this.wait();
    hist.set(this.setup.hist.subarray(this.setup.splitSlot), this.setup.splitSlot);
  }

  /** Gradients of all rows and samples reset to 0..n-1, half here and half in the helper. */
  gradients(): void {
    const s = this.setup;
    const mid = s.n >> 1;
    this.send(CMD_GRADIENTS, mid, s.n);
    logLossGradients(s.gh, s.raw, s.y, s.w, 0, mid);
    for (let r = 0; r < mid; r++) s.samples[r] = r;
    this.wait();
  }

  /**
   * Stable partition of samples[start..end) on feature f using setup.goesLeft (filled by the caller);
   * `right` is the caller's scratch. Returns the first right position.
   */
  partition(start: number, end: number, f: number, right: Int32Array): number {
    const s = this.setup;
    const mid = (start + end) >> 1;
    this.send(CMD_PARTITION, mid, end, f);
    const la = partitionRange(s.samples, right, s.columnBins, f * s.n, s.goesLeft, start, mid);
    this.wait();
    const lb = s.ctrl[RESULT];
    const ra = mid - start - la;
    const rb = end - mid - lb;
    // [A-left | B-left | A-right | B-right]: the order a one-thread stable partition gives.
    s.samples.copyWithin(start + la, mid, mid + lb);
    s.samples.set(right.subarray(0, ra), start + la + lb);
    s.samples.set(s.rightRows.subarray(0, rb), start + la + lb + ra);
    return start + la + lb;
  }

  release(): void {
    this.send(CMD_RELEASE, 0, 0);
    this.wait();
  }
}
