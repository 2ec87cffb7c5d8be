/** Synthetic matrices for the forest kernel's tests (shared by the tests and the reference fixture's generator). */
import type { FeatureMatrix } from '../features/featurizer.ts';
import { createRng } from '../../core/rng.ts';

/**
 * Sparse text-like data: `n` rows × `nCols` features, a few frequent (long columns), most rare; labels
 * from a handful of features plus noise. Values have one decimal, so many ties within a feature.
 */
export function sparseTextData(n = 600, nCols = 400, seed = 21): { m: FeatureMatrix; y: Uint8Array } {
  const rng = createRng(seed);
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let z = rng.next() - 0.5;
    for (let j = 0; j < nCols; j++) {
      const p = j < 5 ? 0.6 : 0.03;
      if (rng.next() >= p) continue;
      const v = Math.round(rng.next() * 40) / 10 + 0.1;
      indices.push(j);
      values.push(v);
      if (j % 7 === 0) z += v * (j % 2 ? 1 : -1);
    }
    indptr[i + 1] = indices.length;
    y[i] = z > 0 ? 1 : 0;
  }
  return {
    m: { n, d: 0, X: new Float64Array(0), names: [], sparse: { nRows: n, nCols, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) } },
    y,
  };
}

/** Row weights that are not whole numbers (class weights, reweighing), so weight sums depend on their order. */
export function unevenWeights(n: number, seed = 5): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => 0.3 + rng.next() * 1.7);
}
