/**
 * Exact SHAP values of a linear model on the margin (log-odds) scale, assuming independent features
 * (shap's LinearExplainer, interventional): φ_j = w_j (x_j − E[x_j]), expected value = w·E[x] + b.
 * They add up to margin(x) − expected value exactly. The background mean E[x] is taken over the
 * explained rows unless given.
 */
import type { FeatureMatrix } from '../features/featurizer.ts';

export function featureMeans(m: FeatureMatrix): Float64Array {
  const nF = m.d + (m.sparse?.nCols ?? 0);
  const mean = new Float64Array(nF);
  if (m.n === 0) return mean;
  for (let i = 0; i < m.n; i++) for (let j = 0; j < m.d; j++) mean[j] += m.X[i * m.d + j];
  if (m.sparse) for (let k = 0; k < m.sparse.indptr[m.n]; k++) mean[m.d + m.sparse.indices[k]] += m.sparse.values[k];
  for (let j = 0; j < nF; j++) mean[j] /= m.n;
  return mean;
}

export function linearShap(
  m: FeatureMatrix,
  coef: ArrayLike<number>,
  intercept: number,
  groupOf: Int32Array,
  nOut: number,
  background?: Float64Array,
): { values: Float64Array; expectedValue: number } {
  const mean = background ?? featureMeans(m);
  const nF = m.d + (m.sparse?.nCols ?? 0);
  let expectedValue = intercept;
  // Per slot: −Σ_{j in slot} w_j E[x_j], so sparse rows only touch their non-zeros.
  const offset = new Float64Array(nOut);
  for (let j = 0; j < nF; j++) {
    expectedValue += coef[j] * mean[j];
    offset[groupOf[j]] -= coef[j] * mean[j];
  }
  const values = new Float64Array(m.n * nOut);
  for (let i = 0; i < m.n; i++) {
    const o = i * nOut;
    for (let g = 0; g < nOut; g++) values[o + g] = offset[g];
    for (let j = 0; j < m.d; j++) values[o + groupOf[j]] += coef[j] * m.X[i * m.d + j];
    if (m.sparse) {
      for (let k = m.sparse.indptr[i]; k < m.sparse.indptr[i + 1]; k++) {
        const j = m.d + m.sparse.indices[k];
        values[o + groupOf[j]] += coef[j] * m.sparse.values[k];
      }
    }
  }
  return { values, expectedValue };
}
