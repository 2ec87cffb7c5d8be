/**
 * As-of join: for each left row, the latest right row with the same key whose time is on or before
 * the left row's time — never a later one, so features built this way cannot look into the future.
 *
 * Right rows are grouped by key and sorted by time once; each left row then binary-searches its
 * group: O((n + m) log m). An optional maximum age leaves the values missing when the latest record is
 * older than that. Rows with a missing key or time get missing values.
 */
import type { Column, Table } from '../../core/table/table.ts';
import { DAY_MS } from './dates.ts';
import { gatherColumn, groupRows, keyIds, requireDateColumn, sortGroupsByTime, uniqueName } from './gather.ts';

export interface AsofJoinOptions {
  leftBy: string[];
  rightBy: string[];
  leftTime: string;
  rightTime: string;
  /** Right columns to bring over (default: all but the keys). */
  columns?: string[];
  suffix?: string;
  /** Days; 0 or undefined = any age. */
  maxAgeDays?: number;
}

export function asofIndices(left: Table, right: Table, o: AsofJoinOptions): Int32Array {
  const { ids, count } = keyIds([
    { table: left, columns: o.leftBy },
    { table: right, columns: o.rightBy },
  ]);
  const lt = requireDateColumn(left, o.leftTime, 'Left time', 'leftTime');
  const rt = requireDateColumn(right, o.rightTime, 'Right time', 'rightTime');
  const { start, order } = groupRows(ids[1], count);
  sortGroupsByTime(start, order, rt);
  const maxAge = o.maxAgeDays && o.maxAgeDays > 0 ? o.maxAgeDays * DAY_MS : Infinity;
  // The group's times laid out in sorted order: the binary search reads contiguous memory instead of
  // jumping through `order` into the right table.
  const sorted = new Float64Array(order.length);
  for (let p = 0; p < order.length; p++) sorted[p] = rt[order[p]];
  const out = new Int32Array(left.nRows).fill(-1);
  const lid = ids[0];
  for (let i = 0; i < left.nRows; i++) {
    const k = lid[i];
    const t = lt[i];
    if (k < 0 || t !== t) continue;
    // last position p in [a, b) with sorted[p] ≤ t (missing times sort last and never qualify)
    let lo = start[k];
    let hi = start[k + 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    if (lo > start[k] && t - sorted[lo - 1] <= maxAge) out[i] = order[lo - 1];
  }
  return out;
}

export function asofJoin(left: Table, right: Table, o: AsofJoinOptions): Table {
  const idx = asofIndices(left, right, o);
  const suffix = o.suffix ?? '_right';
  const wanted = o.columns && o.columns.length > 0 ? o.columns : right.columns.map((c) => c.name).filter((n) => !o.rightBy.includes(n));
  const taken = new Set(left.columns.map((c) => c.name));
  const added: Column[] = [];
  for (const name of wanted) {
    const c = right.columns.find((x) => x.name === name);
    if (!c) continue;
    const outName = uniqueName(name, taken, suffix);
    taken.add(outName);
    // Right-hand roles (e.g. an identifier) do not carry over; the time stays a time.
    const g = gatherColumn(c, idx, outName);
    added.push(g.role === 'time' ? g : { ...g, role: undefined });
  }
  return { ...left, columns: [...left.columns, ...added] };
}
