import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import type { Document } from '../../src/core/ports.ts';
import type { Table } from '../../src/core/table/table.ts';
import { fairnessOverTime as computeFairnessOverTime } from '../../src/ml/drift/fairness-over-time.ts';
import { periodsFromColumn, periodsFromDate } from '../../src/ml/drift/periods.ts';
import { binaryOutcome, encodeGroups } from '../../src/ml/fairness/groups.ts';
import { predictionColumns } from '../../src/ml/fairness/prediction-columns.ts';
import type { description } from './index.ts';

/** Decisions and truth per row: a model's predicted/actual, or (dataset mode) the label as both. */
function outcomes(t: Table, mode: 'predictions' | 'dataset', label: string, favorable: string) {
  if (mode === 'dataset') {
    if (!label) throw new NodeError('Dataset mode needs a label column: choose it under "Label column".', { field: 'label' });
    const y = binaryOutcome(t, label, favorable);
    return { predicted: y, actual: y };
  }
  const cols = predictionColumns(t);
  if (!cols.predicted) {
    throw new NodeError(
      'This input has no "predicted" column. Connect the predictions output of a model, or switch Mode to "dataset" to follow the historical decisions themselves.',
      { field: 'mode' },
    );
  }
  const predicted = binaryOutcome(t, cols.predicted, '1', 'predicted');
  const actual = cols.actual ? binaryOutcome(t, cols.actual, '1', 'actual') : new Int8Array(t.nRows).fill(-1);
  return { predicted, actual };
}

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const t = inputs.data;
  const pc = t.columns.find((c) => c.name === params.period);
  if (!pc) {
    throw new NodeError(`Period column "${params.period}" is not in the input (columns: ${t.columns.map((c) => c.name).join(', ')}).`, {
      column: params.period,
      field: 'period',
    });
  }
  const periods = pc.type === 'date' ? periodsFromDate(t, params.period, params.granularity) : periodsFromColumn(t, params.period);
  if (periods.labels.length === 0) throw new NodeError(`Column "${params.period}" has no values, so there are no periods.`, { column: params.period, field: 'period' });
  const groups = encodeGroups(t, params.protected);
  const { predicted, actual } = outcomes(t, params.mode, params.label, params.favorable);
  const result = await computeFairnessOverTime(
    { periods, groups, predicted, actual },
    {
      privileged: params.privileged,
      resamples: params.resamples,
      confidence: params.confidence,
      seed: ctx.seed,
      minPeriodRows: params.minPeriodRows,
      minGroupRows: params.minGroupRows,
      mode: params.mode,
      trendAlpha: params.trendAlpha,
      pause: async (f) => {
        ctx.progress(f, 'bootstrap');
        await ctx.checkpoint();
      },
    },
  );
  for (const w of result.warnings) ctx.log(w, 'warn');
  for (const a of result.alerts) {
    ctx.log(
      `Four-fifths alert in ${a.period}: "${a.group}" is selected at ${a.impactRatio.toFixed(3)} times the rate of "${a.reference}"` +
        `${a.significant ? ` (significant, p = ${a.pValue.toPrecision(2)})` : ` (not significant, p = ${a.pValue.toPrecision(2)})`}.`,
      'warn',
    );
  }
  if (result.trend?.alert) {
    ctx.log(
      `Disparate impact is falling: × ${result.trend.factorPerPeriod.toFixed(3)} per period over ${result.trend.periods} periods (p = ${result.trend.pValue.toPrecision(2)}).`,
      'warn',
    );
  }
  ctx.progress(1);
  const report: Document = {
    kind: 'fairness-over-time',
    title: `Fairness over time: ${result.attribute} by ${periods.column}`,
    data: result as unknown as Record<string, unknown>,
  };
  return { report };
}
