import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { windowFeatures as computeWindowFeatures } from '../../src/ml/temporal/window-features.ts';
import { type description, chosen } from './index.ts';

export async function run({ inputs, params }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  return { table: computeWindowFeatures(inputs.table, { by: params.by, orderBy: params.orderBy, columns: params.columns, k: params.k, features: chosen(params) }) };
}
