import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { AUTO_REFERENCE } from '../../src/ml/fairness/reference-group.ts';
import { adversarialDebiasingScorer } from '../../src/ml/neural/neural-scorers.ts';
import { trainerInputs, trainerOutputs, trainerParams, trainerSchema } from '../_shared/trainer.ts';

export const description = describeNode({
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
});

export const adversarialDebiasing = withLazyRun(description, () => import('./run.ts'));
