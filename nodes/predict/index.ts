import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { predictionsSchema } from '../_shared/trainer.ts';

export const description = describeNode({
  type: 'predict',
  version: 1,
  title: 'Predict',
  phase: 'deployment',
  category: 'Models',
  summary: 'Score new rows with a trained model.',
  inputs: {
    model: { type: 'model', label: 'Model' },
    table: { type: 'table', label: 'Rows to score', help: 'Needs the columns the model was trained on.' },
  },
  outputs: { predictions: { type: 'predictions', label: 'Predictions' } },
  params: {
    thresholdFrom: param.enum({
      options: ['model', 'custom'],
      optionLabels: { model: "The model's threshold", custom: 'Custom' },
      default: 'model',
      label: 'Threshold',
      help: 'Use the decision threshold the model was trained with, or set your own below.',
    }),
    threshold: param.number({
      default: 0.5,
      min: 0,
      max: 1,
      step: 0.01,
      label: 'Custom threshold',
      help: 'Used when Threshold is Custom: rows scoring at least this are predicted positive.',
      visibleWhen: { param: 'thresholdFrom', equals: 'custom' },
    }),
  },
  schema({ inputs }) {
    return inputs.table ? { predictions: predictionsSchema(inputs.table) } : {};
  },
});

export const predict = withLazyRun(description, () => import('./run.ts'));
