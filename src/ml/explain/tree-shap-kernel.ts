/**
 * TreeSHAP over a block of dense rows as a pure parallel kernel: rows are split across workers, the
 * ensemble is the job's shared data (sent to each worker once), and each worker builds its explainer
 * (the per-leaf tables) once for all the blocks it takes.
 */
import type { TreeEnsemble } from './tree-format.ts';
import { denseRows, TreeShapExplainer } from './tree-shap.ts';

export interface TreeShapShared {
  ensemble: TreeEnsemble;
  groupOf: Int32Array;
  nOut: number;
  /** Rows over all blocks (the explainer's cost model decides with it). */
  totalRows: number;
}

export interface TreeShapTask {
  X: Float64Array;
  n: number;
  d: number;
}

const explainers = new WeakMap<TreeShapShared, TreeShapExplainer>();

export function runTreeShapBlock(task: TreeShapTask, shared: TreeShapShared): Float64Array {
  let explainer = explainers.get(shared);
  if (!explainer) {
    explainer = new TreeShapExplainer(shared.ensemble, shared.totalRows, { groupOf: shared.groupOf, nOut: shared.nOut });
    explainers.set(shared, explainer);
  }
  return explainer.explain(denseRows(task.X, task.n, task.d));
}
