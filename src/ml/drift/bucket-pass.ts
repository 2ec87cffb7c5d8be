/**
 * One cache-friendly pass over a large current sample against a sorted reference: bin counts (overall and
 * per period), the mean, and the exact two-sample KS statistic, without sorting the current sample.
 *
 * Values are put in G + 2 buckets by a monotone key (below the reference's minimum, G equal-width buckets
 * over [min, max], above the maximum); the counts fit in L1, where the earlier per-distinct-value slots
 * (megabytes, touched at random) missed cache on every value. Monotone keys make every bucket an interval
 * in value order, so:
 * - at each cut between buckets both empirical CDFs are known exactly, and |F_ref − F_cur| there is the
 *   value the merge of the sorted samples computes at the largest sample value below the cut;
 * - inside a bucket the difference stays within [δ − c/n₂, δ + r/n₁] (δ at the bucket's lower cut, r and
 *   c the bucket's counts), so only buckets whose bound exceeds the best cut can hold a larger D. A
 *   second pass gathers the current values of those buckets (few), sorts each one and merges it with the
 *   reference's values there, best bound first, stopping once no bound can beat D.
 * D comes out as i/n₁ − j/n₂ from the same integer counts as the full merge (ks-two-sample.ts), so the
 * same floating-point value.
 * A bucket holding a bin edge is binned value by value; every other bucket's values share one bin.
 */

export interface BucketPassResult {
  /** Bin counts of the finite values (edges.length + 1 bins: numpy.searchsorted(edges, v, 'right')). */
  binCounts: Float64Array;
  /** Per period p: B = edges.length + 1 value bins, then one missing bin, at p * (B + 1). */
  periodCounts: Float64Array;
  missing: number;
  sum: number;
  /** Two-sample KS statistic against the reference (NaN when either sample is empty). */
  ks: number;
}

export const DEFAULT_BUCKETS = 8192;

/** Monotone bucket key: 0 below the minimum, 1..G inside [min, max], G + 1 above the maximum. */
function keyer(min: number, max: number, G: number): (v: number) => number {
  const range = max - min;
  const scale = range > 0 && Number.isFinite(range) ? G / range : 0;
  return (v: number) => {
    if (v < min) return 0;
    if (v > max) return G + 1;
    const t = (v - min) * scale;
    return (t >= G ? G - 1 : t | 0) + 1;
  };
}

export function bucketPass(
  sortedReference: Float64Array,
  current: Float64Array,
  edges: Float64Array,
  periodCodes: Int32Array | undefined,
  nPeriods: number,
  G: number = DEFAULT_BUCKETS,
): BucketPassResult {
  const n1 = sortedReference.length;
  const B = edges.length + 1;
  const binCounts = new Float64Array(B);
  const periodCounts = new Float64Array(nPeriods * (B + 1));
  const K = G + 2;
  const min = n1 ? sortedReference[0] : 0;
  const max = n1 ? sortedReference[n1 - 1] : 0;
  const key = keyer(min, max, G);
  // Bin of every value of a bucket, or -1 where an edge falls in the bucket.
  const bucketBin = new Int32Array(K);
  {
    const edgeKeys = Array.from(edges, key);
    for (let b = 0; b < K; b++) {
      let below = 0;
      let inside = false;
      for (const ek of edgeKeys) {
        if (ek < b) below++;
        else if (ek === b) inside = true;
      }
      bucketBin[b] = inside ? -1 : below;
    }
  }
  // Per bucket, the reference's smallest and largest value there, and how many current values fall
  // below / above them (the rest lie between): the KS refinement needs only buckets where the
  // reference has several distinct values and the current sample has values among them.
  const refLo = new Float64Array(K).fill(Infinity);
  const refHi = new Float64Array(K).fill(-Infinity);
  for (let i = 0; i < n1; i++) {
    const v = sortedReference[i];
    const k = key(v);
    if (v < refLo[k]) refLo[k] = v;
    if (v > refHi[k]) refHi[k] = v;
  }
  // [total, below, above] per bucket, side by side (one cache line).
  const tally = new Int32Array(3 * K);
  let missing = 0;
  let sum = 0;
  const E = edges.length;
  for (let i = 0; i < current.length; i++) {
    const v = current[i];
    const p = periodCodes ? periodCodes[i] : -1;
    if (v !== v) {
      missing++;
      if (p >= 0) periodCounts[p * (B + 1) + B]++;
      continue;
    }
    sum += v;
    const k = key(v);
    tally[3 * k]++;
    if (v < refLo[k]) tally[3 * k + 1]++;
    else if (v > refHi[k]) tally[3 * k + 2]++;
    let b = bucketBin[k];
    if (b < 0) {
      b = 0;
      while (b < E && v >= edges[b]) b++;
    }
    binCounts[b]++;
    if (p >= 0) periodCounts[p * (B + 1) + b]++;
  }
  const n2 = current.length - missing;
  const ks = n1 > 0 && n2 > 0 ? ksStatisticByBuckets(sortedReference, current, key, tally, refLo, refHi, n2) : NaN;
  return { binCounts, periodCounts, missing, sum, ks };
}

