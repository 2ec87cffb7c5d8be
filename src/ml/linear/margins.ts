/** Linear scores over the logical matrix [dense X | sparse block]: the shared hot loops of linear models. */
import type { FeatureMatrix } from '../features/featurizer.ts';

/** out[i] = X[i]·coef + intercept, where coef covers the dense columns first, then the sparse ones. */
export function linearMargins(m: FeatureMatrix, coef: ArrayLike<number>, intercept: number, out?: Float64Array): Float64Array {
  const { n, d, X } = m;
  const z = out ?? new Float64Array(n);
  for (let i = 0, p = 0; i < n; i++) {
    let s = intercept;
    for (let j = 0; j < d; j++, p++) s += X[p] * coef[j];
    z[i] = s;
  }
  const sp = m.sparse;
  if (sp) {
    const { indptr, indices, values } = sp;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = indptr[i], e = indptr[i + 1]; k < e; k++) s += values[k] * coef[d + indices[k]];
      z[i] += s;
    }
  }
  return z;
}

/** Numerically safe logistic function. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Probabilities of the positive class for a logistic model. */
export function logisticProbabilities(m: FeatureMatrix, coef: ArrayLike<number>, intercept: number): Float64Array {
  const z = linearMargins(m, coef, intercept);
  for (let i = 0; i < z.length; i++) z[i] = sigmoid(z[i]);
  return z;
}
