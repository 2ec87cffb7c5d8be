/**
 * One pass over a large current sample against a sorted reference, giving everything the numeric drift
 * measures need without sorting the current sample: the KS statistic, the PSI/JS bin counts, and the bin
 * counts per period.
 *
 * Each current value is placed in a "slot" of the reference's distinct values d₀ < d₁ < … < d_{K−1}:
 * slot 2j holds values strictly between d_{j−1} and d_j, slot 2j+1 values equal to d_j, slot 2K values
 * above d_{K−1}. A guide table over [d₀, d_{K−1}] finds the slot in a few steps. Both empirical CDFs are
 * constant or monotone inside a slot, so |F_ref − F_cur| is largest at a slot's ends, and the sweep
 * over slots gives the same D as merging the two sorted samples (and the same floating-point values,
 * i/n₁ − j/n₂ with integer counts).
 */

export interface ReferenceIndex {
  distinct: Float64Array;
  /** cum[j] = number of reference values ≤ distinct[j]. */
  cum: Float64Array;
  n: number;
  guide: Int32Array;
  min: number;
  scale: number;
}

/** Index of a sorted, NaN-free reference sample. */
export function indexReference(sorted: Float64Array): ReferenceIndex {
  const n = sorted.length;
  let K = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) K++;
  const distinct = new Float64Array(K);
  const cum = new Float64Array(K);
  for (let i = 0, j = -1; i < n; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct[++j] = sorted[i];
    cum[j] = i + 1;
  }
  const G = Math.min(1 << 16, Math.max(16, 2 * K));
  const min = K ? distinct[0] : 0;
  const range = K ? distinct[K - 1] - min : 0;
  const scale = range > 0 && Number.isFinite(range) ? G / range : 0;
  const guide = new Int32Array(G);
  for (let b = 0, j = 0; b < G; b++) {
    const start = scale ? min + b / scale : min;
    while (j < K && distinct[j] < start) j++;
    guide[b] = j;
  }
  return { distinct, cum, n, guide, min, scale };
}

/** Slot of value v (not NaN) against the reference index. */
export function slotOf(ix: ReferenceIndex, v: number): number {
  const { distinct } = ix;
  const K = distinct.length;
  if (K === 0) return 0;
  let j: number;
  if (v < ix.min) return 0;
  if (v > distinct[K - 1]) return 2 * K;
  if (ix.scale) {
    let b = ((v - ix.min) * ix.scale) | 0;
    if (b >= ix.guide.length) b = ix.guide.length - 1;
    j = ix.guide[b];
    while (j > 0 && distinct[j - 1] >= v) j--;
  } else j = 0;
  while (distinct[j] < v) j++;
  return distinct[j] === v ? 2 * j + 1 : 2 * j;
}

/** Two-sample KS statistic from the reference index and the current sample's slot counts. */
export function ksStatisticFromSlots(ix: ReferenceIndex, slotCounts: Float64Array, nCurrent: number): number {
  const K = ix.distinct.length;
  const n1 = ix.n;
  const n2 = nCurrent;
  let cur = 0;
  let d = 0;
  for (let j = 0; j < K; j++) {
    cur += slotCounts[2 * j];
    const before = j > 0 ? ix.cum[j - 1] : 0;
    const a = Math.abs(before / n1 - cur / n2);
    if (a > d) d = a;
    cur += slotCounts[2 * j + 1];
    const b = Math.abs(ix.cum[j] / n1 - cur / n2);
    if (b > d) d = b;
  }
  return d;
}

/**
 * Bin of each slot for the quantile `edges` (numpy.searchsorted(edges, v, 'right')), or -1 where an
 * edge lies strictly inside the slot's gap (values there are compared with the edges one by one).
 */
export function binsOfSlots(ix: ReferenceIndex, edges: Float64Array): Int32Array {
  const { distinct } = ix;
  const K = distinct.length;
  const out = new Int32Array(2 * K + 1);
  const binOfValue = (v: number) => {
    let b = 0;
    while (b < edges.length && v >= edges[b]) b++;
    return b;
  };
  for (let j = 0; j <= K; j++) {
    const lo = j > 0 ? distinct[j - 1] : -Infinity;
    const hi = j < K ? distinct[j] : Infinity;
    // Gap (lo, hi): with no edge strictly inside, every value in it is in lo's bin (below d₀: bin 0).
    let inside = false;
    for (let e = 0; e < edges.length; e++) if (edges[e] > lo && edges[e] < hi) inside = true;
    out[2 * j] = inside ? -1 : j > 0 ? binOfValue(lo) : 0;
    if (j < K) out[2 * j + 1] = binOfValue(hi);
  }
  return out;
}
