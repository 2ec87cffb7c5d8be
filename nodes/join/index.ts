import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { ColumnSchema, TableSchema } from '../../src/core/table/table.ts';
import { uniqueName } from '../../src/ml/temporal/gather.ts';

export const description = describeNode({
  type: 'join',
  version: 1,
  title: 'Join',
  phase: 'data-preparation',
  category: 'Combine',
  summary: 'Combine two tables row by row on matching key columns (e.g. employee_id).',
  inputs: {
    left: { type: 'table', label: 'Left table' },
    right: { type: 'table', label: 'Right table' },
  },
  outputs: { table: { type: 'table', label: 'Joined table' } },
  params: {
    how: param.enum({
      options: ['inner', 'left', 'full'],
      optionLabels: { inner: 'Only matching rows', left: 'All left rows', full: 'All rows of both' },
      default: 'left',
      label: 'Keep',
      help: 'Which rows to keep when a key has no match on the other side; missing values fill the gaps.',
    }),
    leftOn: param.columns({ from: 'left', label: 'Left key columns', minItems: 1, help: 'The columns that identify a row, e.g. employee_id.' }),
    rightOn: param.columns({ from: 'right', label: 'Right key columns', help: 'The matching columns of the right table, in the same order. Empty: the same names as on the left.' }),
    suffix: param.string({ default: '_right', label: 'Suffix for clashing names', advanced: true, help: 'Added to right-hand column names that already exist on the left.' }),
  },
  schema({ inputs, params }) {
    if (!inputs.left || !inputs.right) return {};
    const rightOn = params.rightOn.length ? params.rightOn : params.leftOn;
    const taken = new Set(inputs.left.columns.map((c) => c.name));
    const columns: ColumnSchema[] = [...inputs.left.columns];
    for (const c of inputs.right.columns) {
      if (rightOn.includes(c.name)) continue;
      const name = uniqueName(c.name, taken, params.suffix);
      taken.add(name);
      columns.push({ ...c, name });
    }
    const out: TableSchema = { columns };
    if (inputs.left.weighted) out.weighted = true;
    return { table: out };
  },
});

export const join = withLazyRun(description, () => import('./run.ts'));
