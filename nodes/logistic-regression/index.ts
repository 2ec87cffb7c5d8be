import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { fitLogisticRegression } from '../../src/ml/linear/logistic-regression.ts';
import { trainingWeights } from '../../src/ml/models/class-weights.ts';
import { logisticRegressionScorer } from '../../src/ml/models/scorers.ts';
import { runTrainer, textFeatureParams, trainerInputs, trainerOutputs, trainerParams, trainerSchema } from '../_shared/trainer.ts';

export const logisticRegression = defineNode({
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
  async run({ inputs, params, ctx }) {
    const hyperParams = { C: params.C, classWeight: params.classWeight, maxIter: params.maxIter, tol: params.tol };
    return runTrainer({
      kind: 'logistic-regression',
      inputs,
      params,
      hyperParams,
      ctx,
      fit: async (data) => {
        const fit = await fitLogisticRegression(data.features, data.y, {
          C: params.C,
          sampleWeight: trainingWeights(data.y, data.rowWeights, params.classWeight),
          maxIter: params.maxIter,
          tol: params.tol,
          onIteration: async ({ iteration }) => {
            ctx.progress(iteration / params.maxIter, `iteration ${iteration}`);
            await ctx.checkpoint();
          },
        });
        if (!fit.converged) {
          ctx.log(
            `The solver stopped after ${fit.iterations} iterations without converging (largest gradient ${fit.gradMax.toExponential(2)}). ` +
              'Raise Max iterations, or standardise the numeric features.',
            'warn',
          );
        } else {
          ctx.log(`Converged in ${fit.iterations} iterations.`);
        }
        return {
          state: { coef: fit.coef, intercept: fit.intercept },
          metrics: { iterations: fit.iterations, loss: fit.loss, converged: fit.converged ? 1 : 0 },
        };
      },
    });
  },
});
