import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import type { Table } from '../../src/core/table/table.ts';
import { computeFairness, isAutoReference } from '../../src/ml/fairness/fairness-metrics.ts';
import { binaryOutcome, encodeGroups } from '../../src/ml/fairness/groups.ts';
import { predictionColumns } from '../../src/ml/fairness/prediction-columns.ts';
import type { description } from './index.ts';

/** Reads predicted / actual / score, or (dataset mode) the label as both outcome and truth. */
function outcomes(t: Table, mode: 'predictions' | 'dataset', label: string, favorable: string, favorablePrediction: '1' | '0') {
  if (mode === 'dataset') {
    if (!label) {
      throw new NodeError('Dataset mode needs a label column: choose it under "Label column".', { field: 'label' });
    }
    const y = binaryOutcome(t, label, favorable);
    return { predicted: y, actual: y, score: undefined };
  }
  const cols = predictionColumns(t);
  if (!cols.predicted) {
    throw new NodeError(
      'This input has no "predicted" column. Connect the predictions output of a model, or switch Mode to "dataset" to measure the labels themselves.',
      { field: 'mode' },
    );
  }
  // When predicting 0 is the good outcome (e.g. "will not leave"), selection means predicted 0, and the
  // score of the good outcome is 1 − the model's score.
  const predicted = binaryOutcome(t, cols.predicted, favorablePrediction, 'predicted');
  const actual = cols.actual ? binaryOutcome(t, cols.actual, favorablePrediction, 'actual') : new Int8Array(t.nRows).fill(-1);
  const sc = cols.score ? t.columns.find((c) => c.name === cols.score) : undefined;
  const raw = sc && sc.type !== 'category' && sc.type !== 'text' ? sc.values : undefined;
  const score = raw && favorablePrediction === '0' ? raw.map((v) => 1 - v) : raw;
  return { predicted, actual, score };
}

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const t = inputs.data;
  const groups = encodeGroups(t, params.protected);
  const { predicted, actual, score } = outcomes(t, params.mode, params.label, params.favorable, params.favorablePrediction);
  if (params.useWeights && !t.weights) ctx.log('"Use row weights" is on but the input has no row weights; every row counts once.', 'warn');
  const report = await computeFairness(
    { groups, predicted, actual, score, weights: params.useWeights ? t.weights : undefined },
    {
      privileged: params.privileged,
      resamples: params.resamples,
      confidence: params.confidence,
      seed: ctx.seed,
      minGroupSize: params.minGroupSize,
      mode: params.mode,
      favorable: params.mode === 'dataset' ? `${params.label} = ${params.favorable}` : `predicted = ${params.favorablePrediction}`,
      pause: async (f) => {
        ctx.progress(f, 'bootstrap');
        await ctx.checkpoint();
      },
    },
  );
  if (isAutoReference(params.privileged)) {
    const ref = report.groups.find((g) => g.group === report.privileged);
    ctx.log(`Reference group chosen automatically: "${report.privileged}" (highest selection rate${ref ? `, ${ref.selectionRate.toFixed(3)}` : ''}).`);
  }
  for (const w of report.warnings) ctx.log(w, 'warn');
  ctx.progress(1);
  return { report };
}
