import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import { takeRows } from '../../src/core/table/table.ts';
import { conditionMask } from '../../src/ml/preprocess/row-filter.ts';
import { type description, conditions } from './index.ts';

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const t = inputs.table;
  const conds = conditions(params);
  const mask = new Uint8Array(t.nRows).fill(params.combine === 'all' ? 1 : 0);
  conds.forEach((cond, k) => {
    const c = t.columns.find((x) => x.name === cond.column);
    if (!c) {
      throw new NodeError(
        `Condition ${k + 1} names column "${cond.column}", which is not in the table (columns: ${t.columns.map((x) => x.name).join(', ')}).`,
        { column: cond.column, field: `column${k + 1}` },
      );
    }
    let m: Uint8Array;
    try {
      m = conditionMask(c, t.nRows, cond);
    } catch (e) {
      throw new NodeError((e as Error).message, { column: cond.column, field: `value${k + 1}` });
    }
    if (params.combine === 'all') for (let i = 0; i < t.nRows; i++) mask[i] &= m[i];
    else for (let i = 0; i < t.nRows; i++) mask[i] |= m[i];
  });
  const want = params.keep === 'matching' ? 1 : 0;
  const idx: number[] = [];
  for (let i = 0; i < t.nRows; i++) if (mask[i] === want) idx.push(i);
  ctx.log(`Kept ${idx.length} of ${t.nRows} rows.`);
  if (idx.length === 0) ctx.log('No row is left: check the conditions.', 'warn');
  return { table: takeRows(t, Uint32Array.from(idx)) };
}
