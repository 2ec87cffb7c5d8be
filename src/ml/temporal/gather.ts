/**
 * Column helpers shared by the joins and aggregations: gathering rows by index where -1 means "no
 * row" (a missing value), and composite keys from one or more columns.
 */
import { NodeError } from '../../core/errors.ts';
import type { Column, Table } from '../../core/table/table.ts';

/** Rows `idx` of a column; index -1 gives a missing value. */
export function gatherColumn(c: Column, idx: Int32Array, name = c.name): Column {
  const n = idx.length;
  if (c.type === 'category') {
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = idx[i] < 0 ? -1 : c.codes[idx[i]];
    return { ...c, name, codes };
  }
  if (c.type === 'text') {
    const values = new Array<string | null>(n);
    for (let i = 0; i < n; i++) values[i] = idx[i] < 0 ? null : c.values[idx[i]];
    return { ...c, name, values };
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = idx[i] < 0 ? NaN : c.values[idx[i]];
  return { ...c, name, values };
}

export function requireColumn(t: Table, name: string, what: string, field?: string): Column {
  const c = t.columns.find((x) => x.name === name);
  if (!c) {
    throw new NodeError(
      `${what} column "${name}" is not in the table (columns: ${t.columns.map((x) => x.name).join(', ') || 'none'}). Choose an existing column.`,
      { column: name, field },
    );
  }
  return c;
}

export function requireDateColumn(t: Table, name: string, what: string, field?: string): Float64Array {
  const c = requireColumn(t, name, what, field);
  if (c.type === 'category' || c.type === 'text') {
    throw new NodeError(
      `${what} column "${name}" holds ${c.type} values, not dates or numbers. Choose a date column (YYYY-MM-DD) or convert it first.`,
      { column: name, field },
    );
  }
  return c.values;
}

/** A key value as a string that is equal across tables (categories by label, numbers by value). */
function keyPart(c: Column, i: number): string | null {
  if (c.type === 'category') return c.codes[i] < 0 ? null : c.categories[c.codes[i]];
  if (c.type === 'text') return c.values[i];
  const v = c.values[i];
  return v !== v ? null : String(v);
}

/**
 * Dense integer key ids for the rows of several tables on matching key columns; rows with a missing
 * key part get -1 (they never match). `dict` maps ids back to the key strings.
 */
export function keyIds(parts: Array<{ table: Table; columns: string[] }>): { ids: Int32Array[]; count: number } {
  const dict = new Map<string, number>();
  const ids = parts.map(({ table, columns }) => {
    const cols = columns.map((name) => requireColumn(table, name, 'Key'));
    const out = new Int32Array(table.nRows);
    const single = cols.length === 1 ? cols[0] : null;
    for (let i = 0; i < table.nRows; i++) {
      let key: string | null;
      if (single) key = keyPart(single, i);
      else {
        const ps: string[] = [];
        key = '';
        for (const c of cols) {
          const p = keyPart(c, i);
          if (p === null) {
            key = null;
            break;
          }
          ps.push(p);
        }
        if (key !== null) key = ps.join('\u0001');
      }
      if (key === null) out[i] = -1;
      else {
        let id = dict.get(key);
        if (id === undefined) dict.set(key, (id = dict.size));
        out[i] = id;
      }
    }
    return out;
  });
  return { ids, count: dict.size };
}

/** Row lists per key id (CSR): rows of key k are order[start[k] .. start[k+1]). */
export function groupRows(ids: Int32Array, count: number): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(count + 1);
  for (let i = 0; i < ids.length; i++) if (ids[i] >= 0) start[ids[i] + 1]++;
  for (let k = 0; k < count; k++) start[k + 1] += start[k];
  const fill = start.slice(0, count);
  const order = new Int32Array(start[count]);
  for (let i = 0; i < ids.length; i++) if (ids[i] >= 0) order[fill[ids[i]]++] = i;
  return { start, order };
}

/** Sorts each group's rows by `time` (stable; missing times last). */
export function sortGroupsByTime(start: Int32Array, order: Int32Array, time: Float64Array): void {
  for (let k = 0; k + 1 < start.length; k++) {
    const a = start[k];
    const b = start[k + 1];
    if (b - a < 2) continue;
    const rows = Array.from(order.subarray(a, b));
    rows.sort((x, y) => {
      const tx = time[x];
      const ty = time[y];
      if (tx !== tx) return ty !== ty ? x - y : 1;
      if (ty !== ty) return -1;
      return tx - ty || x - y;
    });
    order.set(rows, a);
  }
}

/** A column name not yet in `taken`, adding `suffix` (then a number) on a clash. */
export function uniqueName(name: string, taken: Set<string>, suffix: string): string {
  if (!taken.has(name)) return name;
  let candidate = name + suffix;
  for (let k = 2; taken.has(candidate); k++) candidate = `${name}${suffix}${k}`;
  return candidate;
}