function ksStatisticByBuckets(
  ref: Float64Array,
  current: Float64Array,
  key: (v: number) => number,
  tally: Int32Array,
  refLo: Float64Array,
  refHi: Float64Array,
  n2: number,
): number {
  const n1 = ref.length;
  const K = tally.length / 3;
  // Reference values per bucket: the sorted reference's keys are non-decreasing.
  const refStart = new Int32Array(K + 1);
  for (let i = 0, b = 0; b <= K; b++) {
    while (i < n1 && key(ref[i]) < b) i++;
    refStart[b] = i;
  }
  // Exact differences where both CDFs are known from counts (each is i/n₁ − j/n₂ at some sample value,
  // as in the full merge), and a bound for the rest of each bucket.
  let d = 0;
  const bound = new Float64Array(K);
  for (let b = 0, j = 0; b < K; b++) {
    const i = refStart[b];
    const r = refStart[b + 1] - i;
    const below = tally[3 * b + 1];
    const between = tally[3 * b] - below - tally[3 * b + 2];
    // At the cut before the bucket (the largest value of either sample below it).
    const cut = Math.abs(i / n1 - j / n2);
    if (cut > d) d = cut;
    // At the largest current value below the reference's values in this bucket.
    const atBelow = Math.abs(i / n1 - (j + below) / n2);
    if (atBelow > d) d = atBelow;
    if (r > 0) {
      // At the bucket's largest reference value (all its current ties counted).
      const atTop = Math.abs((i + r) / n1 - (j + below + between) / n2);
      if (atTop > d) d = atTop;
      // Between the reference's smallest and largest values here: only bounded. One distinct reference
      // value (refLo = refHi) leaves nothing in between. Above them, both CDFs are monotone up to the next cut.
      if (between > 0 && refLo[b] < refHi[b]) {
        const delta = i / n1 - (j + below) / n2;
        bound[b] = Math.max(Math.abs(delta + r / n1), Math.abs(delta - between / n2));
      }
    }
    j += tally[3 * b];
  }
  // Margin: the bound is computed with different rounding than the exact differences.
  const candidates: number[] = [];
  for (let b = 0; b < K; b++) if (bound[b] > d - 1e-12) candidates.push(b);
  if (candidates.length === 0) return d;
  candidates.sort((a, b) => bound[b] - bound[a]);
  const curStart = new Int32Array(K + 1);
  for (let b = 0; b < K; b++) curStart[b + 1] = curStart[b] + tally[3 * b];
  // Gather the current values of the candidate buckets, grouped by bucket (counting sort).
  const slot = new Int32Array(K).fill(-1);
  const offset = new Int32Array(candidates.length + 1);
  candidates.forEach((b, k) => {
    slot[b] = k;
    offset[k + 1] = offset[k] + tally[3 * b];
  });
  const gathered = new Float64Array(offset[candidates.length]);
  const fill = offset.slice(0, candidates.length);
  for (let i = 0; i < current.length; i++) {
    const v = current[i];
    if (v !== v) continue;
    const k = slot[key(v)];
    if (k >= 0) gathered[fill[k]++] = v;
  }
  for (let k = 0; k < candidates.length; k++) {
    const b = candidates[k];
    if (bound[b] <= d - 1e-12) break;
    const cur = gathered.subarray(offset[k], offset[k + 1]).sort();
    // Merge inside the bucket with global counts i (reference) and j (current), as the full merge does.
    let i = refStart[b];
    const iEnd = refStart[b + 1];
    let j = curStart[b];
    let a = 0;
    while (i < iEnd || a < cur.length) {
      const x = a >= cur.length || (i < iEnd && ref[i] <= cur[a]) ? ref[i] : cur[a];
      while (i < iEnd && ref[i] === x) i++;
      while (a < cur.length && cur[a] === x) {
        a++;
        j++;
      }
      const diff = Math.abs(i / n1 - j / n2);
      if (diff > d) d = diff;
    }
  }
  return d;
}
