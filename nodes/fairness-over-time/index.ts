import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { Document } from '../../src/core/ports.ts';
import type { Table } from '../../src/core/table/table.ts';
import { fairnessOverTime as computeFairnessOverTime } from '../../src/ml/drift/fairness-over-time.ts';
import { GRANULARITIES, periodsFromColumn, periodsFromDate } from '../../src/ml/drift/periods.ts';
import { binaryOutcome, encodeGroups } from '../../src/ml/fairness/groups.ts';
import { predictionColumns } from '../../src/ml/fairness/prediction-columns.ts';

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

export const fairnessOverTime = defineNode({
  type: 'fairness-over-time',
  version: 1,
  title: 'Fairness over time',
  phase: 'deployment',
  category: 'Monitoring',
  summary: 'Fairness per period (e.g. each quarter) with confidence intervals, four-fifths alerts, the change between periods and a trend test.',
  inputs: { data: { type: 'table', label: 'Decisions', help: 'Predictions (or historical decisions, in dataset mode) with a date or period column.' } },
  outputs: { report: { type: 'report', label: 'Fairness over time' } },
  params: {
    mode: param.enum({
      options: ['predictions', 'dataset'],
      optionLabels: { predictions: 'Model predictions', dataset: 'Dataset labels' },
      default: 'predictions',
      label: 'Mode',
      help: 'Predictions: follow a model’s decisions (predicted = 1 is favourable). Dataset: follow the recorded decisions in a label column.',
    }),
    period: param.column({
      from: 'data',
      label: 'Period or date column',
      help: 'A column naming each row’s period (e.g. 2025-Q3), or a date (e.g. decision_date) cut into periods by Granularity.',
    }),
    granularity: param.enum({
      options: GRANULARITIES,
      optionLabels: { month: 'Month', quarter: 'Quarter', 'half-year': 'Half-year', year: 'Year' },
      default: 'quarter',
      label: 'Granularity',
      help: 'When the period column is a date: the length of a period.',
    }),
    protected: param.columns({
      from: 'data',
      types: ['category', 'integer', 'boolean', 'text', 'number'],
      label: 'Protected columns',
      help: 'One or more protected attributes (e.g. gender). Several columns are followed as intersections.',
      minItems: 1,
    }),
    privileged: param.string({
      default: '',
      label: 'Privileged group',
      help: 'The reference group in every period, e.g. "Male". Empty: the group selected most often over all periods.',
    }),
    label: param.column({ from: 'data', optional: true, label: 'Label column', help: 'Dataset mode only: the decision column.', visibleWhen: { param: 'mode', equals: 'dataset' } }),
    favorable: param.string({ default: '1', label: 'Favourable value', help: 'Dataset mode only: the label value that is the good outcome.', visibleWhen: { param: 'mode', equals: 'dataset' } }),
    resamples: param.integer({ default: 200, min: 0, max: 5000, label: 'Bootstrap resamples', help: 'Per period, for intervals and for the changes between periods; 0 turns them off.', advanced: true }),
    confidence: param.number({ default: 0.95, min: 0.5, max: 0.999, label: 'Confidence level', advanced: true }),
    minPeriodRows: param.integer({ default: 100, min: 1, label: 'Fewest rows per period', help: 'A period with fewer rows is left out with a warning.', advanced: true }),
    minGroupRows: param.integer({ default: 20, min: 1, label: 'Fewest rows per group', help: 'A group with fewer rows in a period has no rates there.', advanced: true }),
    trendAlpha: param.number({ default: 0.05, min: 0, max: 1, exclusiveMin: true, label: 'Trend significance level', advanced: true }),
  },
  schema({ inputs, params }) {
    const t = inputs.data;
    if (!t) return {};
    if (params.mode === 'predictions' && !predictionColumns(t).predicted) {
      throw new Error('This input has no "predicted" column. Connect a model’s predictions, or switch Mode to "dataset".');
    }
    if (params.mode === 'dataset' && !params.label) throw new Error('Dataset mode needs a label column.');
    return { report: { kind: 'fairness-over-time', attribute: params.protected.join(' × '), period: params.period } };
  },
  async run({ inputs, params, ctx }) {
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
  },
});
