/**
 * The training matrix of tree models: every feature's non-zero values replaced by small bin codes,
 * stored both by column (CSC) and by row (CSR), with zeros implicit.
 *
 * Why bins: split search then needs a histogram per (node, feature) instead of a sort. A feature with at
 * most 255 distinct non-zero values (most TF-IDF terms, years, one-hots) gets one bin per value, so its
 * candidate thresholds are exactly scikit-learn's midpoints between consecutive values; more distinct
 * values fall into 255 quantile bins. Zero has its own code, between the negative and positive bins.
 * Why both layouts: a split search either scans the candidate columns (cheap near the root) or the
 * node's rows (cheap in small nodes); the tree builder picks whichever touches fewer entries.
 */
import type { FeatureMatrix } from '../features/featurizer.ts';
import { MAX_PACKED_INDEX } from './grow-trees.ts';

export const MAX_BINS = 256;

export interface BinnedMatrix {
  nRows: number;
  nFeatures: number;
  colptr: Int32Array;
  colRows: Int32Array;
  colCodes: Uint8Array;
  rowptr: Int32Array;
  /** Row-major entries (features ascending per row), each packed as feature·256 + code: see TreeMatrix. */
  rowEntries: Int32Array;
  /** Code of the value 0 for each feature. */
  zeroCode: Uint8Array;
  /** "code ≤ c" ⇔ "value ≤ thresholds[thrStart[f] + c]" (the midpoint to the next occurring value). */
  thrStart: Int32Array;
  thresholds: Float64Array;
}

/**
 * Bin upper bounds of one sign's sorted values sorted[from, to) into out[at..], at most `budget` bins;
 * returns how many were written.
 */
function binUppers(sorted: Float64Array, from: number, to: number, budget: number, out: Float64Array, at: number): number {
  const m = to - from;
  if (m === 0 || budget <= 0) return 0;
  let distinct = 1;
  for (let k = from + 1; k < to; k++) if (sorted[k] !== sorted[k - 1]) distinct++;
  let u = at;
  if (distinct <= budget) {
    for (let k = from; k < to; k++) if (k === to - 1 || sorted[k + 1] !== sorted[k]) out[u++] = sorted[k];
    return u - at;
  }
  for (let b = 1; b <= budget; b++) {
    const v = sorted[from + Math.min(m - 1, Math.ceil((b * m) / budget) - 1)];
    if (u === at || v > out[u - 1]) out[u++] = v;
  }
  if (out[u - 1] !== sorted[to - 1]) out[u++] = sorted[to - 1];
  return u - at;
}

/** First index k in [from, to) with uppers[k] ≥ v (to if none); branch-free halving (no mispredictions). */
function lowerBound(uppers: Float64Array, from: number, to: number, v: number): number {
  if (from >= to) return from;
  let base = from;
  let n = to - from;
  while (n > 1) {
    const half = n >>> 1;
    base = uppers[base + half - 1] < v ? base + half : base;
    n -= half;
  }
  return uppers[base] < v ? base + 1 : base;
}

/**
 * Sorts vals[lo, hi) ascending and applies the same permutation to pos (quicksort, median of three,
 * insertion sort below 16). Carrying positions lets codes be assigned by one walk in value order
 * instead of a binary search per entry. Returns false if recursion got suspiciously deep (a
 * pathological order): the caller then falls back to the native sort.
 */
function sortPairs(vals: Float64Array, pos: Int32Array, lo: number, hi: number, depth: number): boolean {
  while (hi - lo > 16) {
    if (depth-- <= 0) return false;
    const mid = (lo + hi) >>> 1;
    const x = vals[lo];
    const y = vals[mid];
    const z = vals[hi - 1];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi - 1;
    while (i <= j) {
      while (vals[i] < pivot) i++;
      while (vals[j] > pivot) j--;
      if (i <= j) {
        const tv = vals[i];
        vals[i] = vals[j];
        vals[j] = tv;
        const tp = pos[i];
        pos[i] = pos[j];
        pos[j] = tp;
        i++;
        j--;
      }
    }
    // recurse into the smaller part, loop on the larger (stack depth O(log n))
    if (j + 1 - lo < hi - i) {
      if (!sortPairs(vals, pos, lo, j + 1, depth)) return false;
      lo = i;
    } else {
      if (!sortPairs(vals, pos, i, hi, depth)) return false;
      hi = j + 1;
    }
  }
  for (let k = lo + 1; k < hi; k++) {
    const v = vals[k];
    const p = pos[k];
    let m = k - 1;
    while (m >= lo && vals[m] > v) {
      vals[m + 1] = vals[m];
      pos[m + 1] = pos[m];
      m--;
    }
    vals[m + 1] = v;
    pos[m + 1] = p;
  }
  return true;
}

