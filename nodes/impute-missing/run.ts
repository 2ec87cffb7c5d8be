import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import { countMissing, type Table } from '../../src/core/table/table.ts';
import { applyFill, chosenColumns, fitFill, outputType } from './fit-transform.ts';
import type { description } from './index.ts';

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const t = inputs.table;
  for (const name of params.columns) {
    if (!t.columns.some((c) => c.name === name)) {
      throw new NodeError(`Column "${name}" is not in the table (columns: ${t.columns.map((c) => c.name).join(', ')}).`, {
        column: name,
        field: 'columns',
      });
    }
  }
  if (params.strategy === 'constant' && params.fillValue.trim() === '') {
    throw new NodeError('Enter the constant value to fill empty cells with.', { field: 'fillValue' });
  }
  const targets = new Set(chosenColumns(t.columns, params.columns, params.strategy).map((c) => c.name));
  const reports: string[] = [];
  const columns = t.columns.map((c) => {
    if (!targets.has(c.name)) return c;
    const missing = countMissing(c, t.nRows);
    // Fit the value even when nothing is missing here, so the output type is what schema() promised.
    if (missing === 0 && params.columns.length === 0) {
      return c.type === 'category' || c.type === 'text' ? c : { ...c, type: outputType(c.type, params.strategy) as 'number' };
    }
    // fit then transform: the two steps a scoring pipeline replays on new rows (fit-transform.ts).
    const { column, filled } = applyFill(c, fitFill(c, t.nRows, params.strategy, params.fillValue), params.strategy);
    reports.push(`${c.name}: ${missing} filled with ${filled}`);
    return column;
  });
  ctx.log(reports.length ? `Filled (${params.strategy}): ${reports.join('; ')}.` : 'No missing values in the chosen columns.');
  const out: Table = { ...t, columns };
  return { table: out };
}
