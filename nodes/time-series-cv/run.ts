import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import type { Metrics } from '../../src/core/ports.ts';
import { takeRows, type Column, type Table } from '../../src/core/table/table.ts';
import { applyFeaturizer, fitFeaturizer } from '../../src/ml/features/featurizer.ts';
import type { BoostingFoldTask } from '../../src/ml/boosting/fold-kernel.ts';
import { trainingWeights, type ClassWeightMode } from '../../src/ml/models/class-weights.ts';
import { modelAcceptsMissing } from '../../src/ml/models/scorers.ts';
import { auc, metricsAt } from '../../src/ml/metrics/classification.ts';
import { keyIds, requireDateColumn } from '../../src/ml/temporal/gather.ts';
import { isoDate } from '../../src/ml/temporal/dates.ts';
import { meanAndStd, timeSeriesFolds } from '../../src/ml/validation/time-series-cv.ts';
import { buildPredictions, encodeTarget, resolveFeatureColumns, resolvePositiveClass } from '../_shared/trainer.ts';
import { type description, FOLD_KERNEL, foldKernelOf } from './index.ts';

type FoldTask = Omit<BoostingFoldTask, 'options'> & { options: Record<string, unknown> };

type FoldResult = { scores: Float64Array } & Record<string, unknown>;

