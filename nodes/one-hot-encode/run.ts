import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import type { Column } from '../../src/core/table/table.ts';
import { indicatorColumns, presentValues, withIndicators } from './fit-transform.ts';
import type { description } from './index.ts';

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const t = inputs.table;
  const encoded = new Map<string, Column[]>();
  for (const name of params.columns) {
    const c = t.columns.find((x) => x.name === name);
    if (!c) {
      throw new NodeError(`Column "${name}" is not in the table (columns: ${t.columns.map((x) => x.name).join(', ')}).`, {
        column: name,
        field: 'columns',
      });
    }
    if (c.type === 'number' || c.type === 'date') {
      throw new NodeError(`Column "${name}" is ${c.type === 'date' ? 'a date' : 'a decimal number'} column; one-hot encoding is for categories.`, {
        column: name,
        field: 'columns',
      });
    }
    // fit (the values present) then transform: the two steps a scoring pipeline replays (fit-transform.ts).
    const values = presentValues(c, t.nRows);
    if (values.length > params.maxCategories) {
      throw new NodeError(
        `Column "${name}" has ${values.length} different values, more than ${params.maxCategories}. Leave it out, group rare values first, or raise the limit.`,
        { column: name, field: 'maxCategories' },
      );
    }
    // Missing cells give 0 in every indicator.
    const cols = indicatorColumns(c, t.nRows, values, params.dropFirst);
    ctx.log(`${name}: ${values.length} values → ${cols.length} columns.`);
    encoded.set(name, cols);
  }
  return { table: withIndicators(t, encoded, params.keepOriginal) };
}
