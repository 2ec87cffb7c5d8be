/**
 * Limited-memory BFGS for smooth unconstrained minimisation over a Float64Array.
 *
 * Algorithm: the two-loop recursion (Nocedal & Wright, Alg. 7.4) over the last `memory` (s, y) pairs,
 * initial Hessian scaled by sᵀy / yᵀy, and a weak-Wolfe line search (Armijo c1 = 1e-4, curvature
 * c2 = 0.9) by expansion and safeguarded quadratic interpolation. Stopping rules follow SciPy's
 * L-BFGS-B as scikit-learn calls it: max |gradient| ≤ gtol, or relative decrease of f ≤ ftol
 * (2.2e-9 = factr 1e7 × machine epsilon), or maxIter iterations.
 */

import { vectorKernels, type VectorKernels } from './vector-kernels.ts';

/** Writes the gradient at x into `grad` and returns f(x). */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIter?: number;
  /** Stop when max |g_i| ≤ gtol. */
  gtol?: number;
  /** Stop when (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ ftol. */
  ftol?: number;
  /** Number of correction pairs kept (SciPy's maxcor). */
  memory?: number;
  /** Function evaluations allowed per line search. */
  maxLineSearch?: number;
  /** Called after every iteration; may be async (progress, cancellation checkpoints). */
  onIteration?: (info: { iteration: number; f: number; gradMax: number }) => void | Promise<void>;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  gradMax: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  reason: 'gtol' | 'ftol' | 'maxIter' | 'lineSearch';
}

// Every loop over the parameter vector runs in the vector kernels (WebAssembly for long vectors), none
// inline in minimizeLbfgs: an async function is re-entered after every `await`, and V8 ran the re-entered
// body's loops in its interpreter, ~20× slower.

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m) m = v;
  }
  return m;
}

/**
 * dir = −H·g by the two-loop recursion over the `count` newest pairs (ring buffer ending before `head`).
 * Each axpy is fused with the next pair's dot product, so `dir` is streamed once per pair, not twice.
 */
function twoLoopDirection(
  vk: VectorKernels,
  dir: Float64Array,
  g: Float64Array,
  S: Float64Array[],
  Y: Float64Array[],
  rho: number[],
  alpha: Float64Array,
  head: number,
  count: number,
  m: number,
): void {
  vk.negate(dir, g);
  if (count > 0) {
    let j = (head - 1 + m) % m;
    let a = rho[j] * vk.dot(S[j], dir);
    for (let k = 0; k < count; k++) {
      alpha[j] = a;
      const y = Y[j];
      if (k + 1 < count) {
        const jn = (head - 2 - k + 2 * m) % m;
        const next = vk.axpyDot(dir, -a, y, S[jn]);
        j = jn;
        a = rho[j] * next;
      } else {
        vk.axpy(dir, -a, y);
      }
    }
    const last = (head - 1 + m) % m;
    const gamma = 1 / (rho[last] * vk.dot(Y[last], Y[last]));
    // Second loop, oldest pair first; the scaling by gamma is folded into the first pass.
    j = (head - count + m) % m;
    let b = rho[j] * gamma * vk.dot(Y[j], dir);
    for (let k = count - 1; k >= 0; k--) {
      const s = S[j];
      const c = alpha[j] - b;
      if (k > 0) {
        const jn = (j + 1) % m;
        const next = k === count - 1 ? vk.scaleAxpyDot(dir, gamma, c, s, Y[jn]) : vk.axpyDot(dir, c, s, Y[jn]);
        j = jn;
        b = rho[j] * next;
      } else if (count === 1) {
        vk.scaleAxpy(dir, gamma, c, s);
      } else {
        vk.axpy(dir, c, s);
      }
    }
  }
}

