/**
 * Test nodes for tables shared between threads (src/runtime/shared-tables.test.ts), loaded into workers
 * with `extraNodeModules` (this module's URL): one passes its input's columns on and adds one, one reads
 * a text column and passes it on, two wrongly write into an input column. Not part of the product registry.
 */
import { NodeError } from '../../core/errors.ts';
import { defineNode, type AnyNodeDefinition } from '../../core/node-definition.ts';
import type { NumericColumn, Table, TextColumn } from '../../core/table/table.ts';

function numberColumn(t: Table, name: string): NumericColumn {
  const c = t.columns.find((x) => x.name === name);
  if (!c || c.type === 'category' || c.type === 'text') throw new NodeError(`Column "${name}" is missing.`, { column: name });
  return c;
}

/** Keeps every input column as it is (same arrays) and adds y = 2x. */
export const testKeepColumns = defineNode({
  type: 'test-keep-columns',
  version: 1,
  title: 'Test keep columns',
  phase: 'data-preparation',
  category: 'Test',
  summary: 'Passes the input columns on and adds y = 2x.',
  inputs: { table: { type: 'table' } },
  outputs: { table: { type: 'table' } },
  params: {},
  async run({ inputs }) {
    const x = numberColumn(inputs.table, 'x').values;
    const y = Float64Array.from(x, (v) => 2 * v);
    return { table: { ...inputs.table, columns: [...inputs.table.columns, { name: 'y', type: 'number', values: y }] } };
  },
});

function textColumn(t: Table, name: string): TextColumn {
  const c = t.columns.find((x) => x.name === name);
  if (!c || c.type !== 'text') throw new NodeError(`Text column "${name}" is missing.`, { column: name });
  return c;
}

/** Reads text column t (as TF-IDF reads its documents), passes every column on and adds its lengths. */
export const testTextLength = defineNode({
  type: 'test-text-length',
  version: 1,
  title: 'Test text length',
  phase: 'data-preparation',
  category: 'Test',
  summary: 'Passes the input columns on and adds the length of text column t.',
  inputs: { table: { type: 'table' } },
  outputs: { table: { type: 'table' } },
  params: {},
  async run({ inputs }) {
    const texts = textColumn(inputs.table, 't').values;
    const length = Float64Array.from(texts, (v) => (v === null ? Number.NaN : v.length));
    return { table: { ...inputs.table, columns: [...inputs.table.columns, { name: 'length', type: 'number', values: length }] } };
  },
});

/** Changes text column t of its input in place (input text decodes read-only in a worker). */
export const testWriteText = defineNode({
  type: 'test-write-text',
  version: 1,
  title: 'Test write text',
  phase: 'data-preparation',
  category: 'Test',
  summary: 'Upper-cases text column t of its input, in place.',
  inputs: { table: { type: 'table' } },
  outputs: { table: { type: 'table' } },
  params: {},
  async run({ inputs }) {
    const texts = textColumn(inputs.table, 't').values;
    for (let i = 0; i < texts.length; i++) texts[i] = texts[i]?.toUpperCase() ?? null;
    return { table: inputs.table };
  },
});

/** The mistake the shared-input guard exists for: adds 1 to column x of its input in place. */
export const testWriteInput = defineNode({
  type: 'test-write-input',
  version: 1,
  title: 'Test write input',
  phase: 'data-preparation',
  category: 'Test',
  summary: 'Adds 1 to column x of its input, in place.',
  inputs: { table: { type: 'table' } },
  outputs: { table: { type: 'table' } },
  params: {},
  async run({ inputs }) {
    const x = numberColumn(inputs.table, 'x').values;
    for (let i = 0; i < x.length; i++) x[i] += 1;
    return { table: inputs.table };
  },
});

export const nodes: AnyNodeDefinition[] = [testKeepColumns, testWriteInput, testTextLength, testWriteText];
