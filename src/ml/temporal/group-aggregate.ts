/**
 * Group-by aggregation: one output row per distinct key (in order of first appearance), with the key
 * columns and one column per aggregation. Missing values are skipped (count counts present values;
 * rows counts rows). first/last follow `orderBy` when given, else row order.
 */
import { NodeError } from '../../core/errors.ts';
import type { Column, Table } from '../../core/table/table.ts';
import { gatherColumn, groupRows, keyIds, requireColumn, requireDateColumn, sortGroupsByTime, valueIds } from './gather.ts';

export const AGGREGATIONS = ['rows', 'count', 'sum', 'mean', 'min', 'max', 'std', 'first', 'last', 'distinct'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export interface AggregateSpec {
  column: string;
  op: Aggregation;
  /** Output name (default `${column}_${op}`). */
  as?: string;
}

function numericValues(c: Column, op: Aggregation): Float64Array {
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

export function groupAggregate(table: Table, by: string[], specs: AggregateSpec[], orderBy?: string): Table {
  if (by.length === 0) throw new NodeError('Choose at least one column to group by.', { field: 'by' });
  const { ids, count } = keyIds([{ table, columns: by }]);
  const { start, order } = groupRows(ids[0], count);
  if (orderBy) sortGroupsByTime(start, order, requireDateColumn(table, orderBy, 'Order', 'orderBy'));
  else for (let k = 0; k < count; k++) order.subarray(start[k], start[k + 1]).sort();
  // First row of each group (groups are numbered by first appearance) keeps the key values.
  const firstRow = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    let m = Infinity;
    for (let p = start[k]; p < start[k + 1]; p++) m = Math.min(m, order[p]);
    firstRow[k] = m;
  }
  const columns: Column[] = by.map((name) => gatherColumn(requireColumn(table, name, 'Group'), firstRow));
  // A numeric column's values in group order, gathered once: the passes below then read contiguous memory
  // instead of jumping through `order` into the table (a group's rows lie far apart in a panel).
  const groupedCache = new Map<Column, Float64Array>();
  const grouped = (c: Column, values: Float64Array): Float64Array => {
    let g = groupedCache.get(c);
    if (!g) {
      g = new Float64Array(order.length);
      for (let p = 0; p < order.length; p++) g[p] = values[order[p]];
      groupedCache.set(c, g);
    }
    return g;
  };
  // Count, sum, sum of squares, min and max of a column per group, in one pass shared by its operations.
  const statsCache = new Map<Column, GroupStats>();
  const statsOf = (c: Column, values: Float64Array): GroupStats => {
    let st = statsCache.get(c);
    if (st) return st;
    const v = grouped(c, values);
    st = { n: new Float64Array(count), sum: new Float64Array(count), sq: new Float64Array(count), min: new Float64Array(count), max: new Float64Array(count) };
    for (let k = 0; k < count; k++) {
      let n = 0;
      let sum = 0;
      let sq = 0;
      let mn = Infinity;
      let mx = -Infinity;
      for (let p = start[k]; p < start[k + 1]; p++) {
        const x = v[p];
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
    statsCache.set(c, st);
    return st;
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
    const g = c.type !== 'category' && c.type !== 'text' ? grouped(c, c.values) : undefined;
    /** Whether the value at position p of the group order is missing. */
    const isMissing = (p: number) => {
      if (g) return g[p] !== g[p];
      const i = order[p];
      return c.type === 'category' ? c.codes[i] < 0 : c.type === 'text' ? c.values[i] == null : false;
    };
    if (s.op === 'first' || s.op === 'last') {
      const pick = new Int32Array(count).fill(-1);
      for (let k = 0; k < count; k++) {
        if (s.op === 'first') {
          for (let p = start[k]; p < start[k + 1]; p++) if (!isMissing(p)) { pick[k] = order[p]; break; }
        } else {
          for (let p = start[k + 1] - 1; p >= start[k]; p--) if (!isMissing(p)) { pick[k] = order[p]; break; }
        }
      }
      const g = gatherColumn(c, pick, name);
      columns.push({ ...g, role: undefined });
      continue;
    }
    const out = new Float64Array(count);
    if (s.op === 'count' || s.op === 'distinct') {
      // distinct: numbers are sorted within the group (a few values each) and counted where they change;
      // labels get a dense id once (category codes as they are) and a stamp per id records the last group
      // that counted it. One pass, no set per group.
      const numeric = g;
      const valueOf = s.op === 'distinct' && !numeric ? (c.type === 'category' ? c.codes : valueIds(c, table.nRows)) : undefined;
      const stamp = valueOf ? new Int32Array(c.type === 'category' ? c.categories.length : table.nRows).fill(-1) : undefined;
      let scratch = new Float64Array(64);
      for (let k = 0; k < count; k++) {
        let m = 0;
        let distinct = 0;
        for (let p = start[k]; p < start[k + 1]; p++) {
          if (isMissing(p)) continue;
          const i = order[p];
          if (numeric && s.op === 'distinct') {
            if (m === scratch.length) {
              const grown = new Float64Array(2 * m);
              grown.set(scratch);
              scratch = grown;
            }
            scratch[m] = numeric[p];
          } else if (valueOf && stamp![valueOf[i]] !== k) {
            stamp![valueOf[i]] = k;
            distinct++;
          }
          m++;
        }
        if (numeric && s.op === 'distinct' && m > 0) {
          const xs = scratch.subarray(0, m);
          if (m <= 16) {
            // insertion sort: most groups hold a handful of values
            for (let a = 1; a < m; a++) {
              const x = xs[a];
              let b = a - 1;
              while (b >= 0 && xs[b] > x) {
                xs[b + 1] = xs[b];
                b--;
              }
              xs[b + 1] = x;
            }
          } else xs.sort();
          distinct = 1;
          // -0 and 0 count once, as in a Set.
          for (let q = 1; q < m; q++) if (xs[q] !== xs[q - 1]) distinct++;
        }
        out[k] = s.op === 'count' ? m : distinct;
      }
      columns.push({ name, type: 'integer', values: out });
      continue;
    }
    const st = statsOf(c, numericValues(c, s.op));
    for (let k = 0; k < count; k++) {
      const n = st.n[k];
      let r: number;
      switch (s.op) {
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
    const keepType = (s.op === 'min' || s.op === 'max') && c.type !== 'category' && c.type !== 'text' ? c.type : 'number';
    columns.push({ name, type: keepType, values: out });
  }
  return { nRows: count, columns };
}
