import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { chosenColumns as chosen } from './fit-transform.ts';

export const description = describeNode({
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
});

export const standardize = withLazyRun(description, () => import('./run.ts'));
