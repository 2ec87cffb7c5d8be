/**
 * Group-by aggregation: one output row per distinct key (in order of first appearance), with the key
 * columns and one column per aggregation. Missing values are skipped (count counts present values;
 * rows counts rows). first/last follow `orderBy` when given, else row order.
 *
 * How (issue 17): the key gets dense ids once; a counting sort gives every row its position in "group
 * order" (the rows of group k side by side, in the group's order); each aggregated column is then
 * scattered once into that layout, reading the table in row order, and every operation is a pass over
 * contiguous memory. Sums run in the group's order (row order, or time order with `orderBy`), so results
 * are the same as summing each group's values one by one in that order.
 */
import { NodeError } from '../../core/errors.ts';
import type { Column, Table } from '../../core/table/table.ts';
import { gatherColumn, keyIds, requireColumn, requireDateColumn, sortGroupsByTime, valueIds } from './gather.ts';

export const AGGREGATIONS = ['rows', 'count', 'sum', 'mean', 'min', 'max', 'std', 'first', 'last', 'distinct'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export interface AggregateSpec {
  column: string;
  op: Aggregation;
  /** Output name (default `${column}_${op}`). */
  as?: string;
}

/** Where each group's rows lie in group order: rows of group k at positions start[k] .. start[k+1]. */
interface GroupLayout {
  count: number;
  start: Int32Array;
  /** Position of each row in group order; -1 for rows with a missing key (in no group). */
  pos: Int32Array;
  /** The first row (in row order) of each group: it gives the key values. */
  firstRow: Int32Array;
}

/**
 * A counting sort of the rows by group id. Within a group rows keep row order, unless `time` is given
 * and some group's rows are not already in time order in the table: then each group is sorted by time
 * (missing times last, ties by row), which a panel laid out by date or by entity never needs.
 */
function groupLayout(key: Int32Array, count: number, time: Float64Array | undefined): GroupLayout {
  const n = key.length;
  const start = new Int32Array(count + 1);
  const firstRow = new Int32Array(count);
  // Groups are numbered by first appearance, so a new group always has the next id.
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const k = key[i];
    if (k < 0) continue;
    if (k === seen) firstRow[seen++] = i;
    start[k + 1]++;
  }
  for (let k = 0; k < count; k++) start[k + 1] += start[k];
  const fill = start.slice(0, count);
  const pos = new Int32Array(n);
  let inTimeOrder = true;
  if (time) {
    // Row i follows row j (an earlier row of its group) in time order unless its time is present and
    // before j's, or j's time is missing (missing times go last).
    const lastTime = new Float64Array(count);
    for (let i = 0; i < n; i++) {
      const k = key[i];
      if (k < 0) {
        pos[i] = -1;
        continue;
      }
      const p = fill[k]++;
      pos[i] = p;
      const t = time[i];
      if (p > start[k] && t === t) {
        const before = lastTime[k];
        if (before !== before || t < before) inTimeOrder = false;
      }
      lastTime[k] = t;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const k = key[i];
      pos[i] = k < 0 ? -1 : fill[k]++;
    }
  }
  if (!inTimeOrder) {
    const order = rowsInGroupOrder(pos, start[count]);
    sortGroupsByTime(start, order, time!);
    for (let p = 0; p < order.length; p++) pos[order[p]] = p;
  }
  return { count, start, pos, firstRow };
}

/** The inverse of `pos`: the row at each position of group order. */
function rowsInGroupOrder(pos: Int32Array, length: number): Int32Array {
  const order = new Int32Array(length);
  for (let i = 0; i < pos.length; i++) if (pos[i] >= 0) order[pos[i]] = i;
  return order;
}

/** A numeric column's values in group order, written into `out` (reading the column in row order). */
function scatterNumbers(values: Float64Array, pos: Int32Array, out: Float64Array): Float64Array {
  for (let i = 0; i < pos.length; i++) {
    const p = pos[i];
    if (p >= 0) out[p] = values[i];
  }
  return out;
}

/** Per-value ids in group order (-1 for missing), for distinct labels. */
function scatterIds(ids: Int32Array, pos: Int32Array, length: number): Int32Array {
  const out = new Int32Array(length);
  for (let i = 0; i < pos.length; i++) {
    const p = pos[i];
    if (p >= 0) out[p] = ids[i];
  }
  return out;
}

function requireNumeric(c: Column, op: Aggregation): Float64Array {
  if (c.type === 'category' || c.type === 'text') {
    throw new NodeError(
      `"${op}" needs a numeric or date column but "${c.name}" is ${c.type}. Use count, first, last or distinct for it.`,
      { column: c.name },
    );
  }
  return c.values;
}

