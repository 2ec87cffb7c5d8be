/**
 * Model-agnostic SHAP by permutation sampling (Štrumbelj & Kononenko; shap's PermutationExplainer),
 * for any model that scores a dense matrix. The value of a coalition of feature groups is the mean
 * score over the background rows with those groups set to x's values. Walking a random order of the
 * groups and adding them one by one gives one marginal contribution per group; each permutation is also
 * walked in reverse (antithetic sampling), which lowers the variance. Each walk's contributions add up
 * exactly to f(x) − mean f(background), so the result is additive whatever the number of permutations.
 * Work stops at the time budget: every row gets the same number of permutations (at least one pair).
 */
import type { Rng } from '../../core/rng.ts';

export interface SamplingShapOptions {
  /** Rows to explain, row-major n × d. */
  X: Float64Array;
  n: number;
  d: number;
  /** Background rows, row-major nb × d. */
  background: Float64Array;
  nb: number;
  groupOf: Int32Array;
  nOut: number;
  /** Scores a batch of rows (row-major, m × d). */
  predict: (rows: Float64Array, m: number) => Float64Array;
  rng: Rng;
  /** Stop adding permutation pairs after this many milliseconds (the first pair always runs). */
  timeBudgetMs: number;
  maxPermutations?: number;
}

export interface SamplingShapResult {
  values: Float64Array;
  expectedValue: number;
  permutations: number;
}

export function samplingShap(o: SamplingShapOptions): SamplingShapResult {
  const { n, d, nOut, groupOf } = o;
  const members: number[][] = Array.from({ length: nOut }, () => []);
  for (let j = 0; j < d; j++) members[groupOf[j]].push(j);
  const active = members.map((m, g) => (m.length > 0 ? g : -1)).filter((g) => g >= 0);
  const G = active.length;
  const sums = new Float64Array(n * nOut);
  const bgScores = o.predict(o.background, o.nb);
  let expectedValue = 0;
  for (let k = 0; k < o.nb; k++) expectedValue += bgScores[k];
  expectedValue /= Math.max(1, o.nb);

  // One batch per (row, permutation pair): 2G + 2 coalitions × nb background rows. A coalition's value
  // is the mean score over the background with the coalition's groups set to x (shap's masker).
  const steps = 2 * G + 2;
  const nb = o.nb;
  const batch = new Float64Array(steps * nb * d);
  const coalition = new Uint8Array(d);
  const order = Int32Array.from(active);
  const value = new Float64Array(steps);
  const t0 = Date.now();
  const maxPerm = o.maxPermutations ?? 1000;
  let pairs = 0;
  while (pairs < maxPerm / 2) {
    o.rng.shuffle(order);
    for (let i = 0; i < n; i++) {
      const x = o.X.subarray(i * d, i * d + d);
      // Forward walk: coalitions 0..G; reverse walk: coalitions G+1..2G+1.
      let r = 0;
      const emit = () => {
        for (let k = 0; k < nb; k++) {
          const dst = (r * nb + k) * d;
          const src = k * d;
          for (let j = 0; j < d; j++) batch[dst + j] = coalition[j] ? x[j] : o.background[src + j];
        }
        r++;
      };
      coalition.fill(0);
      emit();
      for (let s = 0; s < G; s++) {
        for (const j of members[order[s]]) coalition[j] = 1;
        emit();
      }
      coalition.fill(0);
      emit();
      for (let s = G - 1; s >= 0; s--) {
        for (const j of members[order[s]]) coalition[j] = 1;
        emit();
      }
      const f = o.predict(batch, steps * nb);
      for (let c = 0; c < steps; c++) {
        let v = 0;
        for (let k = 0; k < nb; k++) v += f[c * nb + k];
        value[c] = v / nb;
      }
      const base = i * nOut;
      for (let s = 0; s < G; s++) sums[base + order[s]] += value[s + 1] - value[s];
      for (let s = G - 1, q = G + 1; s >= 0; s--, q++) sums[base + order[s]] += value[q + 1] - value[q];
    }
    pairs++;
    if (Date.now() - t0 >= o.timeBudgetMs) break;
  }
  const perms = 2 * pairs;
  for (let k = 0; k < sums.length; k++) sums[k] /= perms;
  return { values: sums, expectedValue, permutations: perms };
}
