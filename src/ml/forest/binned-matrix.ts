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

export const MAX_BINS = 256;

export interface BinnedMatrix {
  nRows: number;
  nFeatures: number;
  colptr: Int32Array;
  colRows: Int32Array;
  colCodes: Uint8Array;
  rowptr: Int32Array;
  rowCols: Int32Array;
  rowCodes: Uint8Array;
  /** Code of the value 0 for each feature. */
  zeroCode: Uint8Array;
  /** "code ≤ c" ⇔ "value ≤ thresholds[thrStart[f] + c]" (the midpoint to the next occurring value). */
  thrStart: Int32Array;
  thresholds: Float64Array;
}

/** Bin upper bounds of one sign's sorted values (at most `budget` bins). */
function binUppers(sorted: Float64Array, budget: number): number[] {
  const uppers: number[] = [];
  const m = sorted.length;
  if (m === 0) return uppers;
  let distinct = 1;
  for (let k = 1; k < m; k++) if (sorted[k] !== sorted[k - 1]) distinct++;
  if (distinct <= budget) {
    for (let k = 0; k < m; k++) if (k === m - 1 || sorted[k + 1] !== sorted[k]) uppers.push(sorted[k]);
    return uppers;
  }
  for (let b = 1; b <= budget; b++) {
    const v = sorted[Math.min(m - 1, Math.ceil((b * m) / budget) - 1)];
    if (uppers.length === 0 || v > uppers[uppers.length - 1]) uppers.push(v);
  }
  if (uppers[uppers.length - 1] !== sorted[m - 1]) uppers.push(sorted[m - 1]);
  return uppers;
}

/** First index k with uppers[k] ≥ v. */
function lowerBound(uppers: Float64Array, from: number, to: number, v: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (uppers[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index k with sorted[k] > v. */
function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function binMatrix(m: FeatureMatrix): BinnedMatrix {
  const { n, d, X } = m;
  const sp = m.sparse;
  const nFeatures = d + (sp?.nCols ?? 0);

  // CSC of the logical matrix [dense | sparse], non-zeros only; rows come out sorted per column.
  const colptr = new Int32Array(nFeatures + 1);
  for (let i = 0, p = 0; i < n; i++) for (let j = 0; j < d; j++, p++) if (X[p] !== 0) colptr[j + 1]++;
  if (sp) for (let k = 0; k < sp.indptr[n]; k++) if (sp.values[k] !== 0) colptr[d + sp.indices[k] + 1]++;
  for (let f = 0; f < nFeatures; f++) colptr[f + 1] += colptr[f];
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
    if (sp) {
      for (let k = sp.indptr[i]; k < sp.indptr[i + 1]; k++) {
        const v = sp.values[k];
        if (v === 0) continue;
        const q = fillAt[d + sp.indices[k]]++;
        colRows[q] = i;
        colVals[q] = v;
      }
    }
  }

  // Bins per feature: negative bins, the zero code, positive bins.
  const zeroCode = new Uint8Array(nFeatures);
  const thrStart = new Int32Array(nFeatures + 1);
  const thrParts: Float64Array[] = [];
  const colCodes = new Uint8Array(nnz);
  let thrTotal = 0;
  for (let f = 0; f < nFeatures; f++) {
    const a = colptr[f];
    const b = colptr[f + 1];
    const sorted = colVals.slice(a, b).sort();
    let nNeg = 0;
    while (nNeg < sorted.length && sorted[nNeg] < 0) nNeg++;
    const neg = sorted.subarray(0, nNeg);
    const pos = sorted.subarray(nNeg);
    const budget = MAX_BINS - 1;
    const negBudget = nNeg === 0 ? 0 : Math.max(1, Math.round((budget * nNeg) / sorted.length));
    const negUp = binUppers(neg, Math.min(negBudget, budget - (pos.length > 0 ? 1 : 0)));
    const posUp = binUppers(pos, budget - negUp.length);
    const z = negUp.length;
    zeroCode[f] = z;
    // uppers of every code, zero included, in value order
    const uppers = new Float64Array(negUp.length + 1 + posUp.length);
    uppers.set(negUp, 0);
    uppers[z] = 0;
    uppers.set(posUp, z + 1);
    // threshold after code c: midway to the next occurring value (zero counts as occurring)
    const nCodes = uppers.length;
    const thr = new Float64Array(nCodes);
    for (let c = 0; c < nCodes - 1; c++) {
      const u = uppers[c];
      let next: number;
      if (c === z) next = sorted[nNeg];
      else {
        const q = upperBound(sorted, u);
        next = u < 0 && q >= nNeg ? 0 : sorted[q];
      }
      thr[c] = (u + next) / 2;
    }
    thr[nCodes - 1] = Infinity;
    thrParts.push(thr);
    thrStart[f] = thrTotal;
    thrTotal += nCodes;
    for (let k = a; k < b; k++) {
      const v = colVals[k];
      colCodes[k] = v < 0 ? lowerBound(uppers, 0, z, v) : lowerBound(uppers, z + 1, nCodes, v);
    }
  }
  thrStart[nFeatures] = thrTotal;
  const thresholds = new Float64Array(thrTotal);
  for (let f = 0; f < nFeatures; f++) thresholds.set(thrParts[f], thrStart[f]);

  // CSR with the same codes (columns sorted per row).
  const rowptr = new Int32Array(n + 1);
  for (let k = 0; k < nnz; k++) rowptr[colRows[k] + 1]++;
  for (let i = 0; i < n; i++) rowptr[i + 1] += rowptr[i];
  const rowCols = new Int32Array(nnz);
  const rowCodes = new Uint8Array(nnz);
  const rowFill = rowptr.slice(0, n);
  for (let f = 0; f < nFeatures; f++) {
    for (let k = colptr[f]; k < colptr[f + 1]; k++) {
      const q = rowFill[colRows[k]]++;
      rowCols[q] = f;
      rowCodes[q] = colCodes[k];
    }
  }
  return { nRows: n, nFeatures, colptr, colRows, colCodes, rowptr, rowCols, rowCodes, zeroCode, thrStart, thresholds };
}
