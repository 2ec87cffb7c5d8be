import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { Model } from '../../src/core/ports.ts';
import { NodeError } from '../../src/core/errors.ts';
import { applyFeaturizer, fitFeaturizer } from '../../src/ml/features/featurizer.ts';
import { fitGradientBoosting, gradientBoostingScorer, predictGradientBoosting } from '../../src/ml/boosting/gradient-boosting.ts';
import { trainingWeights } from '../../src/ml/models/class-weights.ts';
import { fingerprintTable } from '../../src/ml/models/fingerprint.ts';
import {
  buildPredictions,
  encodeTarget,
  resolveFeatureColumns,
  resolvePositiveClass,
  trainerInputs,
  trainerOutputs,
  trainerParams,
  trainerSchema,
} from '../_shared/trainer.ts';

export const gradientBoosting = defineNode({
  type: 'gradient-boosting',
  version: 1,
  title: 'Gradient boosting',
  phase: 'modeling',
  category: 'Models',
  summary: 'Small trees added one after another, each fixing the last ones’ mistakes: usually the most accurate model for tables.',
  scorers: { 'gradient-boosting': gradientBoostingScorer },
  inputs: trainerInputs,
  outputs: trainerOutputs,
  params: {
    ...trainerParams,
    maxIter: param.integer({ default: 200, min: 1, max: 5000, label: 'Trees', help: 'How many trees to add at most (fewer when early stopping kicks in).' }),
    learningRate: param.number({
      default: 0.1,
      min: 0,
      max: 1,
      exclusiveMin: true,
      step: 0.01,
      label: 'Learning rate',
      help: 'How much each tree contributes. Smaller values learn more slowly but often generalise better (use more trees).',
    }),
    maxDepth: param.integer({ default: 6, min: 0, max: 30, label: 'Maximum depth', help: 'How many questions a tree may ask in a row. 0 = no limit (the number of leaves still limits it).' }),
    maxLeaves: param.integer({ default: 31, min: 2, max: 1024, label: 'Maximum leaves', help: 'Largest number of end groups per tree.' }),
    minSamplesLeaf: param.integer({ default: 20, min: 1, label: 'Minimum rows per leaf', help: 'Each end group must hold at least this many people; larger values avoid learning from a handful of cases.' }),
    l2: param.number({ default: 0, min: 0, label: 'L2 regularisation', help: 'Shrinks the trees’ outputs towards zero; a little (e.g. 1) can reduce over-fitting.', advanced: true }),
    maxBins: param.integer({ default: 255, min: 2, max: 255, label: 'Bins per feature', help: 'Numbers are grouped into at most this many ranges before training (faster, barely less precise).', advanced: true }),
    earlyStopping: param.enum({
      options: ['auto', 'on', 'off'],
      optionLabels: { auto: 'Automatic (over 10,000 rows)', on: 'On', off: 'Off' },
      default: 'auto',
      label: 'Early stopping',
      help: 'Hold back a share of the training rows and stop adding trees once they stop improving the fit on those rows.',
    }),
    validationFraction: param.number({ default: 0.1, min: 0.01, max: 0.5, label: 'Held-back share', help: 'Share of training rows held back for early stopping.', advanced: true, visibleWhen: { param: 'earlyStopping', equals: ['auto', 'on'] } }),
    nIterNoChange: param.integer({ default: 10, min: 1, max: 1000, label: 'Patience', help: 'Stop after this many trees without improvement.', advanced: true, visibleWhen: { param: 'earlyStopping', equals: ['auto', 'on'] } }),
    classWeight: param.enum({
      options: ['none', 'balanced'],
      optionLabels: { none: 'None', balanced: 'Balanced' },
      default: 'none',
      label: 'Class weights',
      help: 'Balanced gives the rarer outcome (e.g. leavers) as much total weight as the common one.',
    }),
    seed: param.integer({ default: 0, min: 0, label: 'Random seed', help: 'Decides which rows are held back for early stopping; the same seed gives the same model.', advanced: true }),
  },
  schema({ inputs, params }) {
    return trainerSchema('gradient-boosting', inputs, params);
  },
  async run({ inputs, params, ctx }) {
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
  },
});
