/**
 * A seeded TF-IDF-like classification problem for tests that pin a fit bit for bit: a few dense
 * columns and a sparse block wide enough for the WebAssembly kernels (rows L2-normalised, Zipf-like
 * term frequencies), labels from a planted linear model plus noise.
 */
import type { FeatureMatrix } from '../features/featurizer.ts';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

export function syntheticSparseProblem(n: number, nCols: number, perRow: number, seed: number): { m: FeatureMatrix; y: Uint8Array } {
  const rnd = lcg(seed);
  const d = 2;
  const X = new Float64Array(n * d);
  const truth = Float64Array.from({ length: nCols }, () => (rnd() - 0.5) * 6);
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const y = new Uint8Array(n);
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    X[i * d] = rnd() * 2 - 1;
    X[i * d + 1] = rnd() < 0.3 ? 1 : 0;
    seen.clear();
    const k = 1 + Math.floor(rnd() * 2 * perRow);
    // Zipf-like: low column numbers are common terms
    while (seen.size < Math.min(k, nCols)) seen.add(Math.min(nCols - 1, Math.floor(nCols * rnd() ** 3)));
    const cols = [...seen].sort((a, b) => a - b);
    const vals = cols.map(() => 1 + Math.log(1 + Math.floor(rnd() * 4)));
    const norm = Math.hypot(...vals);
    let z = 0.8 * X[i * d] - 0.5 * X[i * d + 1] - 0.4;
    cols.forEach((c, q) => {
      indices.push(c);
      values.push(vals[q] / norm);
      z += truth[c] * (vals[q] / norm);
    });
    indptr[i + 1] = indices.length;
    y[i] = rnd() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  const m: FeatureMatrix = {
    n,
    d,
    X,
    names: [],
    sparse: { nRows: n, nCols, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) },
  };
  return { m, y };
}
