import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';

export const description = describeNode({
  type: 'train-test-split',
  version: 1,
  title: 'Train/test split',
  phase: 'data-preparation',
  category: 'Transform',
  summary: 'Hold out a random share of rows to test the model honestly.',
  // Scoring scores every row: the split only chose which rows trained and which tested the model.
  replay: { kind: 'pass-through', input: 'table' },
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: {
    train: { type: 'table', label: 'Training rows' },
    test: { type: 'table', label: 'Test rows' },
  },
  params: {
    testFraction: param.number({
      default: 0.25,
      min: 0.01,
      max: 0.99,
      step: 0.05,
      label: 'Test share',
      help: 'The share of rows held out for testing, e.g. 0.25 for a quarter.',
    }),
    stratify: param.column({
      from: 'table',
      optional: true,
      role: 'target',
      label: 'Stratify by',
      help: 'Keep the share of each value of this column (usually the target) the same in both parts. Empty: plain random split.',
    }),
    seed: param.integer({
      default: 42,
      min: 0,
      label: 'Random seed',
      help: 'The same seed always gives the same split; change it to try another one.',
    }),
  },
  schema({ inputs }) {
    return inputs.table ? { train: inputs.table, test: inputs.table } : {};
  },
});

export const trainTestSplit = withLazyRun(description, () => import('./run.ts'));
