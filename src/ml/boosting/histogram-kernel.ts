/**
 * The two hot loops of histogram gradient boosting as plain functions over typed arrays, so the tree
 * grower and a helper thread (parallel-helper.ts) run exactly the same code on shared memory.
 *
 * Histograms hold per slot [Σ gradient, Σ hessian, count] (slot = feature's first slot + local bin).
 * Results never depend on how features are split between threads: each feature's bins are always summed
 * by one thread, in the same row order and grouping, so the model is bit-identical with 1 or 2 threads.
 */

/** Row-major slot·3 per cell (n × d): one row's features are contiguous, so a node's scattered rows cost one cache line each. */
export type SlotMatrix = Uint16Array | Int32Array;

/** Rows per interleaved lane group: above this many rows the node uses 4 partial histograms. */
const LANES = 4;

/**
 * Writes (overwrites) the histogram slots of features [f0, f1) for rows samples[start..end), reading
 * gradient/hessian pairs from `gh` (2 per row). `scratch` holds LANES histograms of `histLen` doubles.
 *
 * Consecutive rows often hit the same bin (few-valued features), which chains each add on the previous
 * store; rotating rows over 4 partial histograms breaks that chain. The lane count depends only on the
 * node size and full histogram length, never on the feature range, to keep results thread-independent.
 */
export function buildHistogramRange(
  hist: Float64Array,
  scratch: Float64Array,
  slot3: SlotMatrix,
  d: number,
  lo: number,
  hi: number,
  f0: number,
  f1: number,
  gh: Float64Array,
  samples: Int32Array,
  start: number,
  end: number,
): void {
  const histLen = hist.length;
  if ((end - start) * d <= 8 * histLen) {
    for (let t = lo; t < hi; t++) hist[t] = 0;
    for (let k = start; k < end; k++) {
      const i = samples[k];
      const g = gh[2 * i];
      const h = gh[2 * i + 1];
      for (let p = i * d + f0, e = i * d + f1; p < e; p++) {
        const s = slot3[p];
        hist[s] += g;
        hist[s + 1] += h;
        hist[s + 2] += 1;
      }
    }
    return;
  }
  const L1 = histLen;
  const L2 = 2 * histLen;
  const L3 = 3 * histLen;
  for (let t = lo; t < hi; t++) {
    scratch[t] = 0;
    scratch[t + L1] = 0;
    scratch[t + L2] = 0;
    scratch[t + L3] = 0;
  }
  const nf = f1 - f0;
  let k = start;
  for (; k + LANES <= end; k += LANES) {
    const i0 = samples[k];
    const i1 = samples[k + 1];
    const i2 = samples[k + 2];
    const i3 = samples[k + 3];
    const g0 = gh[2 * i0];
    const h0 = gh[2 * i0 + 1];
    const g1 = gh[2 * i1];
    const h1 = gh[2 * i1 + 1];
    const g2 = gh[2 * i2];
    const h2 = gh[2 * i2 + 1];
    const g3 = gh[2 * i3];
    const h3 = gh[2 * i3 + 1];
    const p0 = i0 * d + f0;
    const p1 = i1 * d + f0;
    const p2 = i2 * d + f0;
    const p3 = i3 * d + f0;
    for (let f = 0; f < nf; f++) {
      const a = slot3[p0 + f];
      scratch[a] += g0;
      scratch[a + 1] += h0;
      scratch[a + 2] += 1;
      const b = slot3[p1 + f] + L1;
      scratch[b] += g1;
      scratch[b + 1] += h1;
      scratch[b + 2] += 1;
      const c = slot3[p2 + f] + L2;
      scratch[c] += g2;
      scratch[c + 1] += h2;
      scratch[c + 2] += 1;
      const e = slot3[p3 + f] + L3;
      scratch[e] += g3;
      scratch[e + 1] += h3;
      scratch[e + 2] += 1;
    }
  }
  for (; k < end; k++) {
    const i = samples[k];
    const g = gh[2 * i];
    const h = gh[2 * i + 1];
    for (let p = i * d + f0, e = i * d + f1; p < e; p++) {
      const s = slot3[p];
      scratch[s] += g;
      scratch[s + 1] += h;
      scratch[s + 2] += 1;
    }
  }
  for (let t = lo; t < hi; t++) hist[t] = scratch[t] + scratch[t + L1] + (scratch[t + L2] + scratch[t + L3]);
}

/**
 * Log-loss gradient and hessian of rows [r0, r1) into gh, from raw scores (log-odds), labels and
 * optional row weights.
 */
export function logLossGradients(gh: Float64Array, raw: Float64Array, y: Uint8Array, w: Float64Array | null, r0: number, r1: number): void {
  if (w) {
    for (let r = r0; r < r1; r++) {
      const p = 1 / (1 + Math.exp(-raw[r]));
      gh[2 * r] = (p - y[r]) * w[r];
      gh[2 * r + 1] = p * (1 - p) * w[r];
    }
  } else {
    for (let r = r0; r < r1; r++) {
      const p = 1 / (1 + Math.exp(-raw[r]));
      gh[2 * r] = p - y[r];
      gh[2 * r + 1] = p * (1 - p);
    }
  }
}