interface GroupStats {
  n: Float64Array;
  sum: Float64Array;
  sq: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

/** Count, sum, sum of squares, min and max of each group's present values, in group order. */
function groupStats(g: Float64Array, start: Int32Array, count: number): GroupStats {
  const st: GroupStats = { n: new Float64Array(count), sum: new Float64Array(count), sq: new Float64Array(count), min: new Float64Array(count), max: new Float64Array(count) };
  for (let k = 0; k < count; k++) {
    let n = 0;
    let sum = 0;
    let sq = 0;
    let mn = Infinity;
    let mx = -Infinity;
    for (let p = start[k], end = start[k + 1]; p < end; p++) {
      const x = g[p];
      if (x !== x) continue;
      n++;
      sum += x;
      sq += x * x;
      if (x < mn) mn = x;
      if (x > mx) mx = x;
    }
    st.n[k] = n;
    st.sum[k] = sum;
    st.sq[k] = sq;
    st.min[k] = mn;
    st.max[k] = mx;
  }
  return st;
}

function statResult(op: Aggregation, st: GroupStats, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const n = st.n[k];
    let r: number;
    switch (op) {
      case 'count':
        r = n;
        break;
      case 'sum':
        r = st.sum[k];
        break;
      case 'mean':
        r = n > 0 ? st.sum[k] / n : NaN;
        break;
      case 'min':
        r = n > 0 ? st.min[k] : NaN;
        break;
      case 'max':
        r = n > 0 ? st.max[k] : NaN;
        break;
      default: {
        // sample standard deviation (n − 1), as pandas
        const mean = n > 0 ? st.sum[k] / n : 0;
        r = n > 1 ? Math.sqrt(Math.max(0, (st.sq[k] - n * mean * mean) / (n - 1))) : NaN;
      }
    }
    out[k] = r;
  }
  return out;
}

/** The first (or last) present value of each group in group order; NaN when none. */
function firstOrLastNumber(g: Float64Array, start: Int32Array, count: number, last: boolean): Float64Array {
  const out = new Float64Array(count).fill(NaN);
  for (let k = 0; k < count; k++) {
    if (last) {
      for (let p = start[k + 1] - 1; p >= start[k]; p--) {
        if (g[p] === g[p]) {
          out[k] = g[p];
          break;
        }
      }
    } else {
      for (let p = start[k], end = start[k + 1]; p < end; p++) {
        if (g[p] === g[p]) {
          out[k] = g[p];
          break;
        }
      }
    }
  }
  return out;
}

/**
 * Distinct present numbers per group, as a Set would count them (-0 and 0 once). Short groups compare
 * each value with the ones before it (a handful of values: cheaper than sorting); long groups copy their
 * values into a scratch array, sort it and count where the value changes.
 */
function distinctNumbers(g: Float64Array, start: Int32Array, count: number): Float64Array {
  const out = new Float64Array(count);
  let scratch = new Float64Array(64);
  for (let k = 0; k < count; k++) {
    const a = start[k];
    const b = start[k + 1];
    let distinct = 0;
    if (b - a <= 16) {
      for (let q = a; q < b; q++) {
        const x = g[q];
        if (x !== x) continue;
        let p = a;
        while (p < q && g[p] !== x) p++;
        if (p === q) distinct++;
      }
    } else {
      if (scratch.length < b - a) scratch = new Float64Array(2 * (b - a));
      let m = 0;
      for (let q = a; q < b; q++) if (g[q] === g[q]) scratch[m++] = g[q];
      if (m > 0) {
        const xs = scratch.subarray(0, m).sort();
        distinct = 1;
        for (let q = 1; q < m; q++) if (xs[q] !== xs[q - 1]) distinct++;
      }
    }
    out[k] = distinct;
  }
  return out;
}

/** Distinct value ids (≥ 0) per group: a stamp per id records the last group that counted it. */
function distinctIds(ids: Int32Array, idCount: number, start: Int32Array, count: number): Float64Array {
  const out = new Float64Array(count);
  const stamp = new Int32Array(idCount).fill(-1);
  for (let k = 0; k < count; k++) {
    let distinct = 0;
    for (let p = start[k], end = start[k + 1]; p < end; p++) {
      const v = ids[p];
      if (v >= 0 && stamp[v] !== k) {
        stamp[v] = k;
        distinct++;
      }
    }
    out[k] = distinct;
  }
  return out;
}

