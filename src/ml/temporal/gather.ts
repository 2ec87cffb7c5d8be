/**
 * Column helpers shared by the joins and aggregations: gathering rows by index where -1 means "no
 * row" (a missing value), and composite keys from one or more columns.
 */
import { NodeError } from '../../core/errors.ts';
import type { Column, NumericColumn, Table } from '../../core/table/table.ts';

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

/**
 * Dense integer ids (first appearance first) for the values of one key column position across several
 * tables; equal values get equal ids, and values are equal across tables as strings (categories by label,
 * numbers by value, text as is), so a category "7" meets the number 7. Missing values get -1.
 *
 * No string is built per row: category codes are translated through a per-category table, integer
 * numbers in a compact range through a direct lookup array, other numbers through a Map on the number
 * (distinct doubles print differently, and -0 meets 0 in both), text through a Map on the string. Only a
 * value seen for the first time is turned into its string, to meet the other tables' values.
 */
function keyColumnIds(cols: Column[], lengths: number[]): { ids: Int32Array[]; count: number } {
  if (cols.every((c) => c.type !== 'category' && c.type !== 'text')) return numberColumnIds(cols as NumericColumn[], lengths);
  const dict = new Map<string, number>();
  const global = (label: string): number => {
    let id = dict.get(label);
    if (id === undefined) dict.set(label, (id = dict.size));
    return id;
  };
  const ids = cols.map((c, part) => {
    const n = lengths[part];
    const out = new Int32Array(n);
    if (c.type === 'category') {
      const byCode = new Int32Array(c.categories.length).fill(-2);
      const codes = c.codes;
      for (let i = 0; i < n; i++) {
        const code = codes[i];
        if (code < 0) out[i] = -1;
        else {
          let id = byCode[code];
          if (id === -2) byCode[code] = id = global(c.categories[code]);
          out[i] = id;
        }
      }
    } else if (c.type === 'text') {
      const values = c.values;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        out[i] = v == null ? -1 : global(v);
      }
    } else numberKeyIds(c.values, n, out, global);
    return out;
  });
  return { ids, count: dict.size };
}

/**
 * keyColumnIds when every table's key column is numeric: equal strings are then equal numbers, so no
 * string is made at all; integers in a compact range (employee ids) go through one lookup array.
 */
function numberColumnIds(cols: NumericColumn[], lengths: number[]): { ids: Int32Array[]; count: number } {
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  let total = 0;
  cols.forEach((c, part) => {
    const v = c.values;
    total += lengths[part];
    for (let i = 0; i < lengths[part]; i++) {
      const x = v[i];
      if (x !== x) continue;
      if (x < min) min = x;
      if (x > max) max = x;
      if (integers && x !== Math.floor(x)) integers = false;
    }
  });
  let count = 0;
  if (integers && min <= max && max - min <= 4 * total + 1024) {
    // -0 - min lands on the same slot as 0, as String(-0) === '0'.
    const byValue = new Int32Array(max - min + 1).fill(-1);
    const ids = cols.map((c, part) => {
      const v = c.values;
      const out = new Int32Array(lengths[part]);
      for (let i = 0; i < out.length; i++) {
        const x = v[i];
        if (x !== x) {
          out[i] = -1;
          continue;
        }
        let id = byValue[x - min];
        if (id < 0) byValue[x - min] = id = count++;
        out[i] = id;
      }
      return out;
    });
    return { ids, count };
  }
  // A Map on numbers: SameValueZero, so -0 meets 0 as their strings do; NaN (missing) never enters.
  const byNumber = new Map<number, number>();
  const ids = cols.map((c, part) => {
    const v = c.values;
    const out = new Int32Array(lengths[part]);
    for (let i = 0; i < out.length; i++) {
      const x = v[i];
      if (x !== x) {
        out[i] = -1;
        continue;
      }
      let id = byNumber.get(x);
      if (id === undefined) byNumber.set(x, (id = count++));
      out[i] = id;
    }
    return out;
  });
  return { ids, count };
}

/** Dense ids of a column's values (equal values, equal ids; -1 for missing), e.g. to count distinct values. */
export function valueIds(c: Column, nRows: number): Int32Array {
  return keyColumnIds([c], [nRows]).ids[0];
}

/** Writes the ids of numeric key values into `out` when other tables' keys are labels (see keyColumnIds). */
function numberKeyIds(values: Float64Array, n: number, out: Int32Array, global: (label: string) => number): void {
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integers && (v !== Math.floor(v) || Object.is(v, -0))) integers = false;
  }
  // A lookup array when the integers span at most a few times the number of rows.
  if (integers && min <= max && max - min <= 4 * n + 1024) {
    const byValue = new Int32Array(max - min + 1).fill(-2);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v !== v) {
        out[i] = -1;
        continue;
      }
      let id = byValue[v - min];
      if (id === -2) byValue[v - min] = id = global(String(v));
      out[i] = id;
    }
    return;
  }
  const byNumber = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) {
      out[i] = -1;
      continue;
    }
    let id = byNumber.get(v);
    if (id === undefined) byNumber.set(v, (id = global(String(v))));
    out[i] = id;
  }
}

/**
 * Dense integer key ids for the rows of several tables on matching key columns, numbered in order of
 * first appearance (the first table's rows, then the next table's); rows with a missing key part get -1
 * (they never match). Several key columns: each position gets its own ids (keyColumnIds), then the
 * tuples are numbered pairwise, left to right, on numbers alone.
 */
