import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { applyScales, chosenColumns as chosen, fitScales } from './fit-transform.ts';

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
  replay: { kind: 'fitted', input: 'table', output: 'table', load: async () => (await import('./fit-transform.ts')).standardizeReplay },
  async run({ inputs, params, ctx }) {
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
  },
});
