/**
 * Parallel kernels: pure functions a node fans out with `ctx.parallel(name, tasks)`.
 * Each runs in some worker of the pool (possibly the caller's own), so it must depend only on its task
 * (typed arrays are fine) and return plain data. Register a kernel here by name: one import, one entry.
 */
import { growTrees, type GrowTreesTask } from '../ml/forest/grow-trees.ts';

export type Kernel = (task: never) => unknown;

export const kernels: Record<string, Kernel> = {
  /** A chunk of random-forest trees (src/ml/forest). */
  'random-forest-trees': (task: GrowTreesTask) => growTrees(task),
  /** Sum of a numeric array: tiny, used by runtime tests and as an example. */
  'sum-array': (task: { values: ArrayLike<number> }) => {
    let s = 0;
    for (let i = 0; i < task.values.length; i++) s += task.values[i];
    return s;
  },
};
