import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { MLP_BACKEND_CHOICES } from '../../src/ml/neural/mlp-backend.ts';
import type { MlpFoldTask } from '../../src/ml/neural/mlp-fold.ts';
import { DEFAULT_MLP_SETTINGS } from '../../src/ml/neural/mlp-settings.ts';
import { MLP_ACTIVATIONS, parseHiddenSizes } from '../../src/ml/neural/mlp-architecture.ts';
import { neuralNetworkScorer } from '../../src/ml/neural/neural-scorers.ts';
import { trainerInputs, trainerOutputs, trainerParams, trainerSchema } from '../_shared/trainer.ts';

/** Time-series CV retrains a connected model of this kind fold by fold with this kernel (`<kind>-fold`). */
export const NEURAL_NETWORK_FOLD_KERNEL = 'neural-network-fold';

const d = DEFAULT_MLP_SETTINGS;

export const description = describeNode({
  type: 'neural-network',
  version: 1,
  title: 'Neural network',
  phase: 'modeling',
  category: 'Models',
  summary: 'A multilayer perceptron (TensorFlow.js): learns interactions between columns that a linear model cannot.',
  scorers: { 'neural-network': neuralNetworkScorer },
  // Loaded on first use, like run.
  kernels: { [NEURAL_NETWORK_FOLD_KERNEL]: (task: MlpFoldTask) => import('../../src/ml/neural/mlp-fold.ts').then((m) => m.runMlpFold(task)) },
  inputs: trainerInputs,
  outputs: trainerOutputs,
  params: {
    ...trainerParams,
    hidden: param.string({
      default: d.hidden.join(','),
      label: 'Hidden layers',
      help: 'Units per hidden layer, separated by commas, e.g. 64,32 (two layers). Empty: no hidden layer (a logistic regression).',
    }),
    activation: param.enum({
      options: MLP_ACTIVATIONS,
      optionLabels: { relu: 'ReLU', tanh: 'tanh', logistic: 'Logistic (sigmoid)' },
      default: d.activation,
      label: 'Activation',
      help: 'The function each hidden unit applies. ReLU trains fastest and suits most tables.',
    }),
    dropout: param.number({
      default: d.dropout,
      min: 0,
      max: 0.9,
      step: 0.05,
      label: 'Dropout',
      help: 'Share of hidden units switched off at random in each training step; fights over-fitting on small tables.',
    }),
    l2: param.number({
      default: d.l2,
      min: 0,
      label: 'L2 regularisation',
      help: 'Keeps weights small (as scikit-learn’s alpha). Raise it (e.g. 0.01–1) when the model over-fits.',
    }),
    learningRate: param.number({ default: d.learningRate, min: 0, exclusiveMin: true, max: 1, label: 'Learning rate', help: 'Step size of the Adam optimiser.' }),
    epochs: param.integer({ default: d.epochs, min: 1, max: 10000, label: 'Max epochs', help: 'Upper limit on passes over the training rows; early stopping usually ends sooner.' }),
    batchSize: param.integer({ default: d.batchSize, min: 1, max: 65536, label: 'Batch size', advanced: true, help: 'Rows per training step.' }),
    validationFraction: param.number({
      default: d.validationFraction,
      min: 0,
      max: 0.5,
      step: 0.05,
      label: 'Validation share',
      help: 'Share of training rows held back (each outcome in proportion) to stop training when their loss stops improving; the best epoch’s weights are kept. 0: stop when the training loss stops improving.',
    }),
    patience: param.integer({ default: d.patience, min: 1, max: 1000, label: 'Patience (epochs)', advanced: true, help: 'Epochs without improvement before training stops.' }),
    classWeight: param.enum({
      options: ['none', 'balanced'],
      optionLabels: { none: 'None', balanced: 'Balanced' },
      default: d.classWeight,
      label: 'Class weights',
      help: 'Balanced gives the rarer outcome as much total weight as the common one, so it is not ignored.',
    }),
    seed: param.integer({ default: d.seed, min: 0, label: 'Random seed', advanced: true, help: 'Fixes the initial weights, the validation rows, the batch order and dropout: the same seed gives the same model.' }),
    backend: param.enum({
      options: MLP_BACKEND_CHOICES,
      optionLabels: { auto: 'Automatic', webgl: 'WebGL (GPU)', wasm: 'WebAssembly', cpu: 'Plain JavaScript' },
      default: 'auto',
      label: 'TF.js backend',
      advanced: true,
      help: 'Automatic: WebGL in the browser when a GPU renders it, else WebAssembly. Scores are the same up to rounding.',
    }),
  },
  schema({ inputs, params }) {
    parseHiddenSizes(params.hidden); // a sentence for the inspector before any run
    return trainerSchema('neural-network', inputs, params);
  },
});

export const neuralNetwork = withLazyRun(description, () => import('./run.ts'));
