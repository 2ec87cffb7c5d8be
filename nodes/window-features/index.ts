import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { ColumnSchema } from '../../src/core/table/table.ts';
import { windowFeatureName, type WindowFeature } from '../../src/ml/temporal/window-features.ts';

export function chosen(p: { lag: boolean; delta: boolean; mean: boolean; trend: boolean }): WindowFeature[] {
  return (['lag', 'delta', 'mean', 'trend'] as const).filter((f) => p[f]);
}

export const description = describeNode({
  type: 'window-features',
  version: 1,
  title: 'Trend features',
  phase: 'data-preparation',
  category: 'Time',
  summary: 'Per person over time: previous value, change, rolling mean and trend of the last k records.',
  inputs: { table: { type: 'table', label: 'Dated records' } },
  outputs: { table: { type: 'table', label: 'Records with trend features' } },
  params: {
    by: param.columns({ from: 'table', label: 'Per', minItems: 1, help: 'Whose history, e.g. employee_id.' }),
    orderBy: param.column({ from: 'table', types: ['date', 'number', 'integer'], label: 'Date', help: 'Orders each person’s records, e.g. survey_date.' }),
    columns: param.columns({ from: 'table', types: ['number', 'integer', 'boolean'], minItems: 1, label: 'Values', help: 'The numbers to follow over time, e.g. engagement_score.' }),
    k: param.integer({ default: 3, min: 2, max: 100, label: 'Window (records)', help: 'How many most recent records (this one included) the change, mean and trend look at.' }),
    lag: param.boolean({ default: true, label: 'Previous value' }),
    delta: param.boolean({ default: true, label: 'Change over the window', help: 'Now minus the oldest value in the window (e.g. with 3 quarterly surveys: the change over two quarters).' }),
    mean: param.boolean({ default: true, label: 'Rolling mean' }),
    trend: param.boolean({ default: true, label: 'Trend (slope per record)' }),
  },
  schema({ inputs, params }) {
    if (!inputs.table) return {};
    const columns: ColumnSchema[] = [...inputs.table.columns];
    for (const c of params.columns) for (const f of chosen(params)) columns.push({ name: windowFeatureName(c, f, params.k), type: 'number' });
    return { table: { ...inputs.table, columns } };
  },
});

export const windowFeatures = withLazyRun(description, () => import('./run.ts'));
