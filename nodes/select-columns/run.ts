import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { getColumn, type Table } from '../../src/core/table/table.ts';
import type { description } from './index.ts';

export async function run({ inputs, params }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const t = inputs.table;
  const chosen = new Set(params.columns);
  const columns =
    params.mode === 'keep' ? params.columns.map((n) => getColumn(t, n)) : t.columns.filter((c) => !chosen.has(c.name));
  const out: Table = { ...t, columns };
  return { table: out };
}