export function binMatrix(m: FeatureMatrix): BinnedMatrix {
  const { n, d, X } = m;
  const sp = m.sparse;
  const nFeatures = d + (sp?.nCols ?? 0);
  if (n >= MAX_PACKED_INDEX || nFeatures >= MAX_PACKED_INDEX) {
    throw new Error(`A random forest handles up to ${MAX_PACKED_INDEX - 1} rows and features (got ${n} × ${nFeatures}).`);
  }

  // CSC of the logical matrix [dense | sparse], non-zeros only; rows come out sorted per column.
  const colptr = new Int32Array(nFeatures + 1);
  // the sparse block's arrays in locals (empty without one), so the loops below read no properties
  const indptr = sp ? sp.indptr : new Int32Array(n + 1);
  const indices = sp ? sp.indices : new Int32Array(0);
  const values = sp ? sp.values : new Float64Array(0);
  for (let i = 0, p = 0; i < n; i++) for (let j = 0; j < d; j++, p++) if (X[p] !== 0) colptr[j + 1]++;
  for (let k = indptr[0], e = indptr[n]; k < e; k++) if (values[k] !== 0) colptr[d + indices[k] + 1]++;
  let maxLen = 0;
  for (let f = 0; f < nFeatures; f++) {
    maxLen = Math.max(maxLen, colptr[f + 1]);
    colptr[f + 1] += colptr[f];
  }
  const nnz = colptr[nFeatures];
  const colRows = new Int32Array(nnz);
  const colVals = new Float64Array(nnz);
  const fillAt = colptr.slice(0, nFeatures);
  for (let i = 0, p = 0; i < n; i++) {
    for (let j = 0; j < d; j++, p++) {
      const v = X[p];
      if (v !== v) throw new Error(`Feature ${m.names[j] ?? j} has a missing value in row ${i + 1}.`);
      if (v !== 0) {
        const q = fillAt[j]++;
        colRows[q] = i;
        colVals[q] = v;
      }
    }
    for (let k = indptr[i], e = indptr[i + 1]; k < e; k++) {
      const v = values[k];
      if (v === 0) continue;
      if (v !== v) throw new Error(`Feature ${m.names[d + indices[k]] ?? d + indices[k]} has a missing value in row ${i + 1}.`);
      const q = fillAt[d + indices[k]]++;
      colRows[q] = i;
      colVals[q] = v;
    }
  }

  // Bins per feature: negative bins, the zero code, positive bins. Scratch reused across features.
  const zeroCode = new Uint8Array(nFeatures);
  const thrStart = new Int32Array(nFeatures + 1);
  let thresholds = new Float64Array(Math.max(16, nFeatures * 4));
  const colCodes = new Uint8Array(nnz);
  const sorted = new Float64Array(maxLen);
  const order = new Int32Array(maxLen);
  const uppers = new Float64Array(MAX_BINS + 1);
  let thrTotal = 0;
  const budget = MAX_BINS - 1;
  for (let f = 0; f < nFeatures; f++) {
    const a = colptr[f];
    const b = colptr[f + 1];
    const len = b - a;
    for (let k = 0; k < len; k++) {
      sorted[k] = colVals[a + k];
      order[k] = k;
    }
    const byWalk = sortPairs(sorted, order, 0, len, 2 * (32 - Math.clz32(len)) + 8);
    if (!byWalk) sorted.subarray(0, len).sort();
    let nNeg = 0;
    while (nNeg < len && sorted[nNeg] < 0) nNeg++;
    const nPos = len - nNeg;
    const negBudget = nNeg === 0 ? 0 : Math.max(1, Math.round((budget * nNeg) / len));
    const z = binUppers(sorted, 0, nNeg, Math.min(negBudget, budget - (nPos > 0 ? 1 : 0)), uppers, 0);
    zeroCode[f] = z;
    uppers[z] = 0;
    const nCodes = z + 1 + binUppers(sorted, nNeg, len, budget - z, uppers, z + 1);
    if (thrTotal + nCodes > thresholds.length) {
      const t = new Float64Array(Math.max(thrTotal + nCodes, thresholds.length * 2));
      t.set(thresholds.subarray(0, thrTotal));
      thresholds = t;
    }
    // threshold after code c: midway to the next occurring value (zero counts as occurring)
    for (let c = 0, q = 0; c < nCodes - 1; c++) {
      const u = uppers[c];
      let next: number;
      if (c === z) next = sorted[nNeg];
      else {
        while (q < len && sorted[q] <= u) q++;
        next = u < 0 && q >= nNeg ? 0 : sorted[q];
      }
      thresholds[thrTotal + c] = (u + next) / 2;
    }
    thresholds[thrTotal + nCodes - 1] = Infinity;
    thrStart[f] = thrTotal;
    thrTotal += nCodes;
    if (byWalk) {
      // codes in one walk in value order: the first code whose upper bound is ≥ the value
      for (let k = 0, c = 0; k < len; k++) {
        const v = sorted[k];
        if (v > 0 && c <= z) c = z + 1;
        while (uppers[c] < v) c++;
        colCodes[a + order[k]] = c;
      }
    } else {
      for (let k = a; k < b; k++) {
        const v = colVals[k];
        colCodes[k] = v < 0 ? lowerBound(uppers, 0, z, v) : lowerBound(uppers, z + 1, nCodes, v);
      }
    }
  }
  thrStart[nFeatures] = thrTotal;

  // CSR with the same codes (columns ascending per row), packed for the tree kernel.
  const rowptr = new Int32Array(n + 1);
  for (let k = 0; k < nnz; k++) rowptr[colRows[k] + 1]++;
  for (let i = 0; i < n; i++) rowptr[i + 1] += rowptr[i];
  const rowEntries = new Int32Array(nnz);
  const rowFill = rowptr.slice(0, n);
  for (let f = 0; f < nFeatures; f++) {
    const hi = f << 8;
    for (let k = colptr[f]; k < colptr[f + 1]; k++) rowEntries[rowFill[colRows[k]]++] = hi | colCodes[k];
  }
  return {
    nRows: n,
    nFeatures,
    colptr,
    colRows,
    colCodes,
    rowptr,
    rowEntries,
    zeroCode,
    thrStart,
    thresholds: thresholds.slice(0, thrTotal),
  };
}
