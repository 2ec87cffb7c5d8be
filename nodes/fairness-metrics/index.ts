import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { AUTO_REFERENCE } from '../../src/ml/fairness/reference-group.ts';
import { predictionColumns } from '../../src/ml/fairness/prediction-columns.ts';

export const description = describeNode({
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
});

export const fairnessMetrics = withLazyRun(description, () => import('./run.ts'));
