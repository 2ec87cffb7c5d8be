/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, as scipy.stats.ks_2samp(method='auto') computes it:
 * exact when both samples have at most 10,000 values (Hodges' lattice-path counts; the n1 = n2 case by
 * the alternating binomial series), else the asymptotic p-value kstwo.sf(D, round(n1·n2/(n1+n2))).
 * Where the exact count overflows, scipy falls back to the asymptotic value, and so does this.
 */
import { kolmogorovSf } from './kolmogorov.ts';

/** scipy's MAX_AUTO_N: above it 'auto' uses the asymptotic distribution. */
export const KS_EXACT_MAX_N = 10_000;

export interface KsResult {
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
  n1: number;
  n2: number;
}

/** D = max |F1 − F2| over both samples' values (ties advance both samples together). Inputs sorted. */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 && j < n2) {
    const x = a[i] <= b[j] ? a[i] : b[j];
    while (i < n1 && a[i] === x) i++;
    while (j < n2 && b[j] === x) j++;
    const diff = Math.abs(i / n1 - j / n2);
    if (diff > d) d = diff;
  }
  return d;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** P(D ≥ h/n) for two samples of size n (alternating series in Horner form, as scipy). */
function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/**
 * 1 − share of lattice paths from (0,0) to (m,n) that stay strictly inside |x/m − y/n| < h/lcm,
 * by Viehmann's (2021) numerically stable recursion, as scipy's _compute_outer_prob_inside_method.
 */
function probOutsideInside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  for (let j = minj; j < maxj; j++) A[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1];
}

/** The exact p-value, or undefined where scipy's exact computation would fail (it then goes asymptotic). */
function exactPValue(n1: number, n2: number, d: number): { d: number; p: number } | undefined {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  const dr = h / lcm;
  if (h === 0) return { d: dr, p: 1 };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideInside(n1, n2, g, h);
  if (!Number.isFinite(p) || p < 0 || p > 1) return undefined;
  return { d: dr, p };
}

/** Two-sided two-sample KS test on sorted, NaN-free samples. */
export function ksTwoSample(sortedA: Float64Array, sortedB: Float64Array): KsResult {
  const n1 = sortedA.length;
  const n2 = sortedB.length;
  if (n1 === 0 || n2 === 0) return { statistic: NaN, pValue: NaN, method: 'asymptotic', n1, n2 };
  return ksFromStatistic(ksStatistic(sortedA, sortedB), n1, n2);
}

/** The test for a statistic D already computed (e.g. from counts) on samples of sizes n1 and n2. */
export function ksFromStatistic(d: number, n1: number, n2: number): KsResult {
  if (n1 === 0 || n2 === 0) return { statistic: NaN, pValue: NaN, method: 'asymptotic', n1, n2 };
  if (Math.max(n1, n2) <= KS_EXACT_MAX_N) {
    const exact = exactPValue(n1, n2, d);
    if (exact) return { statistic: exact.d, pValue: Math.min(1, Math.max(0, exact.p)), method: 'exact', n1, n2 };
  }
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = (m * n) / (m + n);
  return { statistic: d, pValue: kolmogorovSf(roundHalfEven(en), d), method: 'asymptotic', n1, n2 };
}

/** numpy.round: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
