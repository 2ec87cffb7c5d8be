/**
 * How each model kind turns a featurised matrix into scores (probability of the positive class).
 *
 * One map, model.kind → scorer, so a generic Predict node (and explainers, fairness post-processing)
 * can score any model without naming kinds. Every model kind registers its scorer with
 * `registerScorer` at the top level of its model module (e.g. src/ml/trees/gradient-boosting.ts);
 * since the trainer node imports that module and every host loads all nodes, the scorer is known
 * wherever the model can exist. Scorers are pure and synchronous so explainers can call them often.
 */
import type { Model } from '../../core/ports.ts';
import type { Table } from '../../core/table/table.ts';
import { NodeError } from '../../core/errors.ts';
import { applyFeaturizer, type FeatureMatrix, type FeaturizerSpec } from '../features/featurizer.ts';
import { logisticProbabilities } from '../linear/margins.ts';

export type Scorer = (model: Model, features: FeatureMatrix) => Float64Array;

const scorers = new Map<string, Scorer>();

export function registerScorer(kind: string, scorer: Scorer): void {
  scorers.set(kind, scorer);
}

export function hasScorer(kind: string): boolean {
  return scorers.has(kind);
}

export function registeredScorerKinds(): string[] {
  return [...scorers.keys()];
}

export function getScorer(kind: string): Scorer {
  const s = scorers.get(kind);
  if (!s) {
    throw new NodeError(
      `No scorer is known for models of kind "${kind}" (known: ${registeredScorerKinds().join(', ') || 'none'}). ` +
        'The model may come from a newer Crispflow; retrain it here.',
    );
  }
  return s;
}

/** Scores an already featurised matrix. */
export function scoreMatrix(model: Model, features: FeatureMatrix): Float64Array {
  const width = features.d + (features.sparse?.nCols ?? 0);
  if (width !== model.featureNames.length) {
    throw new NodeError(
      `The model expects ${model.featureNames.length} features but the data gives ${width}. Score tables prepared the same way as the training data.`,
    );
  }
  return getScorer(model.kind)(model, features);
}

/** Featurises `table` with the model's own featurizer, then scores it. */
export function scoreTable(model: Model, table: Table): Float64Array {
  const features = applyFeaturizer(model.featurizer as FeaturizerSpec, table);
  return scoreMatrix(model, features);
}

/** State of linear models (logistic regression and anything else with coef + intercept on a logit). */
export interface LinearModelState {
  coef: Float64Array;
  intercept: number;
}

registerScorer('logistic-regression', (model, features) => {
  const s = model.state as unknown as LinearModelState;
  return logisticProbabilities(features, s.coef, s.intercept);
});
