/**
 * Shared bins for comparing two samples of one feature.
 *
 * Numeric: edges at the reference's quantiles k/B (k = 1..B−1, numpy's default linear interpolation);
 * repeated edges (ties, discrete features) are merged, so a feature with few distinct values gets fewer
 * bins, never empty duplicates. A value v falls into bin j when edge[j−1] ≤ v < edge[j] (each bin
 * holds its lower edge: numpy.searchsorted(edges, v, side='right')); the outer bins are open-ended.
 * Categorical: one bin per level of either table (a level seen only in the current table is its own
 * bin, reported as new). Missing values: one more bin in both, so a change in missingness is drift too.
 */

/** numpy.quantile(sorted, q) with method='linear', reproducing numpy's index and lerp arithmetic. */
export function numpyQuantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const virtual = (n - 1) * q;
  let lo = Math.floor(virtual);
  let gamma = virtual - lo;
  if (lo < 0) {
    lo = 0;
    gamma = 0;
  }
  if (lo >= n - 1) return sorted[n - 1];
  const a = sorted[lo];
  const b = sorted[lo + 1];
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** Distinct quantile edges of a sorted, NaN-free reference sample for `bins` bins. */
export function quantileEdges(sortedReference: Float64Array, bins: number): Float64Array {
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = numpyQuantile(sortedReference, k / bins);
    if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
  }
  return Float64Array.from(edges);
}

/**
 * Counts a sorted, NaN-free sample into the bins of `edges` (edges.length + 1 bins) by one merge walk.
 */
export function countSortedIntoBins(sorted: Float64Array, edges: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  let bin = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i];
    while (bin < edges.length && v >= edges[bin]) bin++;
    counts[bin]++;
  }
  return counts;
}

/** Human-readable bin labels for numeric edges: "< e1", "[e1, e2)", …, "≥ eK". */
export function binLabels(edges: Float64Array, format: (v: number) => string = (v) => String(Number(v.toPrecision(4)))): string[] {
  if (edges.length === 0) return ['all values'];
  const out = [`< ${format(edges[0])}`];
  for (let j = 1; j < edges.length; j++) out.push(`[${format(edges[j - 1])}, ${format(edges[j])})`);
  out.push(`≥ ${format(edges[edges.length - 1])}`);
  return out;
}
