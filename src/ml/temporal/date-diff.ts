/** Difference between two date columns (e.g. tenure = snapshot date − hire date) in a chosen unit. */
import type { Table } from '../../core/table/table.ts';
import { dateDifference, type DateUnit } from './dates.ts';
import { requireDateColumn } from './gather.ts';

export function dateDiffColumn(table: Table, from: string, to: string, unit: DateUnit): Float64Array {
  const a = requireDateColumn(table, from, 'Start date', 'from');
  const b = requireDateColumn(table, to, 'End date', 'to');
  const out = new Float64Array(table.nRows);
  for (let i = 0; i < table.nRows; i++) out[i] = a[i] !== a[i] || b[i] !== b[i] ? NaN : dateDifference(a[i], b[i], unit);
  return out;
}
