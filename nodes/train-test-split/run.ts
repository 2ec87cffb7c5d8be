import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import { createRng } from '../../src/core/rng.ts';
import { takeRows } from '../../src/core/table/table.ts';
import { groupCodes } from '../../src/ml/preprocess/group-codes.ts';
import { trainTestSplitIndices } from '../../src/ml/split/stratified-split.ts';
import type { description } from './index.ts';

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
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
}
