/**
 * Bootstrap over cell counts instead of rows.
 *
 * Resampling n unweighted rows with replacement and counting their cells gives cell counts that follow
 * Multinomial(n, counts / n): the same distribution, drawn with a handful of binomial variates per
 * resample instead of n index draws. Multinomial draws are sequential conditional binomials; binomial
 * variates come from Hörmann's BTRD (1993, transformed rejection with decomposition, exact) when
 * n·min(p, 1−p) ≥ 10, else from inversion. Seeded (xoshiro128** from core/rng) so results repeat.
 * Weighted rows are not multinomial in the cell totals: callers keep the row bootstrap for them.
 */
import { createRng, type Rng } from '../../core/rng.ts';
import type { BootstrapOptions } from '../fairness/bootstrap.ts';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Stirling correction fc(k) = ln k! − (k + ½) ln(k + 1) + (k + 1) − ½ ln 2π, exact sums for small k. */
const FC_SMALL = (() => {
  const out = new Float64Array(10);
  let logFact = 0;
  for (let k = 0; k < 10; k++) {
    if (k > 0) logFact += Math.log(k);
    out[k] = logFact - (k + 0.5) * Math.log(k + 1) + (k + 1) - HALF_LOG_2PI;
  }
  return out;
})();

function stirlingCorrection(k: number): number {
  if (k < 10) return FC_SMALL[k];
  const rk = 1 / (k + 1);
  const rk2 = rk * rk;
  return (1 / 12 - (1 / 360 - rk2 / 1260) * rk2) * rk;
}

/** Binomial(n, p) by inversion (expected n·p + 1 uniforms; used when n·p < 10). */
function binomialInversion(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  const r0 = Math.pow(q, n);
  for (;;) {
    let r = r0;
    let u = rng.next();
    let x = 0;
    while (u > r) {
      u -= r;
      x++;
      if (x > n) break; // rounding left u above the total mass: draw again
      r *= a / x - s;
    }
    if (x <= n) return x;
  }
}

/**
 * Binomial(n, p), p ≤ 0.5, n·p ≥ 10: Hörmann's BTRD in the form TensorFlow uses (fresh u, v each try;
 * the tight box accepts at once, else the exact log-ratio test with Stirling tails).
 */
function binomialBtrd(rng: Rng, n: number, p: number): number {
  const m = Math.floor((n + 1) * p);
  const r = p / (1 - p);
  const spq = Math.sqrt(n * p * (1 - p));
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const alpha = (2.83 + 5.1 / b) * spq;
  const vr = 0.92 - 4.2 / b;
  const nm = n - m + 1;
  const head = (m + 0.5) * Math.log((m + 1) / (r * nm)) + stirlingCorrection(m) + stirlingCorrection(n - m);
  for (;;) {
    const u = rng.next() - 0.5;
    let v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || k > n) continue;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    const nk = n - k + 1;
    const bound = head + (n + 1) * Math.log(nm / nk) + (k + 0.5) * Math.log((r * nk) / (k + 1)) - stirlingCorrection(k) - stirlingCorrection(n - k);
    if (v <= bound) return k;
  }
}

/** One Binomial(n, p) variate (n a non-negative integer, 0 ≤ p ≤ 1). */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  return n * p < 10 ? binomialInversion(rng, n, p) : binomialBtrd(rng, n, p);
}

/** Multinomial(n, counts / Σcounts) into `out` by conditional binomials (zero cells stay zero). */
export function multinomial(rng: Rng, n: number, counts: ArrayLike<number>, out: Float64Array): void {
  let total = 0;
  for (let k = 0; k < counts.length; k++) total += counts[k];
  let left = n;
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k];
    if (left === 0 || c <= 0) {
      out[k] = 0;
    } else if (c >= total) {
      out[k] = left; // the last non-empty cell takes the rest
      left = 0;
    } else {
      const x = binomial(rng, left, c / total);
      out[k] = x;
      left -= x;
    }
    total -= c;
  }
}

/**
 * Bootstrap of statistics of cell counts from unweighted rows: each resample is Multinomial(n, counts / n)
 * with n = Σcounts, the distribution of resampling the rows. Output layout as bootstrapCells
 * (stat-major: `out[s * resamples + r]`).
 */
export async function bootstrapCellCounts(
  counts: Float64Array,
  nStats: number,
  statistic: (cells: Float64Array, out: Float64Array) => void,
  o: BootstrapOptions,
): Promise<Float64Array> {
  const R = o.resamples;
  let n = 0;
  for (let k = 0; k < counts.length; k++) {
    if (!Number.isInteger(counts[k]) || counts[k] < 0) {
      throw new Error(`bootstrapCellCounts needs whole, non-negative counts (cell ${k} is ${counts[k]}); weighted rows need the row bootstrap.`);
    }
    n += counts[k];
  }
  const rng = createRng(o.seed);
  const out = new Float64Array(nStats * R);
  const cells = new Float64Array(counts.length);
  const stats = new Float64Array(nStats);
  for (let r = 0; r < R; r++) {
    multinomial(rng, n, counts, cells);
    statistic(cells, stats);
    for (let k = 0; k < nStats; k++) out[k * R + r] = stats[k];
    if (o.pause && r % 50 === 49) await o.pause((r + 1) / R);
  }
  return out;
}
