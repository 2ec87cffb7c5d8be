import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { Column, ColumnSchema, Table, TableSchema } from '../../src/core/table/table.ts';
import { groupCodes } from '../../src/ml/preprocess/group-codes.ts';

/** Indicator column name: department + Sales → department_Sales. */
export const indicatorName = (column: string, value: string) => `${column}_${value}`;

function present(c: Column, nRows: number): { codes: Int32Array; values: string[] } {
  const { codes, labels } = groupCodes(c, nRows);
  const seen = new Uint8Array(labels.length);
  for (let i = 0; i < nRows; i++) if (codes[i] >= 0) seen[codes[i]] = 1;
  // Category columns keep their dictionary order; other columns order values as first seen.
  const values = labels.filter((_, k) => seen[k] === 1);
  const remap = new Int32Array(labels.length).fill(-1);
  let j = 0;
  labels.forEach((_, k) => {
    if (seen[k]) remap[k] = j++;
  });
  return { codes: codes.map((k) => (k < 0 ? -1 : remap[k])), values };
}

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

export const oneHotEncode = defineNode({
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
  async run({ inputs, params, ctx }) {
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
      const { codes, values } = present(c, t.nRows);
      if (values.length > params.maxCategories) {
        throw new NodeError(
          `Column "${name}" has ${values.length} different values, more than ${params.maxCategories}. Leave it out, group rare values first, or raise the limit.`,
          { column: name, field: 'maxCategories' },
        );
      }
      const first = params.dropFirst ? 1 : 0;
      const cols: Column[] = [];
      for (let k = first; k < values.length; k++) {
        // Missing cells give 0 in every indicator.
        const v = new Float64Array(t.nRows);
        for (let i = 0; i < t.nRows; i++) if (codes[i] === k) v[i] = 1;
        cols.push({ name: indicatorName(name, values[k]), type: 'integer', values: v });
      }
      ctx.log(`${name}: ${values.length} values → ${cols.length} columns.`);
      encoded.set(name, cols);
    }
    const columns: Column[] = [];
    for (const c of t.columns) {
      const cols = encoded.get(c.name);
      if (!cols) columns.push(c);
      else {
        if (params.keepOriginal) columns.push(c);
        columns.push(...cols);
      }
    }
    const names = new Set<string>();
    for (const c of columns) {
      if (names.has(c.name)) {
        throw new NodeError(`The new column "${c.name}" clashes with an existing column. Rename that column first.`, { column: c.name });
      }
      names.add(c.name);
    }
    const out: Table = { ...t, columns };
    return { table: out };
  },
});
