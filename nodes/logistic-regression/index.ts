import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { logisticRegressionScorer } from '../../src/ml/models/scorers.ts';
import { textFeatureParams, trainerInputs, trainerOutputs, trainerParams, trainerSchema } from '../_shared/trainer.ts';

export const description = describeNode({
  type: 'logistic-regression',
  version: 1,
  title: 'Logistic regression',
  phase: 'modeling',
  category: 'Models',
  summary: 'An interpretable yes/no model: one weight per feature.',
  scorers: { 'logistic-regression': logisticRegressionScorer },
  inputs: trainerInputs,
  outputs: trainerOutputs,
  params: {
    ...trainerParams,
    ...textFeatureParams,
    C: param.number({
      default: 1,
      min: 0,
      exclusiveMin: true,
      label: 'Regularisation C',
      help: 'Smaller values keep weights small (simpler model, less over-fitting); larger values fit the training data more closely.',
    }),
    classWeight: param.enum({
      options: ['none', 'balanced'],
      optionLabels: { none: 'None', balanced: 'Balanced' },
      default: 'none',
      label: 'Class weights',
      help: 'Balanced gives the rarer outcome as much total weight as the common one, so it is not ignored.',
    }),
    maxIter: param.integer({
      default: 100,
      min: 1,
      max: 100000,
      label: 'Max iterations',
      advanced: true,
      help: 'Upper limit on solver iterations; raise it if the log says the model did not converge.',
    }),
    tol: param.number({
      default: 1e-4,
      min: 0,
      exclusiveMin: true,
      label: 'Tolerance',
      advanced: true,
      help: 'The solver stops when every gradient entry is below this.',
    }),
  },
  schema({ inputs, params }) {
    return trainerSchema('logistic-regression', inputs, params);
  },
});

export const logisticRegression = withLazyRun(description, () => import('./run.ts'));
