/**
 * Relational joins of two tables on one or more key columns (hash join).
 *
 * Every left row meets every right row with the same key (many-to-many gives all pairs). `left` keeps
 * unmatched left rows with missing right values; `full` also appends unmatched right rows, with their
 * key values filled into the left key columns. Rows whose key has a missing part never match.
 * Right columns whose names clash with left ones get `suffix`; the right key columns are dropped.
 */
import { NodeError } from '../../core/errors.ts';
import { cellValue, type Column, type Table } from '../../core/table/table.ts';
import { gatherColumn, groupRows, keyIds, requireColumn, uniqueName } from './gather.ts';

export type JoinHow = 'inner' | 'left' | 'full';

export interface JoinOptions {
  leftOn: string[];
  rightOn: string[];
  how: JoinHow;
  suffix?: string;
  /** Refuse joins that would produce more rows than this (a many-to-many explosion). */
  maxRows?: number;
}

/** Row pairs of the join: left index, right index (-1 = none). */
export function joinIndices(left: Table, right: Table, o: JoinOptions): { li: Int32Array; ri: Int32Array } {
  if (o.leftOn.length === 0 || o.leftOn.length !== o.rightOn.length) {
    throw new NodeError(
      `Choose the same number of key columns on both sides (left: ${o.leftOn.length}, right: ${o.rightOn.length}).`,
      { field: 'rightOn' },
    );
  }
  const { ids, count } = keyIds([
    { table: left, columns: o.leftOn },
    { table: right, columns: o.rightOn },
  ]);
  const [lid, rid] = ids;
  const { start, order } = groupRows(rid, count);
  const maxRows = o.maxRows ?? 20_000_000;
  let total = 0;
  for (let i = 0; i < left.nRows; i++) {
    const k = lid[i];
    const m = k >= 0 ? start[k + 1] - start[k] : 0;
    total += m > 0 ? m : o.how === 'inner' ? 0 : 1;
  }
  const matchedRight = new Uint8Array(right.nRows);
  if (o.how === 'full') {
    for (let i = 0; i < left.nRows; i++) {
      const k = lid[i];
      if (k >= 0) for (let p = start[k]; p < start[k + 1]; p++) matchedRight[order[p]] = 1;
    }
    for (let j = 0; j < right.nRows; j++) if (!matchedRight[j]) total++;
  }
  if (total > maxRows) {
    throw new NodeError(
      `This join would produce ${total.toLocaleString('en')} rows (more than ${maxRows.toLocaleString('en')}): the key repeats on both sides. ` +
        'Aggregate one side first (Group by) or add key columns so each key is unique on one side.',
    );
  }
  const li = new Int32Array(total);
  const ri = new Int32Array(total);
  let q = 0;
  for (let i = 0; i < left.nRows; i++) {
    const k = lid[i];
    const a = k >= 0 ? start[k] : 0;
    const b = k >= 0 ? start[k + 1] : 0;
    if (b > a) {
      for (let p = a; p < b; p++) {
        li[q] = i;
        ri[q++] = order[p];
      }
    } else if (o.how !== 'inner') {
      li[q] = i;
      ri[q++] = -1;
    }
  }
  if (o.how === 'full') {
    for (let j = 0; j < right.nRows; j++) {
      if (!matchedRight[j]) {
        li[q] = -1;
        ri[q++] = j;
      }
    }
  }
  return { li, ri };
}

/** Left key column with right-only rows filled from the right key column (full joins). */
function coalesceKey(lc: Column, rc: Column, li: Int32Array, ri: Int32Array): Column {
  const base = gatherColumn(lc, li);
  if (base.type === 'category') {
    const categories = base.categories.slice();
    const index = new Map(categories.map((c, k) => [c, k]));
    for (let q = 0; q < li.length; q++) {
      if (li[q] >= 0) continue;
      const v = cellValue(rc, ri[q]);
      if (v === null) continue;
      const s = String(v);
      let k = index.get(s);
      if (k === undefined) {
        index.set(s, (k = categories.length));
        categories.push(s);
      }
      base.codes[q] = k;
    }
    return { ...base, categories };
  }
  if (base.type === 'text') {
    for (let q = 0; q < li.length; q++) if (li[q] < 0) base.values[q] = (cellValue(rc, ri[q]) as string | null) ?? null;
    return base;
  }
  if (rc.type === 'category' || rc.type === 'text') {
    throw new NodeError(`Key "${lc.name}" is numeric on the left but ${rc.type} on the right. Use keys of the same type.`, { column: lc.name });
  }
  for (let q = 0; q < li.length; q++) if (li[q] < 0) base.values[q] = rc.values[ri[q]];
  return base;
}

export function joinTables(left: Table, right: Table, o: JoinOptions): Table {
  const { li, ri } = joinIndices(left, right, o);
  const suffix = o.suffix ?? '_right';
  const taken = new Set(left.columns.map((c) => c.name));
  // Each left row once, in order (a many-to-one join where every row matched, or a left join): the left
  // columns are passed on as they are instead of copied.
  let identity = li.length === left.nRows;
  for (let q = 0; identity && q < li.length; q++) identity = li[q] === q;
  const columns: Column[] = left.columns.map((c) => {
    if (identity) return c;
    const k = o.leftOn.indexOf(c.name);
    if (o.how === 'full' && k >= 0) return coalesceKey(c, requireColumn(right, o.rightOn[k], 'Key'), li, ri);
    return gatherColumn(c, li);
  });
  for (const c of right.columns) {
    if (o.rightOn.includes(c.name)) continue;
    const name = uniqueName(c.name, taken, suffix);
    taken.add(name);
    columns.push(gatherColumn(c, ri, name));
  }
  const out: Table = { nRows: li.length, columns };
  if (left.weights) out.weights = identity ? left.weights : Float64Array.from(li, (i) => (i < 0 ? 1 : left.weights![i]));
  return out;
}
