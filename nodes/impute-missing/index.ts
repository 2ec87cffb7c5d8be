import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { ColumnSchema } from '../../src/core/table/table.ts';
import { chosenColumns, outputType } from './fit-transform.ts';

export const description = describeNode({
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
});

export const imputeMissing = withLazyRun(description, () => import('./run.ts'));
