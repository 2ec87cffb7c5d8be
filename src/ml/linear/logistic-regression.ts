/**
 * L2-regularised binary logistic regression over the logical matrix [dense | sparse CSR].
 *
 * Minimises scikit-learn's lbfgs objective
 *   Σ_i w_i · logloss(y_i, σ(x_i·coef + b)) + 1/(2C) · ‖coef‖²      (intercept b not penalised)
 * with L-BFGS (see lbfgs.ts) and its stopping rules (gtol = tol on the max gradient entry), so
 * coefficients match LogisticRegression(solver='lbfgs') to solver tolerance.
 */
import type { FeatureMatrix } from '../features/featurizer.ts';
import { minimizeLbfgs } from './lbfgs.ts';
import { sparseKernel } from './sparse-kernels.ts';

export interface LogisticRegressionOptions {
  /** Inverse regularisation strength (> 0); larger means weaker penalty. */
  C?: number;
  fitIntercept?: boolean;
  /** Per-row weights (row weights × class weights); default 1. */
  sampleWeight?: Float64Array;
  maxIter?: number;
  /** scikit-learn's tol: stop when every gradient entry is ≤ tol in absolute value. */
  tol?: number;
  onIteration?: (info: { iteration: number; f: number; gradMax: number }) => void | Promise<void>;
}

export interface LogisticRegressionFit {
  coef: Float64Array;
  intercept: number;
  iterations: number;
  converged: boolean;
  /** Objective value at the solution. */
  loss: number;
  gradMax: number;
}

/**
 * The objective and its gradient as a closure over preallocated buffers (no allocation per call).
 * Parameter layout: [dense coef (d) | sparse coef (nCols) | intercept?].
 */
export function logisticObjective(
  m: FeatureMatrix,
  y: Uint8Array,
  options: { C: number; fitIntercept: boolean; sampleWeight?: Float64Array },
): (w: Float64Array, grad: Float64Array) => number {
  const { n, d, X } = m;
  const sp = m.sparse;
  const nFeat = d + (sp?.nCols ?? 0);
  const invC = 1 / options.C;
  const sw = options.sampleWeight;
  if (y.length !== n) throw new Error(`Labels (${y.length}) and rows (${n}) differ in length.`);
  if (sw && sw.length !== n) throw new Error(`Sample weights (${sw.length}) and rows (${n}) differ in length.`);

  const fitIntercept = options.fitIntercept;
  // The sparse block's two passes (margins, gradient) run in a kernel: WebAssembly when available.
  const kernel = sp ? sparseKernel(sp) : null;
  const z = new Float64Array(n);
  const r = new Float64Array(n);

  return (w, grad) => {
    const b = fitIntercept ? w[nFeat] : 0;
    let penalty = 0;
    for (let j = 0; j < nFeat; j++) {
      const wj = w[j];
      penalty += wj * wj;
      grad[j] = wj * invC;
    }
    for (let i = 0, q = 0; i < n; i++) {
      let zi = b;
      for (let j = 0; j < d; j++, q++) zi += X[q] * w[j];
      z[i] = zi;
    }
    kernel?.addMargins(w, d, z);
    let loss = 0;
    let gb = 0;
    for (let i = 0, q = 0; i < n; i++) {
      const zi = z[i];
      const wi = sw ? sw[i] : 1;
      const yi = y[i];
      // softplus(z) − y·z and σ(z), sharing one exp.
      let p: number;
      if (zi >= 0) {
        const e = Math.exp(-zi);
        loss += wi * (zi + Math.log1p(e) - yi * zi);
        p = 1 / (1 + e);
      } else {
        const e = Math.exp(zi);
        loss += wi * (Math.log1p(e) - yi * zi);
        p = e / (1 + e);
      }
      const ri = wi * (p - yi);
      r[i] = ri;
      gb += ri;
      for (let j = 0; j < d; j++, q++) grad[j] += X[q] * ri;
    }
    kernel?.addGradient(r, grad, d);
    if (fitIntercept) grad[nFeat] = gb;
    return loss + 0.5 * invC * penalty;
  };
}

export async function fitLogisticRegression(
  m: FeatureMatrix,
  y: Uint8Array,
  options: LogisticRegressionOptions = {},
): Promise<LogisticRegressionFit> {
  const C = options.C ?? 1;
  if (!(C > 0)) throw new Error(`C must be greater than 0 (got ${C}).`);
  const fitIntercept = options.fitIntercept ?? true;
  const nFeat = m.d + (m.sparse?.nCols ?? 0);
  const objective = logisticObjective(m, y, { C, fitIntercept, sampleWeight: options.sampleWeight });
  const res = await minimizeLbfgs(objective, new Float64Array(nFeat + (fitIntercept ? 1 : 0)), {
    maxIter: options.maxIter ?? 100,
    gtol: options.tol ?? 1e-4,
    onIteration: options.onIteration,
  });
  return {
    coef: res.x.slice(0, nFeat),
    intercept: fitIntercept ? res.x[nFeat] : 0,
    iterations: res.iterations,
    converged: res.converged,
    loss: res.f,
    gradMax: res.gradMax,
  };
}