export function keyIds(parts: Array<{ table: Table; columns: string[] }>): { ids: Int32Array[]; count: number } {
  const cols = parts.map(({ table, columns }) => columns.map((name) => requireColumn(table, name, 'Key')));
  const lengths = parts.map((p) => p.table.nRows);
  const width = cols.length > 0 ? cols[0].length : 0;
  // No key columns (one group), or tables keyed on different numbers of columns: by label, per row.
  if (width === 0 || cols.some((c) => c.length !== width)) return keyIdsByLabel(cols, lengths);
  let acc = keyColumnIds(cols.map((c) => c[0]), lengths);
  for (let j = 1; j < width; j++) {
    const next = keyColumnIds(cols.map((c) => c[j]), lengths);
    acc = combineIds(acc, next, lengths);
  }
  return acc;
}

/** A key value as a string that is equal across tables (categories by label, numbers by value). */
function keyPart(c: Column, i: number): string | null {
  if (c.type === 'category') return c.codes[i] < 0 ? null : c.categories[c.codes[i]];
  if (c.type === 'text') return c.values[i];
  const v = c.values[i];
  return v !== v ? null : String(v);
}

/** keyIds by joining each row's key labels into one string: the general case, slow but rare. */
function keyIdsByLabel(cols: Column[][], lengths: number[]): { ids: Int32Array[]; count: number } {
  const dict = new Map<string, number>();
  const ids = cols.map((parts, t) => {
    const out = new Int32Array(lengths[t]);
    for (let i = 0; i < lengths[t]; i++) {
      const ps: string[] = [];
      let missing = false;
      for (const c of parts) {
        const p = keyPart(c, i);
        if (p === null) {
          missing = true;
          break;
        }
        ps.push(p);
      }
      if (missing) out[i] = -1;
      else {
        const key = ps.join('\u0001');
        let id = dict.get(key);
        if (id === undefined) dict.set(key, (id = dict.size));
        out[i] = id;
      }
    }
    return out;
  });
  return { ids, count: dict.size };
}

/** Numbers the pairs (a, b) of two id arrays densely, first appearance first; -1 where either is -1. */
function combineIds(a: { ids: Int32Array[]; count: number }, b: { ids: Int32Array[]; count: number }, lengths: number[]): { ids: Int32Array[]; count: number } {
  const total = lengths.reduce((s, n) => s + n, 0);
  const span = a.count * b.count;
  const direct = span <= 4 * total + 1024 ? new Int32Array(span).fill(-1) : undefined;
  const map = direct ? undefined : new Map<number, number>();
  let count = 0;
  const ids = lengths.map((n, part) => {
    const x = a.ids[part];
    const y = b.ids[part];
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (x[i] < 0 || y[i] < 0) {
        out[i] = -1;
        continue;
      }
      const key = x[i] * b.count + y[i];
      let id: number | undefined;
      if (direct) {
        id = direct[key];
        if (id < 0) direct[key] = id = count++;
      } else {
        id = map!.get(key);
        if (id === undefined) map!.set(key, (id = count++));
      }
      out[i] = id;
    }
    return out;
  });
  return { ids, count };
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

/** x before y: by time, missing times last, ties by row index (a stable order). */
function timeBefore(time: Float64Array, x: number, y: number): boolean {
  const tx = time[x];
  const ty = time[y];
  if (tx !== tx) return ty !== ty && x < y;
  if (ty !== ty) return true;
  return tx < ty || (tx === ty && x < y);
}

/**
 * Sorts each group's rows by `time` (stable; missing times last), in place. Groups are usually a
 * handful of records (an employee's surveys): insertion sort, with no allocation; long groups are merge
 * sorted through one shared scratch array.
 */
export function sortGroupsByTime(start: Int32Array, order: Int32Array, time: Float64Array): void {
  let scratch: Int32Array | undefined;
  for (let k = 0; k + 1 < start.length; k++) {
    const a = start[k];
    const b = start[k + 1];
    if (b - a < 2) continue;
    if (b - a <= 32) {
      for (let p = a + 1; p < b; p++) {
        const row = order[p];
        let q = p - 1;
        while (q >= a && timeBefore(time, row, order[q])) {
          order[q + 1] = order[q];
          q--;
        }
        order[q + 1] = row;
      }
    } else {
      if (!scratch || scratch.length < b - a) scratch = new Int32Array(Math.max(b - a, 1024));
      mergeSortRows(order, a, b, scratch, time);
    }
  }
}

/** Bottom-up merge sort of order[a, b) by timeBefore, using scratch (at least b − a long). */
function mergeSortRows(order: Int32Array, a: number, b: number, scratch: Int32Array, time: Float64Array): void {
  const n = b - a;
  let src = order.subarray(a, b);
  let dst = scratch.subarray(0, n);
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let o = lo;
      while (i < mid && j < hi) dst[o++] = timeBefore(time, src[j], src[i]) ? src[j++] : src[i++];
      while (i < mid) dst[o++] = src[i++];
      while (j < hi) dst[o++] = src[j++];
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src.buffer !== order.buffer || src.byteOffset !== order.byteOffset + a * 4) order.set(src, a);
}

/** A column name not yet in `taken`, adding `suffix` (then a number) on a clash. */
export function uniqueName(name: string, taken: Set<string>, suffix: string): string {
  if (!taken.has(name)) return name;
  let candidate = name + suffix;
  for (let k = 2; taken.has(candidate); k++) candidate = `${name}${suffix}${k}`;
  return candidate;
}
