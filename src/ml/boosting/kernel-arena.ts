/**
 * All per-row and per-histogram arrays of one gradient-boosting fit, laid out in one byte-addressed
 * buffer that the kernels (WebAssembly memory, or an ArrayBuffer for the JavaScript fallback) work on.
 * Regions are 16-byte aligned; address 0 is never a region (it means "none" to the kernels).
 */
import type { BinMapper } from './bin-mapper.ts';
import { jsBoostingKernels, type BoostingKernels } from './js-kernels.ts';
import { MAX_ARENA_BYTES, wasmBoostingKernels } from './wasm-kernels.ts';

export interface BoostingArena {
  kernels: BoostingKernels;
  n: number;
  d: number;
  nSlots: number;
  /** Slots stored as int32 (more than 65,536 slots) rather than uint16. */
  wide: boolean;
  /** Two float64: the sums of gradients and hessians written by `gradients`. */
  sumsAt: number;
  /** int32 per local bin (≥ 257): 1 when the bin goes left in the current split. */
  lutAt: number;
  /** Row-major histogram slot per cell (n × d). */
  slotsAt: number;
  /** Column-major local bin per cell (n per feature; missing = nBins[f]). */
  colAt: number;
  /** int32 row numbers, reordered so each node's rows are contiguous; and the partition's right side. */
  samplesAt: number;
  rightAt: number;
  /** (gradient, hessian) float64 pairs per row. */
  ghAt: number;
  /** float64 e^(−raw score) per row (raw score = the model's log-odds so far; see scaleLeaf). */
  expNegRawAt: number;
  /** uint8 labels; float64 weights (0 when unweighted). */
  yAt: number;
  wAt: number;
  /** The root's counts (every row), the same for every tree: built once, then copied. */
  rootCountsAt: number;
  /** Histogram h: sums at histAt + h·histBytes (16 bytes per slot), counts at countsAt + h·countBytes. */
  nHistograms: number;
  histAt: number;
  histBytes: number;
  countsAt: number;
  countBytes: number;
  /** int32 words per count block (nSlots rounded up to a multiple of 4 for SIMD). */
  countWords: number;
  f64: Float64Array;
  i32: Int32Array;
  u8: Uint8Array;
}

const align16 = (k: number) => (k + 15) & ~15;

/**
 * Lays out and fills the arena for n binned rows: `slots` is the row-major slot per cell (binRows),
 * `y` the labels, `w` optional weights. `js` forces the JavaScript kernels (tests compare both).
 */
export function createBoostingArena(
  mapper: BinMapper,
  slots: Int32Array,
  n: number,
  y: Uint8Array,
  w: Float64Array | undefined,
  nHistograms: number,
  js = false,
): BoostingArena {
  const d = mapper.nFeatures;
  const nSlots = mapper.nSlots;
  const wide = nSlots > 65536;
  const countWords = (nSlots + 3) & ~3;
  let at = 16;
  const take = (bytes: number) => {
    const a = at;
    at = align16(at + bytes);
    return a;
  };
  const sumsAt = take(16);
  const lutAt = take(4 * 260);
  const slotsAt = take(n * d * (wide ? 4 : 2));
  const colAt = take(n * d);
  const samplesAt = take(4 * n);
  const rightAt = take(4 * n);
  const ghAt = take(16 * n);
  const expNegRawAt = take(8 * n);
  const yAt = take(n);
  const wAt = w ? take(8 * n) : 0;
  const histBytes = 16 * nSlots;
  const countBytes = 4 * countWords;
  const histAt = take(nHistograms * histBytes);
  const countsAt = take(nHistograms * countBytes);
  const rootCountsAt = take(countBytes);
  if (at > MAX_ARENA_BYTES) {
    throw new Error(
      `Gradient boosting needs ${(at / 2 ** 30).toFixed(1)} GB of working memory for ${n.toLocaleString('en')} rows × ${d} features; ` +
        'the limit is 2 GB. Train on fewer rows or features, or lower "Maximum leaves" or "Bins per feature".',
    );
  }
  const kernels = (js ? null : wasmBoostingKernels(at, d, wide)) ?? jsBoostingKernels(at, d, wide);
  const buf = kernels.buffer;
  const u8 = new Uint8Array(buf);
  if (wide) new Int32Array(buf, slotsAt, n * d).set(slots);
  else new Uint16Array(buf, slotsAt, n * d).set(slots);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) u8[colAt + f * n + i] = slots[i * d + f] - mapper.slotStart[f];
  }
  u8.set(y.subarray(0, n), yAt);
  if (w) new Float64Array(buf, wAt, n).set(w.subarray(0, n));
  return {
    kernels,
    n,
    d,
    nSlots,
    wide,
    sumsAt,
    lutAt,
    slotsAt,
    colAt,
    samplesAt,
    rightAt,
    ghAt,
    expNegRawAt,
    yAt,
    wAt,
    rootCountsAt,
    nHistograms,
    histAt,
    histBytes,
    countsAt,
    countBytes,
    countWords,
    f64: new Float64Array(buf),
    i32: new Int32Array(buf),
    u8,
  };
}