export async function minimizeLbfgs(fn: Objective, x0: Float64Array, options: LbfgsOptions = {}): Promise<LbfgsResult> {
  const maxIter = options.maxIter ?? 100;
  const gtol = options.gtol ?? 1e-5;
  const ftol = options.ftol ?? 2.220446049250313e-9;
  const m = options.memory ?? 10;
  const maxLs = options.maxLineSearch ?? 20;
  const p = x0.length;

  // All vectors come from the kernels (WebAssembly memory for long ones): x, g, xNew, gNew, dir and m pairs.
  const vk = vectorKernels(p, 5 + 2 * m);
  const dot = vk.dot;
  let x = vk.vector();
  x.set(x0);
  let g = vk.vector();
  let xNew = vk.vector();
  let gNew = vk.vector();
  const dir = vk.vector();
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  let head = 0; // ring position of the next pair to write
  let count = 0;

  let f = fn(x, g);
  let evaluations = 1;
  let gradMax = maxAbs(g);
  if (!Number.isFinite(f)) throw new Error('The objective is not finite at the starting point.');
  if (gradMax <= gtol) return { x: x.slice(), f, gradMax, iterations: 0, evaluations, converged: true, reason: 'gtol' };

  for (let iter = 1; iter <= maxIter; iter++) {
    twoLoopDirection(vk, dir, g, S, Y, rho, alpha, head, count, m);
    let dg = dot(dir, g);
    if (!(dg < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      count = 0;
      vk.negate(dir, g);
      dg = dot(dir, g);
    }

    // Weak-Wolfe line search. First step of a fresh history: length 1/‖g‖ (as L-BFGS-B does).
    let t = count === 0 ? Math.min(1, 1 / Math.sqrt(-dg)) : 1;
    let lo = 0;
    let hi = Infinity;
    let fNew = NaN;
    let accepted = false;
    for (let ls = 0; ls < maxLs; ls++) {
      vk.step(xNew, x, t, dir);
      fNew = fn(xNew, gNew);
      evaluations++;
      if (!Number.isFinite(fNew) || fNew > f + 1e-4 * t * dg) {
        hi = t;
      } else if (dot(gNew, dir) < 0.9 * dg) {
        lo = t;
      } else {
        accepted = true;
        break;
      }
      if (hi === Infinity) {
        t *= 2;
      } else if (lo === 0 && Number.isFinite(fNew)) {
        // Quadratic through f(0), f'(0), f(t), kept inside the bracket.
        const q = (-dg * t * t) / (2 * (fNew - f - dg * t));
        t = Math.min(Math.max(q, 0.1 * t), 0.5 * t);
      } else {
        t = (lo + hi) / 2;
      }
    }
    if (!accepted) {
      // Keep an Armijo point if the search found one; otherwise stop where we are.
      if (lo > 0) {
        t = lo;
        vk.step(xNew, x, t, dir);
        fNew = fn(xNew, gNew);
        evaluations++;
      } else {
        return { x: x.slice(), f, gradMax, iterations: iter - 1, evaluations, converged: false, reason: 'lineSearch' };
      }
    }

    // Store the correction pair when the curvature is positive (always so for convex objectives).
    if (count < m && S.length < m) {
      S.push(vk.vector());
      Y.push(vk.vector());
      rho.push(0);
    }
    vk.correctionPair(S[head], Y[head], xNew, x, gNew, g);
    const sy = vk.pairStats[0];
    const yy = vk.pairStats[1];
    const gradMaxNew = vk.pairStats[2];
    if (sy > 1e-10 * yy && sy > 0) {
      rho[head] = 1 / sy;
      head = (head + 1) % m;
      count = Math.min(count + 1, m);
    }

    const fOld = f;
    // the trial point becomes the current one: swap the buffers rather than copy them
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = fNew;
    gradMax = gradMaxNew;
    await options.onIteration?.({ iteration: iter, f, gradMax });
    if (gradMax <= gtol) return { x: x.slice(), f, gradMax, iterations: iter, evaluations, converged: true, reason: 'gtol' };
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) {
      return { x: x.slice(), f, gradMax, iterations: iter, evaluations, converged: true, reason: 'ftol' };
    }
  }
  return { x: x.slice(), f, gradMax, iterations: maxIter, evaluations, converged: false, reason: 'maxIter' };
}
