import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { Table } from '../../src/core/table/table.ts';
import { AUTO_REFERENCE, computeFairness, isAutoReference } from '../../src/ml/fairness/fairness-metrics.ts';
import { binaryOutcome, encodeGroups } from '../../src/ml/fairness/groups.ts';
import { predictionColumns } from '../../src/ml/fairness/prediction-columns.ts';

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

export const fairnessMetrics = defineNode({
  type: 'fairness-metrics',
  version: 2,
  title: 'Fairness metrics',
  phase: 'evaluation',
  category: 'Fairness',
  summary: 'Selection rates, error rates and disparity metrics per protected group, with confidence intervals.',
  inputs: { data: { type: 'table', label: 'Predictions or table', help: 'A model’s predictions, or (dataset mode) a table with a label column.' } },
  outputs: { report: { type: 'fairness', label: 'Fairness report' } },
  params: {
    mode: param.enum({
      options: ['predictions', 'dataset'],
      optionLabels: { predictions: 'Model predictions', dataset: 'Dataset labels' },
      default: 'predictions',
      label: 'Mode',
      help: 'Predictions: judge a model’s decisions (predicted = 1 is favourable). Dataset: judge the historical labels themselves.',
    }),
    protected: param.columns({
      from: 'data',
      types: ['category', 'integer', 'boolean', 'text', 'number'],
      label: 'Protected columns',
      help: 'One or more protected attributes (e.g. gender, race). Several columns are compared as intersections (e.g. "Female & Black").',
      minItems: 1,
    }),
    privileged: param.string({
      default: AUTO_REFERENCE,
      label: 'Reference (privileged) group',
      help: '"auto": the group with the highest selection rate, compared with all other groups pooled (as Local Law 144 impact ratios do). Or name a group, e.g. "Male" (for several columns "Male & White"). Empty: compare the least favoured group with the most favoured one.',
    }),
    favorablePrediction: param.enum({
      options: ['1', '0'],
      optionLabels: { '1': 'Predicted positive (1)', '0': 'Predicted negative (0)' },
      default: '1',
      label: 'Good outcome',
      help: 'Which prediction is good for the person. For hiring or promotion it is the positive prediction; for attrition ("will leave") it is the negative one.',
      visibleWhen: { param: 'mode', equals: 'predictions' },
    }),
    label: param.column({ from: 'data', optional: true, label: 'Label column', help: 'Dataset mode only: the historical outcome column.', visibleWhen: { param: 'mode', equals: 'dataset' } }),
    favorable: param.string({
      default: '1',
      label: 'Favourable value',
      help: 'Dataset mode only: the label value that is the good outcome (e.g. "Yes", "1", ">50K").',
      visibleWhen: { param: 'mode', equals: 'dataset' },
    }),
    resamples: param.integer({ default: 1000, min: 0, max: 20000, label: 'Bootstrap resamples', help: 'For confidence intervals; 0 turns them off.', advanced: true }),
    confidence: param.number({ default: 0.95, min: 0.5, max: 0.999, label: 'Confidence level', advanced: true }),
    minGroupSize: param.integer({ default: 30, min: 1, label: 'Small group warning below', help: 'Groups with fewer rows get a warning.', advanced: true }),
    useWeights: param.boolean({
      default: false,
      label: 'Use row weights',
      help: 'Weigh rows by the table’s row weights (e.g. from Reweighing). Off: every person counts once, which is what an audit of decisions wants.',
      advanced: true,
    }),
  },
  // v2 made "auto" the default reference group; documents saved without the param kept the old
  // default, empty (least vs most favoured group), so they keep it.
  migrations: [{ from: 1, migrate: (p) => ('privileged' in p ? p : { ...p, privileged: '' }) }],
  schema({ inputs, params }) {
    const t = inputs.data;
    if (!t) return {};
    if (params.mode === 'predictions' && !predictionColumns(t).predicted) {
      throw new Error('This input has no "predicted" column. Connect a model’s predictions, or switch Mode to "dataset".');
    }
    if (params.mode === 'dataset' && !params.label) throw new Error('Dataset mode needs a label column.');
    return { report: { attribute: params.protected.join(' × ') } };
  },
  async run({ inputs, params, ctx }) {
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
  },
});
