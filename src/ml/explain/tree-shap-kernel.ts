/** TreeSHAP over a block of dense rows as a pure parallel kernel (rows split across workers). */
import type { TreeEnsemble } from './tree-format.ts';
import { denseRows, treeShap } from './tree-shap.ts';

export interface TreeShapTask {
  ensemble: TreeEnsemble;
  X: Float64Array;
  n: number;
  d: number;
  groupOf: Int32Array;
  nOut: number;
}

export function runTreeShapBlock(task: TreeShapTask): Float64Array {
  return treeShap(task.ensemble, denseRows(task.X, task.n, task.d), { groupOf: task.groupOf, nOut: task.nOut }).values;
}
