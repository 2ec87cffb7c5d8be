import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import { bootstrapCells } from '../fairness/bootstrap.ts';
import { logGamma } from '../fairness/stats.ts';
import { binomial, bootstrapCellCounts, multinomial } from './multinomial-bootstrap.ts';

function binomialPmf(n: number, p: number, k: number): number {
  return Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p));
}

/** Pearson chi-square of `draws` Binomial(n, p) variates against the exact pmf (cells with expectation ≥ 5, tails pooled). */
function chiSquare(n: number, p: number, draws: number, seed: number): { stat: number; df: number } {
  const rng = createRng(seed);
  const observed = new Float64Array(n + 1);
  for (let i = 0; i < draws; i++) {
    const k = binomial(rng, n, p);
    if (!(Number.isInteger(k) && k >= 0 && k <= n)) throw new Error(`Binomial(${n}, ${p}) gave ${k}`);
    observed[k]++;
  }
  let stat = 0;
  let df = -1;
  let pooledO = 0;
  let pooledE = 0;
  for (let k = 0; k <= n; k++) {
    pooledO += observed[k];
    pooledE += draws * binomialPmf(n, p, k);
    if (pooledE >= 5) {
      stat += (pooledO - pooledE) ** 2 / pooledE;
      df++;
      pooledO = 0;
      pooledE = 0;
    }
  }
  stat += pooledE > 0 ? (pooledO - pooledE) ** 2 / Math.max(pooledE, 1e-12) : 0;
  return { stat, df };
}

/** Upper 0.001 point of chi-square(df), Wilson–Hilferty. */
function chiSquareCritical(df: number): number {
  const z = 3.090232;
  return df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
}

describe('binomial variates', () => {
  // Inversion (n·p < 10), BTRD (n·p ≥ 10) and the p > 0.5 reflection, each against the exact pmf.
  it.each([
    [40, 0.05],
    [30, 0.2],
    [40, 0.4],
    [1000, 0.3],
    [200, 0.9],
    [5000, 0.5],
  ])('Binomial(%i, %f) matches the exact distribution (chi-square, α = 0.001)', (n, p) => {
    const { stat, df } = chiSquare(n, p, 200_000, 7 + n);
    expect(df).toBeGreaterThan(3);
    expect(stat).toBeLessThan(chiSquareCritical(df));
  });

  it('has mean n·p and variance n·p·(1 − p) for a period-sized n', () => {
    const rng = createRng(3);
    const n = 125_000;
    const p = 0.37;
    const R = 20_000;
    let s = 0;
    let s2 = 0;
    for (let r = 0; r < R; r++) {
      const k = binomial(rng, n, p);
      s += k;
      s2 += k * k;
    }
    const mean = s / R;
    const variance = s2 / R - mean * mean;
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(mean - n * p)).toBeLessThan((4 * sd) / Math.sqrt(R));
    expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.95);
    expect(variance / (n * p * (1 - p))).toBeLessThan(1.05);
  });

  // A half-unit shift of the variates (an off-by-half in the transform) must show up in the mean.
  it.each([
    [100, 0.3],
    [60, 0.2],
    [25, 0.2],
  ])('Binomial(%i, %f) has mean n·p to within 4 standard errors over 400,000 draws', (n, p) => {
    const rng = createRng(17 + n);
    const R = 400_000;
    let s = 0;
    for (let r = 0; r < R; r++) s += binomial(rng, n, p);
    expect(Math.abs(s / R - n * p)).toBeLessThan(4 * Math.sqrt((n * p * (1 - p)) / R));
  });

  it('handles the edges 0, 1 and n = 0', () => {
    const rng = createRng(1);
    expect(binomial(rng, 10, 0)).toBe(0);
    expect(binomial(rng, 10, 1)).toBe(10);
    expect(binomial(rng, 0, 0.4)).toBe(0);
  });
});

describe('multinomial cell counts', () => {
  it('always sums to n, keeps empty cells empty and matches each cell’s mean', () => {
    const counts = Float64Array.from([500, 0, 1200, 3, 2297, 0]);
    const n = 4000;
    const rng = createRng(11);
    const out = new Float64Array(counts.length);
    const sums = new Float64Array(counts.length);
    const R = 5000;
    for (let r = 0; r < R; r++) {
      multinomial(rng, n, counts, out);
      expect(out.reduce((a, b) => a + b, 0)).toBe(n);
      expect(out[1]).toBe(0);
      expect(out[5]).toBe(0);
      for (let k = 0; k < counts.length; k++) sums[k] += out[k];
    }
    for (let k = 0; k < counts.length; k++) {
      const p = counts[k] / n;
      const se = Math.sqrt((n * p * (1 - p)) / R);
      expect(Math.abs(sums[k] / R - n * p)).toBeLessThanOrEqual(4 * se + 1e-12);
    }
  });

  it('gives a statistic the same bootstrap spread as resampling the rows', async () => {
    // 3,000 rows in 4 cells; statistic: the share of cell 0 among cells 0 and 1 (a selection rate).
    const ids = new Int32Array(3000);
    for (let i = 0; i < ids.length; i++) ids[i] = i < 400 ? 0 : i < 1500 ? 1 : i < 1700 ? 2 : 3;
    const counts = Float64Array.from([400, 1100, 200, 1300]);
    const stat = (cells: Float64Array, out: Float64Array) => (out[0] = cells[0] / (cells[0] + cells[1]));
    const R = 4000;
    const byRows = await bootstrapCells(ids, undefined, 4, 1, stat, { resamples: R, seed: 5 });
    const byCounts = await bootstrapCellCounts(counts, 1, stat, { resamples: R, seed: 5 });
    const sd = (a: Float64Array) => {
      const m = a.reduce((x, y) => x + y, 0) / a.length;
      return Math.sqrt(a.reduce((x, y) => x + (y - m) ** 2, 0) / (a.length - 1));
    };
    const mean = (a: Float64Array) => a.reduce((x, y) => x + y, 0) / a.length;
    // Analytic sd of the rate given its ~1,500-row denominator: sqrt(p(1-p)/1500) ≈ 0.0112.
    expect(sd(byCounts) / sd(byRows)).toBeGreaterThan(0.92);
    expect(sd(byCounts) / sd(byRows)).toBeLessThan(1.08);
    expect(Math.abs(mean(byCounts) - 400 / 1500)).toBeLessThan(0.001);
  });

  it('is deterministic for a seed and refuses fractional (weighted) counts', async () => {
    const counts = Float64Array.from([10, 20, 30]);
    const stat = (cells: Float64Array, out: Float64Array) => (out[0] = cells[0]);
    const a = await bootstrapCellCounts(counts, 1, stat, { resamples: 50, seed: 9 });
    const b = await bootstrapCellCounts(counts, 1, stat, { resamples: 50, seed: 9 });
    expect(Array.from(a)).toEqual(Array.from(b));
    await expect(bootstrapCellCounts(Float64Array.from([1.5, 2]), 1, stat, { resamples: 5, seed: 1 })).rejects.toThrow(/whole, non-negative counts/);
  });
});
