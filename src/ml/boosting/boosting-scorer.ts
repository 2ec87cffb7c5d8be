/**
 * Scoring of gradient-boosting models, apart from the training code (gradient-boosting.ts): a node
 * definition declares the scorer, and hosts that only describe nodes (the designer's main thread) import
 * it without the training kernels.
 */
import type { ModelScorer } from '../../core/node-definition.ts';
import type { Model } from '../../core/ports.ts';
import type { FeatureMatrix } from '../features/featurizer.ts';
import { ensembleMargin, type TreeEnsemble } from '../explain/tree-format.ts';
import type { GradientBoostingState } from './gradient-boosting.ts';

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Log-odds of each row of a dense feature matrix. */
export function gradientBoostingMargins(st: TreeEnsemble, m: FeatureMatrix): Float64Array {
  const { n, d, X } = m;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ensembleMargin(st, X.subarray(i * d, i * d + d));
  return out;
}

export function predictGradientBoosting(st: TreeEnsemble, m: FeatureMatrix): Float64Array {
  const out = gradientBoostingMargins(st, m);
  for (let i = 0; i < out.length; i++) out[i] = sigmoid(out[i]);
  return out;
}

/** Scores gradient-boosting models (declared by the gradient-boosting node). */
export const gradientBoostingScorer = {
  score: (model: Model, features: FeatureMatrix): Float64Array => predictGradientBoosting(model.state as unknown as GradientBoostingState, features),
  // Each split learned a direction for missing values, so rows with gaps score as they are.
  acceptsMissing: true,
} satisfies ModelScorer;
