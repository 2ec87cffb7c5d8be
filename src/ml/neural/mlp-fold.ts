/**
 * One time-series CV fold of a neural network as a pure parallel kernel: train on the fold's training
 * rows with a model's stored settings, then score its test rows. Tasks carry only typed arrays and the
 * settings (plain JSON), so folds can run on different workers; each worker picks its own backend.
 */
import { loadTfForMlp } from './mlp-backend.ts';
import { mlpOptions, mlpSettingsFrom } from './mlp-settings.ts';
import { scoreMlp, trainMlp } from './mlp.ts';

export interface MlpFoldTask {
  d: number;
  names: string[];
  X: Float64Array;
  y: Uint8Array;
  /** Final training weights (row weights × class weights), if any. */
  weights?: Float64Array;
  testX: Float64Array;
  /** The model's hyperParams (see mlp-settings.ts). */
  options: Record<string, unknown>;
}

export interface MlpFoldResult {
  scores: Float64Array;
  /** Epochs trained in this fold. */
  epochs: number;
}

export async function runMlpFold(task: MlpFoldTask): Promise<MlpFoldResult> {
  const settings = mlpSettingsFrom(task.options);
  const { tf } = await loadTfForMlp('auto');
  const n = task.y.length;
  const fit = await trainMlp(tf, task.X, n, task.d, task.y, { ...mlpOptions(settings), sampleWeight: task.weights });
  const nTest = task.d > 0 ? task.testX.length / task.d : 0;
  return { scores: scoreMlp(fit.state, task.testX, nTest, task.d), epochs: fit.history.length };
}
