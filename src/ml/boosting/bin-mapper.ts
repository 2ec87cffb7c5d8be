/**
 * Histogram binning for gradient boosting, after scikit-learn's `_BinMapper`.
 *
 * Each feature gets at most `maxBins` (≤ 255) bins for present values plus one bin for missing values
 * (NaN). A feature with few distinct values gets one bin per value (thresholds at the midpoints between
 * consecutive values, so splits are exactly the exact-greedy ones); otherwise thresholds are the
 * midpoint percentiles, as numpy's `percentile(..., method='midpoint')`. A value x falls into the first
 * bin b with x ≤ thresholds[b]; the last present bin takes everything above the last threshold.
 */

export interface BinMapper {
  nFeatures: number;
  /** Present-value bins per feature; the missing bin of feature f has local index nBins[f]. */
  nBins: Int32Array;
  /** Thresholds of feature f: thresholds[thrStart[f] .. thrStart[f] + nBins[f] - 1). */
  thrStart: Int32Array;
  thresholds: Float64Array;
  /** Histogram slot of feature f's bin 0 (slots of all features laid end to end; missing bin included). */
  slotStart: Int32Array;
  nSlots: number;
  /** Whether feature f had missing values at fit time. */
  hadMissing: Uint8Array;
}

function sortedPresent(X: Float64Array, n: number, d: number, f: number, rows?: ArrayLike<number>): { sorted: Float64Array; missing: boolean } {
  const m = rows ? rows.length : n;
  const buf = new Float64Array(m);
  let k = 0;
  let missing = false;
  for (let r = 0; r < m; r++) {
    const i = rows ? rows[r] : r;
    const v = X[i * d + f];
    if (v !== v) missing = true;
    else buf[k++] = v;
  }
  return { sorted: buf.subarray(0, k).sort(), missing };
}

/** Thresholds of one feature from its sorted present values. */
export function featureThresholds(sorted: Float64Array, maxBins: number): Float64Array {
  const m = sorted.length;
  if (m === 0) return new Float64Array(0);
  const distinct: number[] = [];
  for (let k = 0; k < m; k++) {
    if (k === 0 || sorted[k] !== sorted[k - 1]) {
      distinct.push(sorted[k]);
      if (distinct.length > maxBins) break;
    }
  }
  if (distinct.length <= maxBins) {
    const t = new Float64Array(distinct.length - 1);
    for (let k = 0; k < t.length; k++) t[k] = (distinct[k] + distinct[k + 1]) / 2;
    return t;
  }
  const out: number[] = [];
  for (let q = 1; q < maxBins; q++) {
    const pos = (q / maxBins) * (m - 1);
    const v = (sorted[Math.floor(pos)] + sorted[Math.ceil(pos)]) / 2;
    if (out.length === 0 || v > out[out.length - 1]) out.push(v);
  }
  return Float64Array.from(out);
}

/** Learns bin thresholds from the rows `rows` (default all) of a dense row-major matrix. */
export function fitBinMapper(X: Float64Array, n: number, d: number, maxBins = 255, rows?: ArrayLike<number>): BinMapper {
  if (!(maxBins >= 2 && maxBins <= 255)) throw new Error(`maxBins must be between 2 and 255 (got ${maxBins}).`);
  const parts: Float64Array[] = [];
  const nBins = new Int32Array(d);
  const thrStart = new Int32Array(d + 1);
  const slotStart = new Int32Array(d + 1);
  const hadMissing = new Uint8Array(d);
  for (let f = 0; f < d; f++) {
    const { sorted, missing } = sortedPresent(X, n, d, f, rows);
    const t = featureThresholds(sorted, maxBins);
    parts.push(t);
    nBins[f] = t.length + 1;
    hadMissing[f] = missing ? 1 : 0;
    thrStart[f + 1] = thrStart[f] + t.length;
    slotStart[f + 1] = slotStart[f] + nBins[f] + 1;
  }
  const thresholds = new Float64Array(thrStart[d]);
  parts.forEach((t, f) => thresholds.set(t, thrStart[f]));
  return { nFeatures: d, nBins, thrStart, thresholds, slotStart, nSlots: slotStart[d], hadMissing };
}

/** Local bin of value v for feature f (nBins[f] for missing). */
export function binOf(mapper: BinMapper, f: number, v: number): number {
  if (v !== v) return mapper.nBins[f];
  let lo = mapper.thrStart[f];
  let hi = mapper.thrStart[f + 1];
  const base = lo;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (mapper.thresholds[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo - base;
}

/**
 * Row-major histogram slot of every cell (slotStart[f] + local bin), the layout the histogram kernel
 * reads: one row's features are contiguous, so gathering a node's scattered rows touches one cache line.
 */
export function binRows(mapper: BinMapper, X: Float64Array, d: number, rows: ArrayLike<number>): Int32Array {
  const m = rows.length;
  const slots = new Int32Array(m * d);
  for (let r = 0; r < m; r++) {
    const base = rows[r] * d;
    for (let f = 0; f < d; f++) slots[r * d + f] = mapper.slotStart[f] + binOf(mapper, f, X[base + f]);
  }
  return slots;
}
