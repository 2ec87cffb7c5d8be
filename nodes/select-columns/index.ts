import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';

export const description = describeNode({
  type: 'select-columns',
  version: 1,
  title: 'Select columns',
  phase: 'data-preparation',
  category: 'Transform',
  summary: 'Keep or drop chosen columns.',
  replay: { kind: 'rerun' },
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: { table: { type: 'table', label: 'Table' } },
  params: {
    columns: param.columns({ from: 'table', label: 'Columns', help: 'The columns to keep (or drop).', minItems: 1 }),
    mode: param.enum({ options: ['keep', 'drop'], default: 'keep', label: 'Mode', help: 'Keep only the chosen columns, or drop them.' }),
  },
  schema({ inputs, params }) {
    if (!inputs.table) return {};
    const chosen = new Set(params.columns);
    const columns =
      params.mode === 'keep'
        ? params.columns.flatMap((n) => inputs.table!.columns.filter((c) => c.name === n))
        : inputs.table.columns.filter((c) => !chosen.has(c.name));
    return { table: { ...inputs.table, columns } };
  },
});

export const selectColumns = withLazyRun(description, () => import('./run.ts'));
