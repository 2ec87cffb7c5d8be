import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import { trainingWeights } from '../../src/ml/models/class-weights.ts';
import { loadTfForMlp } from '../../src/ml/neural/mlp-backend.ts';
import { mlpOptions, type MlpSettings } from '../../src/ml/neural/mlp-settings.ts';
import { MLP_TOL, parseHiddenSizes, trainMlp } from '../../src/ml/neural/mlp.ts';
import { runTrainer } from '../_shared/trainer.ts';
import type { description } from './index.ts';

function hiddenSizes(text: string): number[] {
  try {
    return parseHiddenSizes(text);
  } catch (e) {
    throw new NodeError(`Hidden layers: ${(e as Error).message}`, { field: 'hidden' });
  }
}

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const settings: MlpSettings = {
    hidden: hiddenSizes(params.hidden),
    activation: params.activation,
    dropout: params.dropout,
    l2: params.l2,
    learningRate: params.learningRate,
    epochs: params.epochs,
    batchSize: params.batchSize,
    validationFraction: params.validationFraction,
    patience: params.patience,
    classWeight: params.classWeight,
    seed: params.seed,
  };
  const { tf, backend, note } = await loadTfForMlp(params.backend);
  if (note) ctx.log(note.message, note.level);
  ctx.log(`TF.js backend: ${backend}.`);
  return runTrainer({
    kind: 'neural-network',
    inputs,
    params,
    hyperParams: { ...settings },
    ctx,
    featurizerOptions: { includeSparse: false },
    fit: async (data) => {
      const { n, d: width, X } = data.features;
      const fit = await trainMlp(tf, X, n, width, data.y, {
        ...mlpOptions(settings),
        sampleWeight: trainingWeights(data.y, data.rowWeights, settings.classWeight),
        checkpoint: () => ctx.checkpoint(),
        onEpoch: (e) => {
          const val = Number.isNaN(e.validationLoss) ? '' : `, validation ${e.validationLoss.toFixed(4)}`;
          ctx.progress(e.epoch / e.epochs, `epoch ${e.epoch}/${e.epochs}: loss ${e.loss.toFixed(4)}${val}`);
        },
      });
      const last = fit.history[fit.history.length - 1];
      if (fit.stoppedEarly) {
        ctx.log(
          fit.validationRows > 0
            ? `Early stopping after ${fit.history.length} epochs: the validation loss (${fit.validationRows} held-back rows) improved by less than ${MLP_TOL} for ${settings.patience} epochs; the weights of its best epoch (${fit.bestEpoch}) are kept.`
            : `Stopped after ${fit.history.length} epochs: the training loss improved by less than ${MLP_TOL} for ${settings.patience} epochs.`,
        );
      } else {
        ctx.log(
          `Trained all ${fit.history.length} epochs without the loss levelling off; raise Max epochs if the validation loss was still falling (last ${(fit.validationRows > 0 ? last.validationLoss : last.loss).toFixed(4)}).`,
          'warn',
        );
      }
      const best = fit.history[fit.bestEpoch - 1];
      const metrics: Record<string, number> = { epochs: fit.history.length, bestEpoch: fit.bestEpoch, loss: best.loss, trainRows: fit.trainRows };
      if (fit.validationRows > 0) Object.assign(metrics, { validationLoss: best.validationLoss, validationRows: fit.validationRows });
      return { state: { ...fit.state, backend }, metrics };
    },
  });
}
