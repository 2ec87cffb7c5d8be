import { describe, expect, it } from 'vitest';
import type { Table } from '../../core/table/table.ts';
import { periodsFromColumn, periodsFromDate } from './periods.ts';

const dates = ['2025-12-31', '2024-01-01', '2025-04-15', null, '2025-06-30', '2025-07-01'];
const table: Table = {
  nRows: dates.length,
  columns: [
    { name: 'decided', type: 'date', values: Float64Array.from(dates, (d) => (d ? Date.parse(`${d}T00:00:00Z`) : NaN)) },
    { name: 'round', type: 'integer', values: Float64Array.from([10, 9, 10, 2, NaN, 9]) },
    { name: 'label', type: 'text', values: ['Q10', 'Q9', 'Q10', null, 'Q2', 'Q9'] },
  ],
};

describe('periods', () => {
  it('cuts dates into months, quarters, half-years and years in time order (UTC), missing dates in none', () => {
    const q = periodsFromDate(table, 'decided', 'quarter');
    expect(q.labels).toEqual(['2024-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    expect(Array.from(q.codes)).toEqual([3, 0, 1, -1, 1, 2]);
    expect(q.missing).toBe(1);
    expect(periodsFromDate(table, 'decided', 'month').labels).toEqual(['2024-01', '2025-04', '2025-06', '2025-07', '2025-12']);
    expect(periodsFromDate(table, 'decided', 'half-year').labels).toEqual(['2024-H1', '2025-H1', '2025-H2']);
    expect(periodsFromDate(table, 'decided', 'year').labels).toEqual(['2024', '2025']);
  });

  it('sorts an existing period column numerically or in natural order', () => {
    expect(periodsFromColumn(table, 'round').labels).toEqual(['2', '9', '10']);
    expect(periodsFromColumn(table, 'label').labels).toEqual(['Q2', 'Q9', 'Q10']);
    expect(periodsFromColumn(table, 'label').missing).toBe(1);
  });

  it('refuses a non-date column for date periods, naming it', () => {
    expect(() => periodsFromDate(table, 'round', 'quarter')).toThrow(/Column "round" is integer, not a date/);
    expect(() => periodsFromDate(table, 'nope', 'quarter')).toThrow(/Column "nope" is not in the input/);
  });
});
