import { describe, expect, it } from 'vitest';
import type { Table } from '../../core/table/table.ts';
import { asTable, caseFeatures } from './review-mode-features.ts';

const table: Table = {
  nRows: 2,
  columns: [
    { name: 'employee_id', type: 'integer', values: Float64Array.from([101, 102]), role: 'identifier' },
    { name: 'group', type: 'category', codes: Int32Array.from([1, -1]), categories: ['A', 'B'], role: 'protected' },
    { name: 'kpi_score', type: 'number', values: Float64Array.from([0.123456, Number.NaN]) },
    { name: 'manager', type: 'boolean', values: Float64Array.from([1, 0]) },
    { name: 'score', type: 'number', values: Float64Array.from([0.91, 0.2]), role: 'score' },
    { name: 'predicted', type: 'category', codes: Int32Array.from([1, 0]), categories: ['0', '1'], role: 'prediction' },
  ],
};

describe('review mode: the person behind a case', () => {
  it('lists the row’s values, rounded, without the model’s own output columns', () => {
    expect(caseFeatures(table, 0)).toEqual([
      { name: 'employee_id', value: '101' },
      { name: 'group', value: 'B' },
      { name: 'kpi_score', value: '0.123' },
      { name: 'manager', value: 'yes' },
    ]);
    expect(caseFeatures(table, 1)?.map((f) => f.value)).toEqual(['102', '—', '—', 'no']);
  });

  it('says nothing rather than guess when the table or the row is not there', () => {
    expect(caseFeatures(undefined, 0)).toBeUndefined();
    expect(caseFeatures(table, 2)).toBeUndefined();
    expect(asTable({ rows: [] })).toBeUndefined();
    expect(asTable(table)).toBe(table);
  });
});
