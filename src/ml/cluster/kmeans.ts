/**
 * K-means (Lloyd's algorithm) with greedy k-means++ seeding, several restarts and scikit-learn's
 * stopping rule, over a row-major Float64Array. Deterministic for a given seed.
 *
 * - Seeding: greedy k-means++ (Arthur & Vassilvitskii 2007, as in scikit-learn): each new centre is the
 *   best of 2 + ⌊ln k⌋ candidates drawn with probability ∝ squared distance to the nearest centre.
 * - Stopping: when the squared centre shift falls to tol × mean per-feature variance, or labels stop changing.
 * - Empty clusters are re-seeded with the point farthest from its centre.
 * - The restart with the lowest inertia (sum of squared distances to the assigned centre) wins.
 */
import type { Rng } from '../../core/rng.ts';

export interface KMeansOptions {
  k: number;
  nInit?: number;
  maxIter?: number;
  tol?: number;
  rng: Rng;
  /** Called between restarts (checkpoint / progress). */
  pause?: (fraction: number) => Promise<void>;
}

export interface KMeansResult {
  /** k × d, row-major. */
  centers: Float64Array;
  labels: Int32Array;
  inertia: number;
  nIter: number;
  sizes: Int32Array;
}

/** Squared Euclidean distance between row i of X and row c of C (both row-major, d columns). */
function sqDist(X: Float64Array, i: number, C: Float64Array, c: number, d: number): number {
  let s = 0;
  const a = i * d;
  const b = c * d;
  for (let j = 0; j < d; j++) {
    const t = X[a + j] - C[b + j];
    s += t * t;
  }
  return s;
}

/** Index drawn with probability ∝ weights (cumulative search). */
function drawWeighted(weights: Float64Array, total: number, rng: Rng): number {
  let u = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}

export function kmeansPlusPlus(X: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const C = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(n);
  C.set(X.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  let pot = 0;
  for (let i = 0; i < n; i++) pot += closest[i] = sqDist(X, i, C, 0, d);
  const cand = new Float64Array(n);
  const best = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let bestPot = Infinity;
    let bestIdx = -1;
    for (let t = 0; t < trials; t++) {
      const idx = pot > 0 ? drawWeighted(closest, pot, rng) : rng.int(n);
      let p = 0;
      for (let i = 0; i < n; i++) {
        const s = sqDist(X, i, X, idx, d);
        const m = s < closest[i] ? s : closest[i];
        cand[i] = m;
        p += m;
      }
      if (p < bestPot) {
        bestPot = p;
        bestIdx = idx;
        best.set(cand);
      }
    }
    C.set(X.subarray(bestIdx * d, bestIdx * d + d), c * d);
    closest.set(best);
    pot = bestPot;
  }
  return C;
}

/** Assigns each row to its nearest centre; returns the inertia. */
function assign(X: Float64Array, n: number, d: number, C: Float64Array, k: number, labels: Int32Array, dist: Float64Array): number {
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    let bestC = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      const s = sqDist(X, i, C, c, d);
      if (s < bestD) {
        bestD = s;
        bestC = c;
      }
    }
    labels[i] = bestC;
    dist[i] = bestD;
    inertia += bestD;
  }
  return inertia;
}

/** Nearest centre of every row (the assignment step, ties to the first centre): how fitted centres label new rows. */
export function assignToCenters(X: Float64Array, n: number, d: number, C: Float64Array, k: number): Int32Array {
  const labels = new Int32Array(n);
  assign(X, n, d, C, k, labels, new Float64Array(n));
  return labels;
}

/**
 * Nearest and second-nearest centre of row i (Euclidean distances, not squared): the full scan that
 * Hamerly's bounds let most rows skip.
 */
function nearestTwo(X: Float64Array, i: number, d: number, C: Float64Array, k: number, out: Float64Array): number {
  let best = 0;
  let d1 = Infinity;
  let d2 = Infinity;
  for (let c = 0; c < k; c++) {
    const s = sqDist(X, i, C, c, d);
    if (s < d1) {
      d2 = d1;
      d1 = s;
      best = c;
    } else if (s < d2) d2 = s;
  }
  out[0] = Math.sqrt(d1);
  out[1] = Math.sqrt(d2);
  return best;
}

/**
 * Lloyd's algorithm with Hamerly's (2010) bounds: the same iterations and result as plain Lloyd, but a
 * row is only rescanned when its upper bound to its own centre exceeds both its lower bound to any
 * other centre and half the distance from its centre to the nearest other one. After the first
 * iterations almost every row skips the scan.
 */
