import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import { applyScales, chosenColumns as chosen, fitScales } from './fit-transform.ts';
import type { description } from './index.ts';

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const t = inputs.table;
  for (const name of params.columns) {
    const c = t.columns.find((x) => x.name === name);
    if (!c) throw new NodeError(`Column "${name}" is not in the table.`, { column: name, field: 'columns' });
    if (c.type !== 'number' && c.type !== 'integer') {
      throw new NodeError(`Column "${name}" is ${c.type}; only number columns can be standardised.`, { column: name, field: 'columns' });
    }
  }
  // fit then transform: the same two steps a scoring pipeline replays on new rows (fit-transform.ts).
  const scales = fitScales(t, new Set(chosen(t.columns, params.columns).map((c) => c.name)));
  const fitted = scales.map((s) => `${s.column}: mean ${+s.mean.toPrecision(6)}, sd ${+s.sd.toPrecision(6)}`);
  ctx.log(fitted.length ? `Standardised ${fitted.join('; ')}.` : 'No numeric columns to standardise.');
  return { table: applyScales(t, scales) };
}
