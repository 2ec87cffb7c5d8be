import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { createRng } from '../../src/core/rng.ts';
import { takeRows } from '../../src/core/table/table.ts';
import { groupCodes } from '../../src/ml/preprocess/group-codes.ts';
import { trainTestSplitIndices } from '../../src/ml/split/stratified-split.ts';

export const trainTestSplit = defineNode({
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
  async run({ inputs, params, ctx }) {
    const t = inputs.table;
    let strata: Int32Array | undefined;
    if (params.stratify) {
      const c = t.columns.find((x) => x.name === params.stratify);
      if (!c) {
        throw new NodeError(
          `Stratify column "${params.stratify}" is not in the table (columns: ${t.columns.map((x) => x.name).join(', ')}).`,
          { column: params.stratify, field: 'stratify' },
        );
      }
      const g = groupCodes(c, t.nRows);
      if (g.labels.length > 0.5 * t.nRows) {
        throw new NodeError(
          `Column "${c.name}" has ${g.labels.length} different values in ${t.nRows} rows, too many to stratify by. Choose a column with few values, such as the target.`,
          { column: c.name, field: 'stratify' },
        );
      }
      strata = g.codes;
    }
    if (t.nRows < 2) throw new NodeError(`The table has ${t.nRows} row(s); a split needs at least 2.`);
    const { train, test } = trainTestSplitIndices(t.nRows, params.testFraction, createRng(params.seed), strata);
    if (test.length === 0 || train.length === 0) {
      throw new NodeError(
        `A test share of ${params.testFraction} of ${t.nRows} rows leaves one part empty. Choose a share that leaves rows on both sides.`,
        { field: 'testFraction' },
      );
    }
    ctx.log(`${train.length} training rows, ${test.length} test rows${params.stratify ? `, stratified by "${params.stratify}"` : ''}.`);
    return { train: takeRows(t, train), test: takeRows(t, test) };
  },
});
