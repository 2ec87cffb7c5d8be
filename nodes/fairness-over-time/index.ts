import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { GRANULARITIES } from '../../src/ml/drift/periods.ts';
import { predictionColumns } from '../../src/ml/fairness/prediction-columns.ts';

export const description = describeNode({
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
});

export const fairnessOverTime = withLazyRun(description, () => import('./run.ts'));
