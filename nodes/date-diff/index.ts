import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { withColumnSchemas } from '../../src/core/table/table.ts';

export const description = describeNode({
  type: 'date-diff',
  version: 1,
  title: 'Date difference',
  phase: 'data-preparation',
  category: 'Time',
  summary: 'Time between two dates, e.g. tenure = snapshot date − hire date.',
  replay: { kind: 'rerun' },
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: { table: { type: 'table', label: 'Table' } },
  params: {
    from: param.column({ from: 'table', types: ['date'], label: 'From date', help: 'The earlier date, e.g. hire_date.' }),
    to: param.column({ from: 'table', types: ['date'], label: 'To date', help: 'The later date, e.g. snapshot_date.' }),
    unit: param.enum({
      options: ['days', 'weeks', 'months', 'years'],
      default: 'years',
      label: 'Unit',
      help: 'Months and years use their average length (365.25 days a year).',
    }),
    name: param.string({ default: 'tenure_years', required: true, label: 'New column name' }),
  },
  schema({ inputs, params }) {
    if (!inputs.table) return {};
    return { table: withColumnSchemas(inputs.table, [{ name: params.name, type: 'number' }]) };
  },
});

export const dateDiff = withLazyRun(description, () => import('./run.ts'));
