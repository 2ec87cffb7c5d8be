import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { countMissing, type ColumnSchema, type Table } from '../../src/core/table/table.ts';
import { applyFill, chosenColumns, fitFill, outputType } from './fit-transform.ts';

export const imputeMissing = defineNode({
  type: 'impute-missing',
  version: 1,
  title: 'Impute missing',
  phase: 'data-preparation',
  category: 'Transform',
  summary: 'Fill empty cells with the mean, median, most frequent value or a constant.',
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: { table: { type: 'table', label: 'Table' } },
  params: {
    columns: param.columns({
      from: 'table',
      label: 'Columns',
      help: 'Columns to fill. Empty: every column except the target and identifiers (only numeric ones for mean and median).',
    }),
    strategy: param.enum({
      options: ['mean', 'median', 'most-frequent', 'constant'],
      optionLabels: { mean: 'Mean', median: 'Median', 'most-frequent': 'Most frequent', constant: 'Constant' },
      default: 'median',
      label: 'Fill with',
      help: 'Median resists outliers; most frequent also works for categories and text; constant uses the value below.',
    }),
    fillValue: param.string({ default: '', label: 'Constant value', help: 'Used when Fill with is Constant (e.g. 0 or Unknown).', visibleWhen: { param: 'strategy', equals: 'constant' } }),
  },
  schema({ inputs, params }) {
    if (!inputs.table) return {};
    const change = new Set(chosenColumns(inputs.table.columns, params.columns, params.strategy).map((c) => c.name));
    const columns = inputs.table.columns.map((c) => {
      if (!change.has(c.name)) return c;
      const out: ColumnSchema = { ...c, type: outputType(c.type, params.strategy) };
      if (c.type === 'category' && c.categories && params.strategy === 'constant' && !c.categories.includes(params.fillValue)) {
        out.categories = [...c.categories, params.fillValue];
      }
      return out;
    });
    return { table: { ...inputs.table, columns } };
  },
  replay: { kind: 'fitted', input: 'table', output: 'table', load: async () => (await import('./fit-transform.ts')).imputeReplay },
  async run({ inputs, params, ctx }) {
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
  },
});
