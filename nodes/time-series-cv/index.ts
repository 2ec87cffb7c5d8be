import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { BoostingFoldTask } from '../../src/ml/boosting/fold-kernel.ts';
import { predictionsSchema, trainerParams } from '../_shared/trainer.ts';

/** The parallel kernel this node declares: one fold of gradient boosting, fit then score its test rows. */
export const FOLD_KERNEL = 'gradient-boosting-fold';

/**
 * A connected model is retrained fold by fold with the kernel `<kind>-fold` that its node declares: the
 * task is the fold's matrix, labels, final weights and test matrix (as BoostingFoldTask) with the
 * model's hyperParams as `options`; the result is `{ scores }` plus numbers reported per fold.
 */
export const foldKernelOf = (kind: string) => `${kind}-fold`;

export const description = describeNode({
  type: 'time-series-cv',
  version: 1,
  title: 'Time-series cross-validation',
  phase: 'evaluation',
  category: 'Evaluation',
  summary: 'Test a model the honest way for dated data: train on the past, test on the next period (gradient boosting, or the model connected).',
  // Loaded on first use, like run.
  kernels: { [FOLD_KERNEL]: (task: BoostingFoldTask) => import('../../src/ml/boosting/fold-kernel.ts').then((m) => m.runBoostingFold(task)) },
  inputs: {
    table: { type: 'table', label: 'Labelled panel', help: 'One row per person per date with the outcome, e.g. from Snapshot panel.' },
    model: {
      type: 'model',
      label: 'Model to validate',
      optional: true,
      help: 'Optional: a trained model (e.g. from Neural network); every fold retrains its kind with its settings. Unconnected: gradient boosting with the settings below.',
    },
  },
  outputs: {
    metrics: { type: 'metrics', label: 'Metrics per fold' },
    predictions: { type: 'predictions', label: 'Out-of-fold predictions' },
  },
  params: {
    ...trainerParams,
    dateColumn: param.column({ from: 'table', types: ['date', 'number', 'integer'], role: 'time', label: 'Date column', help: 'Orders the rows in time, e.g. snapshot_date.' }),
    groupColumn: param.column({ from: 'table', optional: true, role: 'identifier', label: 'Person column', help: 'e.g. employee_id: each person counts once per test period.' }),
    folds: param.integer({ default: 4, min: 2, max: 20, label: 'Folds', help: 'How many successive test periods.' }),
    gapMonths: param.integer({ default: 6, min: 0, max: 60, label: 'Gap (months)', help: 'Set it to the label horizon: training rows must have their whole outcome window before the test period starts.' }),
    maxIter: param.integer({ default: 200, min: 1, max: 5000, label: 'Trees' }),
    learningRate: param.number({ default: 0.1, min: 0, max: 1, exclusiveMin: true, label: 'Learning rate' }),
    maxDepth: param.integer({ default: 6, min: 0, max: 30, label: 'Maximum depth' }),
    maxLeaves: param.integer({ default: 31, min: 2, max: 1024, label: 'Maximum leaves', advanced: true }),
    minSamplesLeaf: param.integer({ default: 20, min: 1, label: 'Minimum rows per leaf', advanced: true }),
    l2: param.number({ default: 0, min: 0, label: 'L2 regularisation', advanced: true }),
    earlyStopping: param.boolean({ default: false, label: 'Early stopping', advanced: true, help: 'Stop adding trees when 10% held-back training rows stop improving.' }),
    classWeight: param.enum({ options: ['none', 'balanced'], optionLabels: { none: 'None', balanced: 'Balanced' }, default: 'none', label: 'Class weights' }),
    seed: param.integer({ default: 0, min: 0, label: 'Random seed', advanced: true }),
  },
  schema({ inputs }) {
    if (!inputs.table) return {};
    const p = predictionsSchema(inputs.table);
    return { predictions: { ...p, columns: [...p.columns, { name: 'fold', type: 'integer' }] }, metrics: {} };
  },
});

export const timeSeriesCv = withLazyRun(description, () => import('./run.ts'));
