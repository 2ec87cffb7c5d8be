/**
 * Parallel kernels: pure functions a node fans out with `ctx.parallel(name, tasks)`.
 * Each runs in some worker of the pool (possibly the caller's own), so it must depend only on its task
 * and the job's shared data (typed arrays are fine) and return plain data. Register a kernel here by name: one import, one entry.
 */
import { growTrees, type ForestData, type GrowTreesTask } from '../ml/forest/grow-trees.ts';
import { runBoostingFold, type BoostingFoldTask } from '../ml/boosting/fold-kernel.ts';
import { runTreeShapBlock, type TreeShapShared, type TreeShapTask } from '../ml/explain/tree-shap-kernel.ts';

export type Kernel = (task: never, shared: never) => unknown;

export const kernels: Record<string, Kernel> = {
  /** One time-series CV fold of gradient boosting: fit, then score the test rows (src/ml/boosting). */
  'gradient-boosting-fold': (task: BoostingFoldTask) => runBoostingFold(task),
  /** TreeSHAP for a block of rows, the ensemble shared (src/ml/explain). */
  'tree-shap-rows': (task: TreeShapTask, shared: TreeShapShared) => runTreeShapBlock(task, shared),
  /** A chunk of random-forest trees, from the forest's shared training data (src/ml/forest). */
  'random-forest-trees': (task: GrowTreesTask, data: ForestData) => growTrees(task, data),
  /** Sum of a numeric array: tiny, used by runtime tests and as an example. */
  'sum-array': (task: { values: ArrayLike<number> }) => {
    let s = 0;
    for (let i = 0; i < task.values.length; i++) s += task.values[i];
    return s;
  },
};
