/**
 * Scoring of random-forest models, apart from the training code (random-forest.ts, grow-trees.ts): a
 * node definition declares the scorer, and hosts that only describe nodes (the designer's main thread)
 * import it without the training kernels.
 */
import type { ModelScorer } from '../../core/node-definition.ts';
import type { Model } from '../../core/ports.ts';
import type { FeatureMatrix } from '../features/featurizer.ts';
import type { RandomForestState } from './random-forest.ts';

interface PackedForest {
  thr: Float64Array;
  /** Same buffer: [2k+2] feature (−1 leaf), [2k+3] left child; leaves hold their value in thr. */
  info: Int32Array;
}

const packedForests = new WeakMap<RandomForestState, PackedForest | null>();

function packForest(state: RandomForestState): PackedForest | null {
  if (packedForests.has(state)) return packedForests.get(state)!;
  const { feature, threshold, left, right, value } = state;
  const total = feature.length;
  let packable = true;
  for (let k = 0; k < total && packable; k++) if (feature[k] >= 0 && right[k] !== left[k] + 1) packable = false;
  let packed: PackedForest | null = null;
  if (packable) {
    const buf = new ArrayBuffer(16 * total);
    const thr = new Float64Array(buf);
    const info = new Int32Array(buf);
    for (let k = 0; k < total; k++) {
      const leaf = feature[k] < 0;
      thr[2 * k] = leaf ? value[k] : threshold[k];
      info[4 * k + 2] = leaf ? -1 : feature[k];
      info[4 * k + 3] = leaf ? -1 : left[k];
    }
    packed = { thr, info };
  }
  packedForests.set(state, packed);
  return packed;
}

/** Probability of the positive class: the mean over trees of the leaf's positive share. */
export function predictForest(state: RandomForestState, m: FeatureMatrix): Float64Array {
  const { n, d, X } = m;
  const sp = m.sparse;
  const nF = d + (sp?.nCols ?? 0);
  const row = new Float64Array(nF);
  const out = new Float64Array(n);
  const { roots, feature, threshold, left, right, value, nTrees } = state;
  const packed = packForest(state);
  const indptr = sp ? sp.indptr : new Int32Array(n + 1);
  const indices = sp ? sp.indices : new Int32Array(0);
  const values = sp ? sp.values : new Float64Array(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = X[i * d + j];
    for (let k = indptr[i], e = indptr[i + 1]; k < e; k++) row[d + indices[k]] = values[k];
    let s = 0;
    if (packed) {
      const { thr, info } = packed;
      for (let t = 0; t < nTrees; t++) {
        let node = roots[t];
        for (let f = info[4 * node + 2]; f >= 0; f = info[4 * node + 2]) node = info[4 * node + 3] + (row[f] <= thr[2 * node] ? 0 : 1);
        s += thr[2 * node];
      }
    } else {
      for (let t = 0; t < nTrees; t++) {
        let node = roots[t];
        for (let f = feature[node]; f >= 0; f = feature[node]) node = row[f] <= threshold[node] ? left[node] : right[node];
        s += value[node];
      }
    }
    out[i] = nTrees > 0 ? s / nTrees : 0;
    for (let k = indptr[i], e = indptr[i + 1]; k < e; k++) row[d + indices[k]] = 0;
  }
  return out;
}

/** Scores random-forest models (declared by the random-forest node). */
export const randomForestScorer = {
  score: (model: Model, features: FeatureMatrix): Float64Array => predictForest(model.state as unknown as RandomForestState, features),
} satisfies ModelScorer;
