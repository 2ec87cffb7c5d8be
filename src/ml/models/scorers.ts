/**
 * How each model kind turns a featurised matrix into scores (probability of the positive class).
 *
 * One table, model.kind → scorer, so a generic Predict node (and explainers, fairness post-processing)
 * can score any model without naming kinds. The scoring functions live beside their models here in
 * src/ml and register nothing themselves: the node that trains a kind declares its scorer in its
 * definition (`scorers`), the registry collects them from its node list, and each host (a worker, the
 * CLI, the designer, a test context) installs its registry's scorers into this thread's table with
 * `installScorers` when it builds the registry. Scorers are pure and synchronous so explainers can call
 * them often.
 *
 * A kind also declares whether its scorer handles missing values; `featurizeForModel` then keeps them
 * (NaN numbers, all-zero indicators for a missing category) instead of refusing the rows.
 */
import type { ModelScorer } from '../../core/node-definition.ts';
import type { Model } from '../../core/ports.ts';
import type { Table } from '../../core/table/table.ts';
import { NodeError } from '../../core/errors.ts';
import { applyFeaturizer, type FeatureMatrix, type FeaturizerSpec } from '../features/featurizer.ts';
import { logisticProbabilities } from '../linear/margins.ts';

export type Scorer = (model: Model, features: FeatureMatrix) => Float64Array;

export interface ScorerOptions {
  /** The scorer handles missing values natively (NaN features, all-zero indicators of a missing category). */
  acceptsMissing?: boolean;
}

const scorers = new Map<string, Scorer>();

/** Kinds whose scorer handles missing values (registered with { acceptsMissing: true }). */
const missingCapable = new Set<string>();

export function registerScorer(kind: string, scorer: Scorer, options: ScorerOptions = {}): void {
  scorers.set(kind, scorer);
  if (options.acceptsMissing) missingCapable.add(kind);
  else missingCapable.delete(kind);
}

/** Installs the scorers a registry collected from its nodes (`registry.scorers()`) in this thread. */
export function installScorers(table: Iterable<readonly [string, ModelScorer]>): void {
  for (const [kind, s] of table) registerScorer(kind, s.score as Scorer, { acceptsMissing: s.acceptsMissing });
}

/** Whether this model can score rows with missing values. */
export function modelAcceptsMissing(model: Pick<Model, 'kind'>): boolean {
  return missingCapable.has(model.kind);
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

/**
 * The design matrix of `table` for `model`, with the model's own featurizer. Missing values are kept
 * for kinds that handle them; for the others the featurizer names the column and row and asks for an
 * Impute missing node.
 */
export function featurizeForModel(model: Model, table: Table): FeatureMatrix {
  return applyFeaturizer(model.featurizer as FeaturizerSpec, table, { keepMissing: modelAcceptsMissing(model) });
}

/** Featurises `table` with the model's own featurizer, then scores it. */
export function scoreTable(model: Model, table: Table): Float64Array {
  return scoreMatrix(model, featurizeForModel(model, table));
}

/** State of linear models (logistic regression and anything else with coef + intercept on a logit). */
export interface LinearModelState {
  coef: Float64Array;
  intercept: number;
}

/** Scores logistic-regression models (declared by the logistic-regression node). */
export const logisticRegressionScorer = {
  score: (model: Model, features: FeatureMatrix): Float64Array => {
    const s = model.state as unknown as LinearModelState;
    return logisticProbabilities(features, s.coef, s.intercept);
  },
} satisfies ModelScorer;
