/**
 * Periods of a table's rows: from a date column at a granularity (month, quarter, half-year, year; UTC)
 * or from an existing period column (category, text or integer). Labels sort in time order:
 * "2025-03", "2025-Q1", "2025-H1", "2025".
 */
import { NodeError } from '../../core/errors.ts';
import type { Table } from '../../core/table/table.ts';

export type Granularity = 'month' | 'quarter' | 'half-year' | 'year';
export const GRANULARITIES: readonly Granularity[] = ['month', 'quarter', 'half-year', 'year'];

export interface PeriodEncoding {
  /** Per row: index into `labels` (time order), -1 where the period is missing. */
  codes: Int32Array;
  labels: string[];
  column: string;
  missing: number;
}

/** Period key of a UTC timestamp: sortable number and its label. */
function periodOf(ms: number, g: Granularity): { key: number; label: string } {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (g) {
    case 'month':
      return { key: y * 12 + m, label: `${y}-${String(m + 1).padStart(2, '0')}` };
    case 'quarter':
      return { key: y * 4 + Math.floor(m / 3), label: `${y}-Q${Math.floor(m / 3) + 1}` };
    case 'half-year':
      return { key: y * 2 + Math.floor(m / 6), label: `${y}-H${Math.floor(m / 6) + 1}` };
    case 'year':
      return { key: y, label: String(y) };
  }
}

function column(t: Table, name: string, field: string) {
  const c = t.columns.find((x) => x.name === name);
  if (!c) {
    throw new NodeError(
      `Column "${name}" is not in the input (columns: ${t.columns.map((x) => x.name).join(', ') || 'none'}). Choose a column that exists.`,
      { column: name, field },
    );
  }
  return c;
}

/** Periods from a date column (UTC milliseconds) at a granularity. */
export function periodsFromDate(t: Table, name: string, g: Granularity): PeriodEncoding {
  const c = column(t, name, 'date');
  if (c.type !== 'date') {
    throw new NodeError(
      `Column "${name}" is ${c.type}, not a date: choose a date column (ISO YYYY-MM-DD on import), or use it as the period column instead.`,
      { column: name, field: 'date' },
    );
  }
  const n = t.nRows;
  const keys = new Float64Array(n);
  const labelOf = new Map<number, string>();
  let missing = 0;
  // Rows share few distinct days: the period of each UTC day is worked out once (a Date per row is slow).
  const DAY = 86_400_000;
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = c.values[i];
    if (v !== v) continue;
    const d = Math.floor(v / DAY);
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
  }
  const span = maxDay - minDay + 1;
  const byDay = span > 0 && span <= 1_000_000 ? new Float64Array(span).fill(NaN) : undefined;
  for (let i = 0; i < n; i++) {
    const v = c.values[i];
    if (v !== v) {
      keys[i] = NaN;
      missing++;
      continue;
    }
    const day = Math.floor(v / DAY);
    let key = byDay ? byDay[day - minDay] : NaN;
    if (key !== key) {
      const p = periodOf(v, g);
      key = p.key;
      if (byDay) byDay[day - minDay] = key;
      if (!labelOf.has(key)) labelOf.set(key, p.label);
    }
    keys[i] = key;
  }
  const sorted = [...labelOf.keys()].sort((a, b) => a - b);
  const slot = new Map(sorted.map((k, j) => [k, j]));
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = keys[i] !== keys[i] ? -1 : slot.get(keys[i])!;
  return { codes, labels: sorted.map((k) => labelOf.get(k)!), column: name, missing };
}

/** Periods from a column that already names them; numbers sort numerically, text in natural order. */
export function periodsFromColumn(t: Table, name: string): PeriodEncoding {
  const c = column(t, name, 'period');
  const n = t.nRows;
  const raw: Array<string | null> = new Array(n);
  if (c.type === 'category') for (let i = 0; i < n; i++) raw[i] = c.codes[i] < 0 ? null : c.categories[c.codes[i]];
  else if (c.type === 'text') for (let i = 0; i < n; i++) raw[i] = c.values[i] == null || c.values[i] === '' ? null : c.values[i];
  else if (c.type === 'date') return periodsFromDate(t, name, 'month');
  else for (let i = 0; i < n; i++) raw[i] = Number.isNaN(c.values[i]) ? null : String(c.values[i]);
  const distinct = [...new Set(raw.filter((v): v is string => v !== null))];
  const numeric = c.type !== 'category' && c.type !== 'text';
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const slot = new Map(distinct.map((l, j) => [l, j]));
  const codes = new Int32Array(n);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const v = raw[i];
    if (v === null) {
      codes[i] = -1;
      missing++;
    } else codes[i] = slot.get(v)!;
  }
  return { codes, labels: distinct, column: name, missing };
}