function lloyd(X: Float64Array, n: number, d: number, k: number, C: Float64Array, maxIter: number, tolAbs: number) {
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Int32Array(k);
  const moved = new Float64Array(k);
  const half = new Float64Array(k);
  const two = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    const c = nearestTwo(X, i, d, C, k, two);
    labels[i] = c;
    upper[i] = two[0];
    lower[i] = two[1];
    counts[c]++;
    for (let j = 0; j < d; j++) sums[c * d + j] += X[i * d + j];
  }
  let iter = 0;
  for (; iter < maxIter; iter++) {
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0) continue;
      // Empty cluster: move it to the row farthest (by its bound) from its centre.
      let far = 0;
      for (let i = 1; i < n; i++) if (upper[i] > upper[far]) far = i;
      const old = labels[far];
      counts[old]--;
      for (let j = 0; j < d; j++) {
        sums[old * d + j] -= X[far * d + j];
        sums[c * d + j] = X[far * d + j];
      }
      counts[c] = 1;
      labels[far] = c;
      upper[far] = 0;
      lower.fill(0); // bounds are no longer valid: rescan everything once
    }
    // M step: centres to the means; how far each moved.
    let shift = 0;
    let max1 = 0;
    let max2 = 0;
    let argMax = -1;
    for (let c = 0; c < k; c++) {
      let m = 0;
      for (let j = 0; j < d; j++) {
        const v = sums[c * d + j] / counts[c];
        const t = v - C[c * d + j];
        m += t * t;
        C[c * d + j] = v;
      }
      shift += m;
      moved[c] = Math.sqrt(m);
      if (moved[c] > max1) {
        max2 = max1;
        max1 = moved[c];
        argMax = c;
      } else if (moved[c] > max2) max2 = moved[c];
    }
    if (shift <= tolAbs) {
      iter++;
      break;
    }
    for (let c = 0; c < k; c++) {
      let m = Infinity;
      for (let c2 = 0; c2 < k; c2++) {
        if (c2 === c) continue;
        const s = sqDist(C, c, C, c2, d);
        if (s < m) m = s;
      }
      half[c] = 0.5 * Math.sqrt(m);
    }
    // E step with bounds.
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const a = labels[i];
      upper[i] += moved[a];
      lower[i] -= a === argMax ? max2 : max1;
      const bound = half[a] > lower[i] ? half[a] : lower[i];
      if (upper[i] <= bound) continue;
      const s = sqDist(X, i, C, a, d);
      upper[i] = Math.sqrt(s);
      if (upper[i] <= bound) continue;
      const c = nearestTwo(X, i, d, C, k, two);
      upper[i] = two[0];
      lower[i] = two[1];
      if (c !== a) {
        labels[i] = c;
        counts[a]--;
        counts[c]++;
        for (let j = 0; j < d; j++) {
          sums[a * d + j] -= X[i * d + j];
          sums[c * d + j] += X[i * d + j];
        }
        changed++;
      }
    }
    // Labels unchanged: the centres are already the means of their clusters.
    if (changed === 0) {
      iter++;
      break;
    }
  }
  // Final assignment so labels and inertia agree with the returned centres.
  const dist = new Float64Array(n);
  const inertia = assign(X, n, d, C, k, labels, dist);
  return { labels, inertia, nIter: iter };
}

export async function kmeans(X: Float64Array, n: number, d: number, o: KMeansOptions): Promise<KMeansResult> {
  const k = o.k;
  if (k < 1 || k > n) throw new Error(`k = ${k} clusters needs between 1 and ${n} rows.`);
  const nInit = o.nInit ?? 10;
  // scikit-learn: tol is relative to the mean per-feature variance of the data.
  let meanVar = 0;
  for (let j = 0; j < d; j++) {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = X[i * d + j];
      s += v;
      s2 += v * v;
    }
    const m = s / n;
    meanVar += s2 / n - m * m;
  }
  const tolAbs = ((o.tol ?? 1e-4) * meanVar) / d;
  let best: KMeansResult | undefined;
  for (let r = 0; r < nInit; r++) {
    const C = kmeansPlusPlus(X, n, d, k, o.rng);
    const res = lloyd(X, n, d, k, C, o.maxIter ?? 300, tolAbs);
    if (!best || res.inertia < best.inertia) {
      const sizes = new Int32Array(k);
      for (let i = 0; i < n; i++) sizes[res.labels[i]]++;
      best = { centers: C, labels: res.labels, inertia: res.inertia, nIter: res.nIter, sizes };
    }
    if (o.pause) await o.pause((r + 1) / nInit);
  }
  return best!;
}

/** Relabels clusters by decreasing size (ties: lower old index first), so "cluster 1" is the largest. */
export function orderBySize(res: KMeansResult, d: number): KMeansResult {
  const k = res.sizes.length;
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => res.sizes[b] - res.sizes[a] || a - b);
  const newOf = new Int32Array(k);
  order.forEach((old, pos) => (newOf[old] = pos));
  const centers = new Float64Array(k * d);
  const sizes = new Int32Array(k);
  order.forEach((old, pos) => {
    centers.set(res.centers.subarray(old * d, old * d + d), pos * d);
    sizes[pos] = res.sizes[old];
  });
  const labels = res.labels.map((l) => newOf[l]);
  return { ...res, centers, labels, sizes };
}
