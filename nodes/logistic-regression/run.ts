import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { fitLogisticRegression } from '../../src/ml/linear/logistic-regression.ts';
import { trainingWeights } from '../../src/ml/models/class-weights.ts';
import { runTrainer } from '../_shared/trainer.ts';
import type { description } from './index.ts';

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
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
}
