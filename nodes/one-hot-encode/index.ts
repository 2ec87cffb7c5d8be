import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { ColumnSchema, TableSchema } from '../../src/core/table/table.ts';
import { indicatorName } from './fit-transform.ts';

export { indicatorName };

function encodedSchema(input: TableSchema, chosen: Map<string, string[]>, dropFirst: boolean, keepOriginal: boolean): TableSchema {
  const columns: ColumnSchema[] = [];
  for (const c of input.columns) {
    const values = chosen.get(c.name);
    if (!values) {
      columns.push(c);
      continue;
    }
    if (keepOriginal) columns.push(c);
    for (const v of values.slice(dropFirst ? 1 : 0)) columns.push({ name: indicatorName(c.name, v), type: 'integer' });
  }
  return { ...input, columns };
}

export const description = describeNode({
  type: 'one-hot-encode',
  version: 1,
  title: 'One-hot encode',
  phase: 'data-preparation',
  category: 'Transform',
  summary: 'Turn category columns into 0/1 indicator columns.',
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: { table: { type: 'table', label: 'Table' } },
  params: {
    columns: param.columns({
      from: 'table',
      types: ['category', 'text', 'boolean', 'integer'],
      label: 'Columns',
      minItems: 1,
      help: 'The category columns to turn into one 0/1 column per value.',
    }),
    dropFirst: param.boolean({
      default: false,
      label: 'Drop first value',
      help: 'Leave out the indicator of the first value (it is implied when all others are 0). Useful for unregularised models.',
    }),
    maxCategories: param.integer({
      default: 50,
      min: 2,
      max: 1000,
      label: 'Max values per column',
      help: 'Refuse columns with more different values than this (such as names or ids).',
    }),
    keepOriginal: param.boolean({ default: false, label: 'Keep original column' }),
  },
  schema({ inputs, params }) {
    if (!inputs.table) return {};
    const chosen = new Map<string, string[]>();
    for (const name of params.columns) {
      const c = inputs.table.columns.find((x) => x.name === name);
      // Indicator names depend on the values; without known categories the output cannot be described yet.
      if (!c || !c.categories) return {};
      chosen.set(name, c.categories);
    }
    return { table: encodedSchema(inputs.table, chosen, params.dropFirst, params.keepOriginal) };
  },
  replay: { kind: 'fitted', input: 'table', output: 'table', load: async () => (await import('./fit-transform.ts')).oneHotReplay },
});

export const oneHotEncode = withLazyRun(description, () => import('./run.ts'));
