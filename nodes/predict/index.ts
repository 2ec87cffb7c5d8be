import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { scoreTable } from '../../src/ml/models/scorers.ts';
import { buildPredictions, encodeTarget, predictionsSchema } from '../_shared/trainer.ts';

export const predict = defineNode({
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
  async run({ inputs, params, ctx }) {
    const { model, table } = inputs;
    const modelThreshold = typeof model.hyperParams.threshold === 'number' ? model.hyperParams.threshold : 0.5;
    const threshold = params.thresholdFrom === 'custom' ? params.threshold : modelThreshold;
    const scores = scoreTable(model, table);
    const actual = encodeTarget(table, model.target.column, model.target.positive);
    ctx.log(`Scored ${table.nRows} rows with the ${model.kind} model (threshold ${threshold}).`);
    return { predictions: buildPredictions(table, scores, actual, threshold) };
  },
});
