import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import type { Table } from '../../src/core/table/table.ts';
import { encodeColumn, findGroup } from '../../src/ml/fairness/groups.ts';
import { isAutoReference } from '../../src/ml/fairness/fairness-metrics.ts';
import { trainAdversarialDebiasing } from '../../src/ml/neural/adversarial-debiasing.ts';
import { loadTf } from '../../src/ml/neural/tf-backend.ts';
import { runTrainer } from '../_shared/trainer.ts';
import type { description } from './index.ts';

/**
 * Protected attribute as 1 (privileged) / 0. "auto": the group with the highest rate of favourable
 * labels (any number of groups); empty, with two groups: the same (the meaning before "auto").
 */
function protectedIndicator(t: Table, column: string, privileged: string, y: Uint8Array): { z: Uint8Array; privileged: string } {
  if (!column) throw new NodeError('Choose the protected column the adversary should not be able to recover.', { field: 'protected' });
  const { codes, labels } = encodeColumn(t, column);
  const enc = { codes, labels, parts: labels.map((l) => [l]), columns: [column], missing: 0 };
  const auto = isAutoReference(privileged);
  let g = auto ? -1 : findGroup(enc, privileged);
  if (g < 0) {
    if (!auto && labels.length !== 2) {
      throw new NodeError(
        `"${column}" has ${labels.length} groups (${labels.slice(0, 10).join(', ')}); set the privileged group (or "auto") so the adversary predicts privileged vs the rest.`,
        { field: 'privileged' },
      );
    }
    const rate = new Float64Array(labels.length);
    const count = new Float64Array(labels.length);
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] < 0) continue;
      rate[codes[i]] += y[i];
      count[codes[i]]++;
    }
    for (let k = 0; k < labels.length; k++) {
      if (count[k] > 0 && (g < 0 || rate[k] / count[k] > rate[g] / count[g])) g = k;
    }
    if (g < 0) throw new NodeError(`Protected column "${column}" has no values in the training rows.`, { column, field: 'protected' });
  }
  const z = new Uint8Array(t.nRows);
  for (let i = 0; i < t.nRows; i++) {
    if (codes[i] < 0) {
      throw new NodeError(`Protected column "${column}" is missing in training row ${i + 1}. Impute or filter those rows first.`, { column, row: i });
    }
    z[i] = codes[i] === g ? 1 : 0;
  }
  return { z, privileged: labels[g] };
}

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const { tf, backend, note } = await loadTf(params.backend);
  if (note) ctx.log(note, 'warn');
  ctx.log(`TF.js backend: ${backend}.`);
  let privilegedUsed = '';
  const out = await runTrainer({
    kind: 'adversarial-debiasing',
    inputs,
    params,
    hyperParams: {
      protected: params.protected,
      adversaryWeight: params.adversaryWeight,
      epochs: params.epochs,
      batchSize: params.batchSize,
      hiddenUnits: params.hiddenUnits,
      learningRate: params.learningRate,
      debias: params.debias,
    },
    ctx,
    featurizerOptions: { includeSparse: false },
    fit: async (data) => {
      const { z, privileged } = protectedIndicator(inputs.train, params.protected, params.privileged, data.y);
      privilegedUsed = privileged;
      if (data.featureColumns.includes(params.protected)) {
        ctx.log(`The protected column "${params.protected}" is also a feature; the model can still use it directly.`, 'warn');
      }
      const { n, d, X } = data.features;
      const fit = await trainAdversarialDebiasing(tf, X, n, d, data.y, z, {
        hiddenUnits: params.hiddenUnits,
        epochs: params.epochs,
        batchSize: params.batchSize,
        adversaryWeight: params.adversaryWeight,
        learningRate: params.learningRate,
        debias: params.debias,
        weights: data.rowWeights,
        rng: ctx.rng,
        checkpoint: () => ctx.checkpoint(),
        onEpoch: async (e, l) => {
          ctx.progress((e + 1) / params.epochs, `epoch ${e + 1}/${params.epochs}: loss ${l.classifier.toFixed(4)}, adversary ${l.adversary.toFixed(4)}`);
          await ctx.checkpoint();
        },
      });
      const last = fit.losses[fit.losses.length - 1];
      return {
        state: { ...fit.state, privileged, backend },
        metrics: { classifierLoss: last.classifier, adversaryLoss: last.adversary, epochs: fit.losses.length },
      };
    },
  });
  ctx.log(
    `Adversary predicted "${params.protected}" = "${privilegedUsed}" vs the rest${isAutoReference(params.privileged) ? ' (chosen automatically: the highest rate of favourable labels)' : ''}.`,
  );
  return out;
}
