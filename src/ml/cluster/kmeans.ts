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
      const o = idx * d;
      for (let i = 0; i < n; i++) {
        let s = 0;
        const a = i * d;
        for (let j = 0; j < d; j++) {
          const q = X[a + j] - X[o + j];
          s += q * q;
        }
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
    const a = i * d;
    for (let c = 0; c < k; c++) {
      let s = 0;
      const b = c * d;
      for (let j = 0; j < d; j++) {
        const t = X[a + j] - C[b + j];
        s += t * t;
      }
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

function lloyd(X: Float64Array, n: number, d: number, k: number, C: Float64Array, maxIter: number, tolAbs: number) {
  const labels = new Int32Array(n);
  const prev = new Int32Array(n).fill(-1);
  const dist = new Float64Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Int32Array(k);
  let iter = 0;
  for (; iter < maxIter; iter++) {
    assign(X, n, d, C, k, labels, dist);
    let same = true;
    for (let i = 0; i < n; i++) {
      if (labels[i] !== prev[i]) {
        same = false;
        break;
      }
    }
    if (same) break;
    prev.set(labels);
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i];
      counts[c]++;
      const a = i * d;
      const b = c * d;
      for (let j = 0; j < d; j++) sums[b + j] += X[a + j];
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0) continue;
      // Empty cluster: move it to the point farthest from its centre.
      let far = 0;
      for (let i = 1; i < n; i++) if (dist[i] > dist[far]) far = i;
      dist[far] = 0;
      const old = labels[far];
      counts[old]--;
      for (let j = 0; j < d; j++) {
        sums[old * d + j] -= X[far * d + j];
        sums[c * d + j] = X[far * d + j];
      }
      counts[c] = 1;
      labels[far] = c;
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        const v = sums[c * d + j] / counts[c];
        const t = v - C[c * d + j];
        shift += t * t;
        C[c * d + j] = v;
      }
    }
    if (shift <= tolAbs) {
      iter++;
      break;
    }
  }
  // Final assignment so labels and inertia agree with the returned centres.
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
