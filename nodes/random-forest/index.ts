import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { randomForestScorer } from '../../src/ml/forest/forest-scorer.ts';
import type { ForestData, GrowTreesTask } from '../../src/ml/forest/grow-trees.ts';
import { textFeatureParams, trainerInputs, trainerOutputs, trainerParams, trainerSchema } from '../_shared/trainer.ts';

/** The parallel kernel this node declares: grows a chunk of trees from the shared training data. */
export const FOREST_KERNEL = 'random-forest-trees';

export const description = describeNode({
  type: 'random-forest',
  version: 1,
  title: 'Random forest',
  phase: 'modeling',
  category: 'Models',
  summary: 'Many decision trees voting together: captures interactions, robust, less interpretable than a linear model.',
  // Loaded on first use, like run.
  kernels: { [FOREST_KERNEL]: (task: GrowTreesTask, data: ForestData) => import('../../src/ml/forest/grow-trees.ts').then((m) => m.growTrees(task, data)) },
  scorers: { 'random-forest': randomForestScorer },
  inputs: trainerInputs,
  outputs: trainerOutputs,
  params: {
    ...trainerParams,
    ...textFeatureParams,
    nTrees: param.integer({ default: 100, min: 1, max: 2000, label: 'Trees', help: 'More trees give steadier scores but take longer.' }),
    maxDepth: param.integer({
      default: 0,
      min: 0,
      max: 100,
      label: 'Maximum depth',
      help: 'How many questions a tree may ask in a row. 0 grows each tree until its leaves are pure.',
    }),
    maxFeatures: param.enum({
      options: ['sqrt', 'log2', 'all', 'fraction'],
      optionLabels: { sqrt: '√ of the features', log2: 'log₂ of the features', all: 'All features', fraction: 'A share (below)' },
      default: 'sqrt',
      label: 'Features tried per split',
      help: 'Each split looks at a random subset of the features; smaller subsets make the trees more different from each other.',
    }),
    featureFraction: param.number({ default: 0.3, min: 0, max: 1, exclusiveMin: true, label: 'Share of features', help: 'Used when "Features tried per split" is "A share".', advanced: true }),
    minSamplesLeaf: param.integer({ default: 1, min: 1, label: 'Minimum rows per leaf', help: 'Larger values make smoother, less over-fitted trees.' }),
    bootstrap: param.boolean({ default: true, label: 'Bootstrap samples', help: 'Train each tree on a random resample of the rows (the usual random forest).', advanced: true }),
    classWeight: param.enum({
      options: ['none', 'balanced'],
      optionLabels: { none: 'None', balanced: 'Balanced' },
      default: 'none',
      label: 'Class weights',
      help: 'Balanced gives the rarer outcome as much total weight as the common one.',
    }),
    seed: param.integer({ default: 0, min: 0, label: 'Random seed', help: 'The same seed gives the same forest.' }),
  },
  schema({ inputs, params }) {
    return trainerSchema('random-forest', inputs, params);
  },
});

export const randomForest = withLazyRun(description, () => import('./run.ts'));
