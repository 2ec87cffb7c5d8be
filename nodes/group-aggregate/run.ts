import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { groupAggregate as aggregateGroups } from '../../src/ml/temporal/group-aggregate.ts';
import { type description, parseOperations, specsOf } from './index.ts';

export async function run({ inputs, params }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const ops = parseOperations(params.operations);
  return { table: aggregateGroups(inputs.table, params.by, specsOf(params.columns, ops), params.orderBy || undefined) };
}
