import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { fitAndScoreRandomForest, type MaxFeatures } from '../../src/ml/forest/random-forest.ts';
import type { ForestData, GrowTreesResult, GrowTreesTask } from '../../src/ml/forest/grow-trees.ts';
import { trainingWeights } from '../../src/ml/models/class-weights.ts';
import { runTrainer } from '../_shared/trainer.ts';
import { type description, FOREST_KERNEL } from './index.ts';

/** Trees per parallel task: small enough that both workers stay busy to the end, large enough that the per-task messages stay few (the data goes to each worker once). */
const TREES_PER_TASK = 10;

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
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
}