/** Present values of a category or text column per group (order does not matter for a count). */
function countLabels(c: Column, key: Int32Array, count: number): Float64Array {
  const out = new Float64Array(count);
  if (c.type === 'category') {
    const codes = c.codes;
    for (let i = 0; i < key.length; i++) if (key[i] >= 0 && codes[i] >= 0) out[key[i]]++;
  } else if (c.type === 'text') {
    const values = c.values;
    for (let i = 0; i < key.length; i++) if (key[i] >= 0 && values[i] != null) out[key[i]]++;
  }
  return out;
}

/** The row of the first (or last) present label of each group in group order; -1 when none. */
function firstOrLastLabelRow(c: Column, order: Int32Array, start: Int32Array, count: number, last: boolean): Int32Array {
  const present = (i: number) => (c.type === 'category' ? c.codes[i] >= 0 : c.type === 'text' ? c.values[i] != null : true);
  const pick = new Int32Array(count).fill(-1);
  for (let k = 0; k < count; k++) {
    if (last) {
      for (let p = start[k + 1] - 1; p >= start[k]; p--) {
        if (present(order[p])) {
          pick[k] = order[p];
          break;
        }
      }
    } else {
      for (let p = start[k], end = start[k + 1]; p < end; p++) {
        if (present(order[p])) {
          pick[k] = order[p];
          break;
        }
      }
    }
  }
  return pick;
}

export function groupAggregate(table: Table, by: string[], specs: AggregateSpec[], orderBy?: string): Table {
  if (by.length === 0) throw new NodeError('Choose at least one column to group by.', { field: 'by' });
  const { ids, count } = keyIds([{ table, columns: by }]);
  const key = ids[0];
  const time = orderBy ? requireDateColumn(table, orderBy, 'Order', 'orderBy') : undefined;
  const { start, pos, firstRow } = groupLayout(key, count, time);
  const total = start[count];
  const columns: Column[] = by.map((name) => gatherColumn(requireColumn(table, name, 'Group'), firstRow));
  // Made on first need: the row at each group position (labels' first/last), one scratch array that
  // holds the current numeric column in group order, and that column's statistics.
  let order: Int32Array | undefined;
  let scratch: Float64Array | undefined;
  let current: { column: Column; g: Float64Array; stats?: GroupStats } | undefined;
  const inGroupOrder = (c: Column, values: Float64Array) => {
    if (current?.column !== c) current = { column: c, g: scatterNumbers(values, pos, (scratch ??= new Float64Array(total))) };
    return current;
  };
  for (const s of specs) {
    const name = s.as || (s.op === 'rows' ? 'rows' : `${s.column}_${s.op}`);
    if (s.op === 'rows') {
      const v = new Float64Array(count);
      for (let k = 0; k < count; k++) v[k] = start[k + 1] - start[k];
      columns.push({ name, type: 'integer', values: v });
      continue;
    }
    const c = requireColumn(table, s.column, 'Aggregated', 'aggregations');
    if (c.type === 'category' || c.type === 'text') {
      if (s.op === 'first' || s.op === 'last') {
        order ??= rowsInGroupOrder(pos, total);
        columns.push({ ...gatherColumn(c, firstOrLastLabelRow(c, order, start, count, s.op === 'last'), name), role: undefined });
      } else if (s.op === 'count') columns.push({ name, type: 'integer', values: countLabels(c, key, count) });
      else if (s.op === 'distinct') {
        // Category codes are value ids already; text gets dense ids once.
        const valueOf = c.type === 'category' ? c.codes : valueIds(c, table.nRows);
        const idCount = c.type === 'category' ? c.categories.length : table.nRows;
        columns.push({ name, type: 'integer', values: distinctIds(scatterIds(valueOf, pos, total), idCount, start, count) });
      } else requireNumeric(c, s.op);
      continue;
    }
    const cur = inGroupOrder(c, c.values);
    if (s.op === 'first' || s.op === 'last') {
      columns.push({ ...c, name, values: firstOrLastNumber(cur.g, start, count, s.op === 'last'), role: undefined });
    } else if (s.op === 'distinct') {
      columns.push({ name, type: 'integer', values: distinctNumbers(cur.g, start, count) });
    } else {
      cur.stats ??= groupStats(cur.g, start, count);
      const type = s.op === 'count' ? 'integer' : s.op === 'min' || s.op === 'max' ? c.type : 'number';
      columns.push({ name, type, values: statResult(s.op, cur.stats, count) });
    }
  }
  return { nRows: count, columns };
}