/** The class weights a model was trained with (trainer nodes keep them in hyperParams), else `fallback`. */
function classWeightOf(hyperParams: Record<string, unknown>, fallback: ClassWeightMode): ClassWeightMode {
  const c = hyperParams.classWeight;
  return c === 'none' || c === 'balanced' ? c : fallback;
}

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const table = inputs.table;
  const positive = resolvePositiveClass(table, params.target, params.positive);
  const labels = encodeTarget(table, params.target, positive);
  // Rows without a known outcome (e.g. the latest snapshots) cannot be tested or trained on.
  const known: number[] = [];
  for (let i = 0; i < table.nRows; i++) if (!Number.isNaN(labels[i])) known.push(i);
  if (known.length < table.nRows) ctx.log(`${table.nRows - known.length} rows without a known "${params.target}" are left out.`);
  const t = known.length < table.nRows ? takeRows(table, known) : table;
  const y = Uint8Array.from(known, (i) => labels[i]);
  const dates = requireDateColumn(t, params.dateColumn, 'Date', 'dateColumn');
  const groups = params.groupColumn ? keyIds([{ table: t, columns: [params.groupColumn] }]).ids[0] : undefined;
  let folds;
  try {
    folds = timeSeriesFolds(dates, { nFolds: params.folds, gapMonths: params.gapMonths, groups });
  } catch (e) {
    throw new NodeError((e as Error).message, { field: 'folds' });
  }
  const featureColumns = resolveFeatureColumns(t.columns, params.features, params.target);
  const model = inputs.model;
  const kernel = model ? foldKernelOf(model.kind) : FOLD_KERNEL;
  const keepMissing = model ? modelAcceptsMissing(model) : true;
  const weights = trainingWeights(y, t.weights, model ? classWeightOf(model.hyperParams, params.classWeight) : params.classWeight);
  if (model) ctx.log(`Each fold retrains a "${model.kind}" model with the connected model's settings.`);
  const options = model ? { ...model.hyperParams } : {
    maxIter: params.maxIter,
    learningRate: params.learningRate,
    maxDepth: params.maxDepth,
    maxLeaves: params.maxLeaves,
    minSamplesLeaf: params.minSamplesLeaf,
    l2: params.l2,
    earlyStopping: params.earlyStopping,
    seed: params.seed,
  };
  const usable = folds.filter((f) => {
    let pos = 0;
    for (const i of f.train) pos += y[i];
    const ok = f.train.length > 0 && pos > 0 && pos < f.train.length && f.test.length > 0;
    if (!ok) ctx.log(`Fold ${f.fold} (test from ${isoDate(f.testStart)}) is skipped: its training rows lack one of the outcomes.`, 'warn');
    return ok;
  });
  if (usable.length === 0) {
    throw new NodeError('No fold has training rows with both outcomes. Use fewer folds, a smaller gap or a longer history.', { field: 'folds' });
  }
  const tasks: FoldTask[] = usable.map((f) => {
    const train = takeRows(t, f.train);
    const spec = fitFeaturizer(train, featureColumns, { includeSparse: false });
    const m = applyFeaturizer(spec, train, { keepMissing });
    const test = applyFeaturizer(spec, takeRows(t, f.test), { keepMissing });
    return {
      d: m.d,
      names: m.names,
      X: m.X,
      y: Uint8Array.from(f.train, (i) => y[i]),
      weights: weights ? Float64Array.from(f.train, (i) => weights[i]) : undefined,
      testX: test.X,
      options,
    };
  });
  ctx.progress(0.05, `training ${tasks.length} folds`);
  let results: FoldResult[];
  try {
    results = await ctx.parallel<FoldTask, FoldResult>(kernel, tasks);
  } catch (e) {
    if (!model || !(e instanceof Error) || !e.message.includes(`"${kernel}"`)) throw e;
    throw new NodeError(
      `Time-series CV cannot retrain the connected "${model.kind}" model: its node declares no "${kernel}" kernel (${e.message}) ` +
        'Connect a model that supports it (e.g. Gradient boosting or Neural network), or disconnect the model to use gradient boosting.',
    );
  }

  const perFold: Array<Record<string, number>> = [];
  const oofRows: number[] = [];
  const oofScores: number[] = [];
  const oofFold: number[] = [];
  usable.forEach((f, k) => {
    const scores = results[k].scores;
    const yt = Uint8Array.from(f.test, (i) => y[i]);
    let pos = 0;
    for (const v of yt) pos += v;
    const m = metricsAt(scores, yt, params.threshold);
    perFold.push({
      fold: f.fold,
      trainRows: f.train.length,
      testRows: f.test.length,
      positives: pos,
      trainEnd: f.trainEnd,
      testStart: f.testStart,
      testEnd: f.testEnd,
      // What the kernel reports per fold besides its scores (trees grown, epochs trained, …).
      ...Object.fromEntries(Object.entries(results[k]).filter((e): e is [string, number] => typeof e[1] === 'number')),
      auc: pos > 0 && pos < yt.length ? auc(scores, yt) : NaN,
      precision: m.precision,
      recall: m.recall,
      f1: m.f1,
      accuracy: m.accuracy,
    });
    f.test.forEach((i, j) => {
      oofRows.push(i);
      oofScores.push(scores[j]);
      oofFold.push(f.fold);
    });
  });
  const values: Record<string, number> = { folds: usable.length };
  for (const key of ['auc', 'precision', 'recall', 'f1', 'accuracy']) {
    const s = meanAndStd(perFold.map((r) => r[key]));
    values[key] = s.mean;
    values[`${key}Std`] = s.std;
    values[`${key}Min`] = s.min;
    values[`${key}Max`] = s.max;
  }
  ctx.log(
    `AUC per fold: ${perFold.map((r) => `${isoDate(r.testStart)} ${r.auc.toFixed(3)}`).join(', ')}; mean ${values.auc.toFixed(3)} ± ${values.aucStd.toFixed(3)}.`,
  );
  const metrics: Metrics = { kind: 'cross-validation', values, threshold: params.threshold, folds: perFold };
  const oofTable = takeRows(t, oofRows);
  const preds = buildPredictions(oofTable, Float64Array.from(oofScores), Float64Array.from(oofRows, (i) => y[i]), params.threshold);
  const foldColumn: Column = { name: 'fold', type: 'integer', values: Float64Array.from(oofFold) };
  const predictions: Table = { ...preds, columns: [...preds.columns, foldColumn] };
  return { metrics, predictions };
}
