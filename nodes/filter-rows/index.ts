import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { ColumnType } from '../../src/core/table/table.ts';
import { FILTER_OPERATOR_LABELS, FILTER_OPERATORS, parseConditionValues, type RowCondition } from '../../src/ml/preprocess/row-filter.ts';

const operator = (n: number) =>
  param.enum({
    options: FILTER_OPERATORS,
    optionLabels: FILTER_OPERATOR_LABELS,
    default: '==',
    label: `Condition ${n}: operator`,
  });
const value = (n: number) =>
  param.string({
    default: '',
    label: `Condition ${n}: value`,
    help: 'A number, a date (YYYY-MM-DD), true/false, or text; for "is one of" a comma-separated list.',
  });

interface FilterParams {
  combine: 'all' | 'any';
  keep: 'matching' | 'other';
  column1: string;
  operator1: RowCondition['operator'];
  value1: string;
  column2: string;
  operator2: RowCondition['operator'];
  value2: string;
  column3: string;
  operator3: RowCondition['operator'];
  value3: string;
}

export function conditions(p: FilterParams): RowCondition[] {
  return [
    { column: p.column1, operator: p.operator1, value: p.value1 },
    { column: p.column2, operator: p.operator2, value: p.value2 },
    { column: p.column3, operator: p.operator3, value: p.value3 },
  ].filter((c) => c.column !== '');
}

export const description = describeNode({
  type: 'filter-rows',
  version: 1,
  title: 'Filter rows',
  phase: 'data-preparation',
  category: 'Transform',
  summary: 'Keep the rows that meet up to three conditions.',
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: { table: { type: 'table', label: 'Table' } },
  params: {
    combine: param.enum({
      options: ['all', 'any'],
      optionLabels: { all: 'All conditions hold', any: 'Any condition holds' },
      default: 'all',
      label: 'Combine',
    }),
    keep: param.enum({
      options: ['matching', 'other'],
      optionLabels: { matching: 'Rows that match', other: 'Rows that do not match' },
      default: 'matching',
      label: 'Keep',
    }),
    column1: param.column({ from: 'table', label: 'Condition 1: column' }),
    operator1: operator(1),
    value1: value(1),
    column2: param.column({ from: 'table', optional: true, label: 'Condition 2: column', help: 'Empty: no second condition.' }),
    operator2: operator(2),
    value2: value(2),
    column3: param.column({ from: 'table', optional: true, label: 'Condition 3: column', help: 'Empty: no third condition.' }),
    operator3: operator(3),
    value3: value(3),
  },
  schema({ inputs, params }) {
    if (!inputs.table) return {};
    // Check operators and values against the column types now, so mistakes show before a run.
    for (const cond of conditions(params)) {
      const col = inputs.table.columns.find((c) => c.name === cond.column);
      if (col) parseConditionValues(cond, col.type as ColumnType);
    }
    return { table: inputs.table };
  },
});

export const filterRows = withLazyRun(description, () => import('./run.ts'));
