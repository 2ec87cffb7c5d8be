import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { joinTables } from '../../src/ml/temporal/join.ts';
import type { description } from './index.ts';

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const rightOn = params.rightOn.length ? params.rightOn : params.leftOn;
  const table = joinTables(inputs.left, inputs.right, { leftOn: params.leftOn, rightOn, how: params.how, suffix: params.suffix });
  ctx.log(`Joined ${inputs.left.nRows} and ${inputs.right.nRows} rows into ${table.nRows}.`);
  return { table };
}
