import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { withColumns } from '../../src/core/table/table.ts';
import { dateDiffColumn } from '../../src/ml/temporal/date-diff.ts';
import type { description } from './index.ts';

export async function run({ inputs, params }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const values = dateDiffColumn(inputs.table, params.from, params.to, params.unit);
  return { table: withColumns(inputs.table, [{ name: params.name, type: 'number', values }]) };
}
