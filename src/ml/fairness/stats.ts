/** Small statistics kernels for the fairness tests: log-gamma, normal tail, Fisher exact, two-proportion z. */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; ~15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** Complementary error function (Numerical Recipes erfcc, relative error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/**
 * Two-sided Fisher exact test on the 2×2 table [[a, b], [c, d]] (rows: groups, columns: selected, not).
 * p = sum of the hypergeometric probabilities of all tables with the same margins that are no more
 * likely than the observed one (scipy.stats.fisher_exact's definition, with its 1e-7 relative tolerance).
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const n = r1 + r2;
  if (r1 === 0 || r2 === 0 || c1 === 0 || c1 === n) return 1;
  const logDen = logChoose(n, c1);
  const logP = (x: number) => logChoose(r1, x) + logChoose(r2, c1 - x) - logDen;
  const observed = logP(a);
  const lo = Math.max(0, c1 - r2);
  const hi = Math.min(r1, c1);
  const cutoff = observed + Math.log1p(1e-7);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const lp = logP(x);
    if (lp <= cutoff) p += Math.exp(lp);
  }
  return Math.min(1, p);
}

/** Two-sided pooled two-proportion z test of x1/n1 vs x2/n2. */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): { z: number; p: number } {
  if (n1 <= 0 || n2 <= 0) return { z: NaN, p: NaN };
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, p: 1 };
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, p: erfc(Math.abs(z) / Math.SQRT2) };
}

export interface ProportionTest {
  test: 'fisher-exact' | 'two-proportion-z';
  pValue: number;
  z?: number;
}

/**
 * Compares selection counts of two groups: Fisher's exact test when an expected cell count is below 5
 * (where the normal approximation is poor), the two-proportion z test otherwise.
 */
export function compareProportions(x1: number, n1: number, x2: number, n2: number): ProportionTest {
  const x = Math.round(x1);
  const y = Math.round(x2);
  const m1 = Math.round(n1);
  const m2 = Math.round(n2);
  const total = m1 + m2;
  const sel = x + y;
  const minExpected = total > 0 ? Math.min(m1, m2) * Math.min(sel, total - sel) / total : 0;
  if (minExpected < 5) return { test: 'fisher-exact', pValue: fisherExact(x, m1 - x, y, m2 - y) };
  const { z, p } = twoProportionZ(x, m1, y, m2);
  return { test: 'two-proportion-z', pValue: p, z };
}

/** Quantile with linear interpolation (numpy's default), ignoring NaN; sorts a copy. */
export function quantile(values: Float64Array, q: number): number {
  const finite = values.filter((v) => !Number.isNaN(v)).sort();
  const n = finite.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return finite[lo] + (finite[hi] - finite[lo]) * (pos - lo);
}
