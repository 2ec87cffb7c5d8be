import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { Table } from '../../src/core/table/table.ts';
import { encodeColumn, findGroup } from '../../src/ml/fairness/groups.ts';
import { AUTO_REFERENCE, isAutoReference } from '../../src/ml/fairness/fairness-metrics.ts';
import { adversarialDebiasingScorer, trainAdversarialDebiasing } from '../../src/ml/neural/adversarial-debiasing.ts';
import { loadTf } from '../../src/ml/neural/tf-backend.ts';
import { runTrainer, trainerInputs, trainerOutputs, trainerParams, trainerSchema } from '../_shared/trainer.ts';

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

export const adversarialDebiasing = defineNode({
  type: 'adversarial-debiasing',
  version: 1,
  title: 'Adversarial debiasing',
  phase: 'modeling',
  category: 'Fairness',
  summary: 'Neural classifier trained against an adversary that tries to guess the protected group (equalized odds).',
  scorers: { 'adversarial-debiasing': adversarialDebiasingScorer },
  inputs: trainerInputs,
  outputs: trainerOutputs,
  params: {
    ...trainerParams,
    protected: param.column({ from: 'train', label: 'Protected column', help: 'The attribute the predictions must not reveal (beyond what the true outcome explains), e.g. group or gender.' }),
    privileged: param.string({
      default: AUTO_REFERENCE,
      label: 'Privileged group',
      help: 'The group compared against all others. "auto": the group with the highest rate of favourable labels in the training data (empty does the same with two groups).',
    }),
    adversaryWeight: param.number({ default: 0.1, min: 0, max: 10, label: 'Adversary weight', help: 'How hard the model works against the adversary (α). 0 still removes the helpful direction; larger trades accuracy for fairness.' }),
    epochs: param.integer({ default: 50, min: 1, max: 1000, label: 'Epochs' }),
    batchSize: param.integer({ default: 128, min: 8, max: 4096, label: 'Batch size', advanced: true }),
    hiddenUnits: param.integer({ default: 200, min: 2, max: 2000, label: 'Hidden units', advanced: true }),
    learningRate: param.number({ default: 0.001, min: 0, exclusiveMin: true, max: 1, label: 'Learning rate', advanced: true }),
    debias: param.boolean({ default: true, label: 'Debias', help: 'Off trains the same network without the adversary, to compare.', advanced: true }),
    backend: param.enum({ options: ['auto', 'wasm', 'cpu'], default: 'auto', label: 'TF.js backend', help: 'auto: wasm when available (faster), else cpu.', advanced: true }),
  },
  schema({ inputs, params }) {
    if (inputs.train && !params.protected) throw new Error('Choose the protected column.');
    return trainerSchema('adversarial-debiasing', inputs, params);
  },
  async run({ inputs, params, ctx }) {
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
  },
});
