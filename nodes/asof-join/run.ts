import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { asofJoin as asofJoinTables } from '../../src/ml/temporal/asof-join.ts';
import type { description } from './index.ts';

export async function run({ inputs, params }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const rightBy = params.rightBy.length ? params.rightBy : params.leftBy;
  return {
    table: asofJoinTables(inputs.left, inputs.right, {
      leftBy: params.leftBy,
      rightBy,
      leftTime: params.leftTime,
      rightTime: params.rightTime,
      columns: params.columns,
      maxAgeDays: params.maxAgeDays,
      suffix: params.suffix,
    }),
  };
}
