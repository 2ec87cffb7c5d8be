import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { Column, ColumnSchema, Table } from '../../src/core/table/table.ts';
import { mean, std } from '../../src/ml/preprocess/column-stats.ts';

const SKIP_ROLES = new Set(['target', 'identifier', 'protected', 'weight', 'score', 'prediction']);

function chosen<C extends Pick<ColumnSchema, 'name' | 'type' | 'role'>>(columns: C[], names: string[]): C[] {
  if (names.length > 0) return names.map((n) => columns.find((c) => c.name === n)).filter((c): c is C => !!c);
  return columns.filter((c) => (c.type === 'number' || c.type === 'integer') && !(c.role && SKIP_ROLES.has(c.role)));
}

export const standardize = defineNode({
  type: 'standardize',
  version: 1,
  title: 'Standardise',
  phase: 'data-preparation',
  category: 'Transform',
  summary: 'Rescale numeric columns to mean 0 and standard deviation 1.',
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: { table: { type: 'table', label: 'Table' } },
  params: {
    columns: param.columns({
      from: 'table',
      types: ['number', 'integer'],
      label: 'Columns',
      help: 'Numeric columns to rescale. Empty: every number column except the target, identifiers and protected attributes.',
    }),
  },
  schema({ inputs, params }) {
    if (!inputs.table) return {};
    const change = new Set(chosen(inputs.table.columns, params.columns).map((c) => c.name));
    return { table: { ...inputs.table, columns: inputs.table.columns.map((c) => (change.has(c.name) ? { ...c, type: 'number' as const } : c)) } };
  },
  async run({ inputs, params, ctx }) {
    const t = inputs.table;
    for (const name of params.columns) {
      const c = t.columns.find((x) => x.name === name);
      if (!c) throw new NodeError(`Column "${name}" is not in the table.`, { column: name, field: 'columns' });
      if (c.type !== 'number' && c.type !== 'integer') {
        throw new NodeError(`Column "${name}" is ${c.type}; only number columns can be standardised.`, { column: name, field: 'columns' });
      }
    }
    const targets = new Set(chosen(t.columns, params.columns).map((c) => c.name));
    const fitted: string[] = [];
    const columns = t.columns.map((c): Column => {
      if (!targets.has(c.name) || c.type === 'category' || c.type === 'text') return c;
      const mu = mean(c.values);
      const sd = std(c.values, mu);
      // A constant column keeps scale 1 (as scikit-learn), becoming all zeros instead of NaN.
      const scale = sd > 0 ? sd : 1;
      const values = c.values.map((v) => (v - mu) / scale);
      fitted.push(`${c.name}: mean ${+mu.toPrecision(6)}, sd ${+sd.toPrecision(6)}`);
      return { ...c, type: 'number', values };
    });
    ctx.log(fitted.length ? `Standardised ${fitted.join('; ')}.` : 'No numeric columns to standardise.');
    const out: Table = { ...t, columns };
    return { table: out };
  },
});
