/**
 * One cross-validation fold as a pure parallel kernel: train gradient boosting on the fold's training
 * rows and score its test rows. Tasks carry only typed arrays, so folds can run on different workers.
 */
import { fitGradientBoosting, predictGradientBoosting, type GradientBoostingOptions } from './gradient-boosting.ts';

export interface BoostingFoldTask {
  d: number;
  names: string[];
  X: Float64Array;
  y: Uint8Array;
  weights?: Float64Array;
  testX: Float64Array;
  options: Partial<GradientBoostingOptions> & { seed: number };
}

export interface BoostingFoldResult {
  scores: Float64Array;
  trees: number;
}

export async function runBoostingFold(task: BoostingFoldTask): Promise<BoostingFoldResult> {
  const n = task.y.length;
  const st = await fitGradientBoosting({ n, d: task.d, X: task.X, names: task.names }, task.y, { ...task.options, sampleWeight: task.weights });
  const nt = task.d > 0 ? task.testX.length / task.d : 0;
  return { scores: predictGradientBoosting(st, { n: nt, d: task.d, X: task.testX, names: task.names }), trees: st.nTrees };
}
