import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import type { Model } from '../../src/core/ports.ts';
import { NodeError } from '../../src/core/errors.ts';
import { applyFeaturizer, fitFeaturizer } from '../../src/ml/features/featurizer.ts';
import { fitGradientBoosting, predictGradientBoosting } from '../../src/ml/boosting/gradient-boosting.ts';
import { trainingWeights } from '../../src/ml/models/class-weights.ts';
import { fingerprintTable } from '../../src/ml/models/fingerprint.ts';
import { buildPredictions, encodeTarget, resolveFeatureColumns, resolvePositiveClass } from '../_shared/trainer.ts';
import type { description } from './index.ts';

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const train = inputs.train;
  const positive = resolvePositiveClass(train, params.target, params.positive);
  const labels = encodeTarget(train, params.target, positive);
  const y = new Uint8Array(train.nRows);
  for (let i = 0; i < train.nRows; i++) {
    if (Number.isNaN(labels[i])) {
      throw new NodeError(
        `Target "${params.target}" is missing in training row ${i + 1}. Filter out rows without a target first.`,
        { column: params.target, row: i },
      );
    }
    y[i] = labels[i];
  }
  const featureColumns = resolveFeatureColumns(train.columns, params.features, params.target);
  const spec = fitFeaturizer(train, featureColumns, { includeSparse: false });
  // Missing values stay in: boosting learns where they go at each split.
  const features = applyFeaturizer(spec, train, { keepMissing: true });
  const earlyStopping = params.earlyStopping === 'on' || (params.earlyStopping === 'auto' && train.nRows > 10_000);
  const hyperParams = {
    maxIter: params.maxIter,
    learningRate: params.learningRate,
    maxDepth: params.maxDepth,
    maxLeaves: params.maxLeaves,
    minSamplesLeaf: params.minSamplesLeaf,
    l2: params.l2,
    maxBins: params.maxBins,
    earlyStopping,
    validationFraction: params.validationFraction,
    nIterNoChange: params.nIterNoChange,
    classWeight: params.classWeight,
    seed: params.seed,
  };
  ctx.log(`Training gradient boosting on ${features.n} rows, ${features.d} features; positive class "${positive}".`);
  const state = await fitGradientBoosting(features, y, {
    ...hyperParams,
    sampleWeight: trainingWeights(y, train.weights, params.classWeight),
    onIteration: async ({ iteration }) => {
      ctx.progress(iteration / params.maxIter, `tree ${iteration}`);
      await ctx.checkpoint();
    },
  });
  ctx.log(`Grew ${state.nTrees} trees with the ${state.kernels === 'wasm' ? 'WebAssembly SIMD' : 'JavaScript (WebAssembly SIMD is unavailable here)'} kernels.`);
  if (earlyStopping) ctx.log(`Early stopping kept ${state.nTrees} of at most ${params.maxIter} trees.`);
  const model: Model = {
    kind: 'gradient-boosting',
    hyperParams: { ...hyperParams, threshold: params.threshold },
    featureNames: features.names,
    featurizer: spec,
    state: state as unknown as Record<string, unknown>,
    target: { column: params.target, positive },
    fingerprint: fingerprintTable(train, { kind: 'gradient-boosting', hyperParams, features: featureColumns, target: params.target, positive }),
    trainedAt: new Date().toISOString(),
    metrics: { trees: state.nTrees },
  };
  const scored = inputs.test ?? train;
  const m = inputs.test ? applyFeaturizer(spec, inputs.test, { keepMissing: true }) : features;
  const scores = predictGradientBoosting(state, m);
  const actual = encodeTarget(scored, params.target, positive);
  return { model, predictions: buildPredictions(scored, scores, actual, params.threshold) };
}
