import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { fitAndScoreRandomForest, randomForestScorer, type MaxFeatures } from '../../src/ml/forest/random-forest.ts';
import { growTrees, type ForestData, type GrowTreesResult, type GrowTreesTask } from '../../src/ml/forest/grow-trees.ts';
import { trainingWeights } from '../../src/ml/models/class-weights.ts';
import { runTrainer, textFeatureParams, trainerInputs, trainerOutputs, trainerParams, trainerSchema } from '../_shared/trainer.ts';

/** The parallel kernel this node declares: grows a chunk of trees from the shared training data. */
export const FOREST_KERNEL = 'random-forest-trees';
/** Trees per parallel task: small enough that both workers stay busy to the end, large enough that the per-task messages stay few (the data goes to each worker once). */
const TREES_PER_TASK = 10;

export const randomForest = defineNode({
  type: 'random-forest',
  version: 1,
  title: 'Random forest',
  phase: 'modeling',
  category: 'Models',
  summary: 'Many decision trees voting together: captures interactions, robust, less interpretable than a linear model.',
  kernels: { [FOREST_KERNEL]: growTrees },
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
  async run({ inputs, params, ctx }) {
    const hyperParams = {
      nTrees: params.nTrees,
      maxDepth: params.maxDepth,
      maxFeatures: params.maxFeatures,
      featureFraction: params.featureFraction,
      minSamplesLeaf: params.minSamplesLeaf,
      bootstrap: params.bootstrap,
      classWeight: params.classWeight,
      seed: params.seed,
    };
    return runTrainer({
      kind: 'random-forest',
      inputs,
      params,
      hyperParams,
      ctx,
      fit: async (data, scoring) => {
        const maxFeatures: MaxFeatures = params.maxFeatures === 'fraction' ? params.featureFraction : params.maxFeatures;
        ctx.progress(0.05, `growing ${params.nTrees} trees`);
        const runTasks = (tasks: GrowTreesTask[], data: ForestData): Promise<GrowTreesResult[]> =>
          ctx.parallel<GrowTreesTask, GrowTreesResult, ForestData>(FOREST_KERNEL, tasks, data);
        // The parallel tasks also score the prediction rows with their trees (scoring is a good part
        // of the work: on one thread after training it would leave the other worker idle).
        const { state, scores } = await fitAndScoreRandomForest(
          data.features,
          data.y,
          {
            nTrees: params.nTrees,
            maxDepth: params.maxDepth,
            maxFeatures,
            minSamplesLeaf: params.minSamplesLeaf,
            bootstrap: params.bootstrap,
            seed: params.seed,
            sampleWeight: trainingWeights(data.y, data.rowWeights, params.classWeight),
          },
          scoring,
          runTasks,
          // TREES_PER_TASK trees per task: workers that free up mid-way can still take a fair share
          Math.max(2, Math.ceil(params.nTrees / TREES_PER_TASK)),
        );
        await ctx.checkpoint();
        ctx.log(`Grew ${state.nTrees} trees with ${state.feature.length} nodes in total.`);
        return {
          state: { ...state },
          metrics: { trees: state.nTrees, nodes: state.feature.length },
          scores,
        };
      },
    });
  },
});
