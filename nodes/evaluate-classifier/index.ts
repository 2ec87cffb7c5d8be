import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';

export const description = describeNode({
  type: 'evaluate-classifier',
  version: 1,
  title: 'Evaluate classifier',
  phase: 'evaluation',
  category: 'Evaluation',
  summary: 'AUC, precision, recall, F1, accuracy, confusion matrix, ROC and PR curves.',
  inputs: { predictions: { type: 'predictions', label: 'Predictions' } },
  outputs: { metrics: { type: 'metrics', label: 'Metrics' } },
  params: {
    threshold: param.number({
      default: 0.5,
      min: 0,
      max: 1,
      step: 0.01,
      label: 'Decision threshold',
      help: 'Rows scoring at least this count as predicted positive for precision, recall, F1, accuracy and the confusion matrix.',
    }),
    useWeights: param.boolean({
      default: false,
      label: 'Use row weights',
      help: 'Count each row by its weight (for example after reweighing) instead of once.',
    }),
  },
  schema() {
    return { metrics: { kind: 'classification' } };
  },
});

export const evaluateClassifier = withLazyRun(description, () => import('./run.ts'));
