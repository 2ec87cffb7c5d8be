import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { ColumnSchema } from '../../src/core/table/table.ts';
import { uniqueName } from '../../src/ml/temporal/gather.ts';

export const description = describeNode({
  type: 'asof-join',
  version: 1,
  title: 'As-of join',
  phase: 'data-preparation',
  category: 'Combine',
  summary: 'Attach the latest record on or before each row’s date (no look-ahead).',
  inputs: {
    left: { type: 'table', label: 'Rows with a date', help: 'e.g. one row per employee per snapshot date.' },
    right: { type: 'table', label: 'Dated records', help: 'e.g. surveys, reviews or salary changes.' },
  },
  outputs: { table: { type: 'table', label: 'Table' } },
  params: {
    leftBy: param.columns({ from: 'left', label: 'Left key columns', minItems: 1, help: 'Who the row is about, e.g. employee_id.' }),
    rightBy: param.columns({ from: 'right', label: 'Right key columns', help: 'The matching columns of the records. Empty: the same names as on the left.' }),
    leftTime: param.column({ from: 'left', types: ['date', 'number', 'integer'], role: 'time', label: 'Left date', help: 'The date each row is "as of", e.g. snapshot_date.' }),
    rightTime: param.column({ from: 'right', types: ['date', 'number', 'integer'], label: 'Record date', help: 'When each record took effect, e.g. survey_date.' }),
    columns: param.columns({ from: 'right', label: 'Columns to attach', help: 'Empty: every column of the records except the keys.' }),
    maxAgeDays: param.integer({ default: 0, min: 0, label: 'Maximum age (days)', help: 'Ignore records older than this many days before the row’s date. 0: any age.' }),
    suffix: param.string({ default: '_right', label: 'Suffix for clashing names', advanced: true }),
  },
  schema({ inputs, params }) {
    if (!inputs.left || !inputs.right) return {};
    const rightBy = params.rightBy.length ? params.rightBy : params.leftBy;
    const wanted = params.columns.length ? params.columns : inputs.right.columns.map((c) => c.name).filter((n) => !rightBy.includes(n));
    const taken = new Set(inputs.left.columns.map((c) => c.name));
    const columns: ColumnSchema[] = [...inputs.left.columns];
    for (const name of wanted) {
      const c = inputs.right.columns.find((x) => x.name === name);
      if (!c) continue;
      const outName = uniqueName(name, taken, params.suffix);
      taken.add(outName);
      columns.push(c.role === 'time' ? { ...c, name: outName } : { name: outName, type: c.type, ...(c.categories ? { categories: c.categories } : {}) });
    }
    return { table: { ...inputs.left, columns } };
  },
});

export const asofJoin = withLazyRun(description, () => import('./run.ts'));
