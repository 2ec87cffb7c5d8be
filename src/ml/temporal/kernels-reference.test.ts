/**
 * The typed-array kernels of the joins, as-of joins, window features, group aggregates and the snapshot
 * panel (issue 17) against brute-force references written the obvious way (string keys, nested loops,
 * sorting copies), on random tables with missing values, tied times, duplicate keys, keys of different
 * column types on the two sides, and groups left empty.
 */
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../core/rng.ts';
import { cellValue, type Column, type Table } from '../../core/table/table.ts';
import { asofJoin } from './asof-join.ts';
import { DAY_MS, addMonths } from './dates.ts';
import { gatherColumn, groupRows, keyIds, sortGroupsByTime } from './gather.ts';
import { AGGREGATIONS, type Aggregation, groupAggregate } from './group-aggregate.ts';
import { joinTables } from './join.ts';
import { buildSnapshotPanel } from './snapshot-panel.ts';
import { windowFeatures } from './window-features.ts';

/** A key part as the reference compares it: categories by label, numbers by their string. */
function label(c: Column, i: number): string | null {
  if (c.type === 'category') return c.codes[i] < 0 ? null : c.categories[c.codes[i]];
  if (c.type === 'text') return c.values[i];
  return Number.isNaN(c.values[i]) ? null : String(c.values[i]);
}

function refKey(t: Table, columns: string[], i: number): string | null {
  const parts: string[] = [];
  for (const name of columns) {
    const p = label(t.columns.find((c) => c.name === name)!, i);
    if (p === null) return null;
    parts.push(p);
  }
  return parts.join('\u0001');
}

/** keyIds the slow way: one string per row, numbered in order of first appearance. */
function refKeyIds(parts: Array<{ table: Table; columns: string[] }>): { ids: number[][]; count: number } {
  const dict = new Map<string, number>();
  const ids = parts.map(({ table, columns }) =>
    Array.from({ length: table.nRows }, (_, i) => {
      const k = refKey(table, columns, i);
      if (k === null) return -1;
      if (!dict.has(k)) dict.set(k, dict.size);
      return dict.get(k)!;
    }),
  );
  return { ids, count: dict.size };
}

const maybe = (rng: Rng, p: number) => rng.next() < p;

/** A key column of the given kind over `distinct` values, with about 10 % missing. */
function keyColumn(rng: Rng, name: string, n: number, kind: 'integer' | 'number' | 'category' | 'text', distinct: number): Column {
  const pick = () => rng.int(distinct);
  if (kind === 'integer') return { name, type: 'integer', values: Float64Array.from({ length: n }, () => (maybe(rng, 0.1) ? NaN : pick())) };
  if (kind === 'number') return { name, type: 'number', values: Float64Array.from({ length: n }, () => (maybe(rng, 0.1) ? NaN : pick() * 0.5 - 1)) };
  // Categories list values in a random order, including some never used (empty groups).
  const labels = Array.from({ length: distinct + 2 }, (_, k) => String(k));
  rng.shuffle(labels);
  if (kind === 'category') return { name, type: 'category', categories: labels, codes: Int32Array.from({ length: n }, () => (maybe(rng, 0.1) ? -1 : rng.int(labels.length))) };
  return { name, type: 'text', values: Array.from({ length: n }, () => (maybe(rng, 0.1) ? null : String(pick()))) };
}

/** Dates on few distinct days (ties), about 8 % missing. */
function dateColumn(rng: Rng, name: string, n: number, days = 40): Column {
  const base = Date.UTC(2023, 0, 1);
  return { name, type: 'date', values: Float64Array.from({ length: n }, () => (maybe(rng, 0.08) ? NaN : base + rng.int(days) * DAY_MS)) };
}

function valueColumn(rng: Rng, name: string, n: number): Column {
  return { name, type: 'number', values: Float64Array.from({ length: n }, () => (maybe(rng, 0.15) ? NaN : Math.round(rng.normal() * 100) / 10)) };
}

const KINDS = ['integer', 'number', 'category', 'text'] as const;
const cells = (t: Table, name: string) => {
  const c = t.columns.find((x) => x.name === name)!;
  return Array.from({ length: t.nRows }, (_, i) => cellValue(c, i));
};

describe('keyIds against one string per row', () => {
  it('numbers keys identically for every column type, mixed types across tables and two-column keys', () => {
    const rng = createRng(17);
    for (let trial = 0; trial < 60; trial++) {
      const n1 = rng.int(200);
      const n2 = rng.int(200);
      const distinct = 1 + rng.int(trial % 3 === 0 ? 5000 : 30);
      const width = 1 + rng.int(2);
      const names = ['k0', 'k1'].slice(0, width);
      const left: Table = { nRows: n1, columns: names.map((nm) => keyColumn(rng, nm, n1, KINDS[rng.int(4)], distinct)) };
      // The right side may use another type for the same key (a category "7" meets the number 7).
      const right: Table = { nRows: n2, columns: names.map((nm) => keyColumn(rng, nm, n2, KINDS[rng.int(4)], distinct)) };
      const parts = [
        { table: left, columns: names },
        { table: right, columns: names },
      ];
      const fast = keyIds(parts);
      const ref = refKeyIds(parts);
      expect(fast.count).toBe(ref.count);
      expect(fast.ids.map((a) => Array.from(a))).toEqual(ref.ids);
    }
  });
  it('handles integers too spread for a lookup array, negative zero and no key columns', () => {
    const t: Table = { nRows: 5, columns: [{ name: 'id', type: 'number', values: Float64Array.from([1e12, -0, 0, 1e12, 7]) }] };
    expect(Array.from(keyIds([{ table: t, columns: ['id'] }]).ids[0])).toEqual([0, 1, 1, 0, 2]);
    const small: Table = { nRows: 4, columns: [{ name: 'id', type: 'integer', values: Float64Array.from([3, -0, 0, NaN]) }] };
    const labels: Table = { nRows: 2, columns: [{ name: 'id', type: 'category', categories: ['0', '3'], codes: Int32Array.from([0, 1]) }] };
    const both = keyIds([
      { table: small, columns: ['id'] },
      { table: labels, columns: ['id'] },
    ]);
    expect(both.ids.map((a) => Array.from(a))).toEqual([[0, 1, 1, -1], [1, 0]]);
    expect(Array.from(keyIds([{ table: small, columns: ['id'] }]).ids[0])).toEqual([0, 1, 1, -1]);
    // No key columns: every row is in the one group.
    expect(Array.from(keyIds([{ table: t, columns: [] }]).ids[0])).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('sortGroupsByTime against sorting copies', () => {
  it('orders each group by time, missing last, ties by row, in short and long groups', () => {
    const rng = createRng(3);
    for (const n of [0, 1, 5, 40, 300, 2000]) {
      const ids = Int32Array.from({ length: n }, () => (maybe(rng, 0.05) ? -1 : rng.int(1 + Math.floor(n / 30))));
      const time = (dateColumn(rng, 't', n, 10) as { values: Float64Array }).values;
      const count = n === 0 ? 0 : Math.max(...ids) + 1;
      const { start, order } = groupRows(ids, count);
      sortGroupsByTime(start, order, time);
      for (let k = 0; k < count; k++) {
        const rows = Array.from({ length: n }, (_, i) => i).filter((i) => ids[i] === k);
        rows.sort((x, y) => {
          const tx = time[x];
          const ty = time[y];
          if (Number.isNaN(tx)) return Number.isNaN(ty) ? x - y : 1;
          if (Number.isNaN(ty)) return -1;
          return tx - ty || x - y;
        });
        expect(Array.from(order.subarray(start[k], start[k + 1]))).toEqual(rows);
      }
    }
  });
});

describe('as-of join against a scan of every right row', () => {
  it('takes the latest record on or before each time (the last row among ties), within the maximum age', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 30; trial++) {
      const nl = rng.int(150);
      const nr = rng.int(150);
      const distinct = 1 + rng.int(20);
      const kind = KINDS[rng.int(4)];
      const left: Table = { nRows: nl, columns: [keyColumn(rng, 'id', nl, kind, distinct), dateColumn(rng, 'at', nl)] };
      const right: Table = { nRows: nr, columns: [keyColumn(rng, 'id', nr, KINDS[rng.int(4)], distinct), dateColumn(rng, 'when', nr), valueColumn(rng, 'x', nr)] };
      const maxAgeDays = trial % 2 === 0 ? 0 : 1 + rng.int(10);
      const out = asofJoin(left, right, { leftBy: ['id'], rightBy: ['id'], leftTime: 'at', rightTime: 'when', columns: ['x', 'when'], maxAgeDays });
      const at = (left.columns[1] as { values: Float64Array }).values;
      const when = (right.columns[1] as { values: Float64Array }).values;
      const expected = Array.from({ length: nl }, (_, i) => {
        const k = refKey(left, ['id'], i);
        if (k === null || Number.isNaN(at[i])) return -1;
        let best = -1;
        for (let j = 0; j < nr; j++) {
          if (refKey(right, ['id'], j) !== k || Number.isNaN(when[j]) || when[j] > at[i]) continue;
          if (best < 0 || when[j] >= when[best]) best = j;
        }
        if (best >= 0 && maxAgeDays > 0 && at[i] - when[best] > maxAgeDays * DAY_MS) return -1;
        return best;
      });
      const x = cells(right, 'x');
      const w = cells(right, 'when');
      expect(cells(out, 'x')).toEqual(expected.map((j) => (j < 0 ? null : x[j])));
      expect(cells(out, 'when')).toEqual(expected.map((j) => (j < 0 ? null : w[j])));
    }
  });
});

describe('window features against recomputing each window', () => {
  it('lag, delta, mean and trend equal a per-row recomputation', () => {
    const rng = createRng(9);
    for (let trial = 0; trial < 25; trial++) {
      const n = rng.int(300);
      const k = 2 + rng.int(4);
      const t: Table = { nRows: n, columns: [keyColumn(rng, 'id', n, KINDS[rng.int(4)], 1 + rng.int(25)), dateColumn(rng, 't', n, 15), valueColumn(rng, 'v', n)] };
      const out = windowFeatures(t, { by: ['id'], orderBy: 't', columns: ['v'], k, features: ['lag', 'delta', 'mean', 'trend'] });
      const time = (t.columns[1] as { values: Float64Array }).values;
      const v = (t.columns[2] as { values: Float64Array }).values;
      const exp = { lag: [] as Array<number | null>, delta: [] as Array<number | null>, mean: [] as Array<number | null>, trend: [] as Array<number | null> };
      for (let i = 0; i < n; i++) {
        const key = refKey(t, ['id'], i);
        if (key === null) {
          for (const f of Object.values(exp)) f.push(null);
          continue;
        }
        const rows = Array.from({ length: n }, (_, j) => j).filter((j) => refKey(t, ['id'], j) === key);
        rows.sort((x, y) => (Number.isNaN(time[x]) ? (Number.isNaN(time[y]) ? x - y : 1) : Number.isNaN(time[y]) ? -1 : time[x] - time[y] || x - y));
        const p = rows.indexOf(i);
        const window = rows.slice(Math.max(0, p - k + 1), p + 1);
        const present = window.map((j, pos) => ({ x: pos, y: v[j] })).filter((e) => !Number.isNaN(e.y));
        const m = present.length;
        const num = (x: number) => (Number.isNaN(x) ? null : x);
        exp.lag.push(p > 0 ? num(v[rows[p - 1]]) : null);
        exp.delta.push(m >= 2 && !Number.isNaN(v[i]) ? v[i] - present[0].y : null);
        exp.mean.push(m >= 1 ? present.reduce((s, e) => s + e.y, 0) / m : null);
        if (m >= 2) {
          const mx = present.reduce((s, e) => s + e.x, 0) / m;
          const my = present.reduce((s, e) => s + e.y, 0) / m;
          const sxx = present.reduce((s, e) => s + (e.x - mx) ** 2, 0);
          exp.trend.push(sxx > 0 ? present.reduce((s, e) => s + (e.x - mx) * (e.y - my), 0) / sxx : null);
        } else exp.trend.push(null);
      }
      expect(cells(out, 'v_lag1')).toEqual(exp.lag);
      for (const f of ['delta', 'mean', 'trend'] as const) {
        const got = cells(out, `v_${f}_${k}`);
        got.forEach((g, i) => {
          const e = exp[f][i];
          if (e === null) expect(g).toBeNull();
          else expect(g as number).toBeCloseTo(e, 9);
        });
      }
    }
  });
});

/** One group's rows as the reference orders them: row order, or by time (missing last, ties by row). */
function refGroupRows(members: number[], time: Float64Array | undefined): number[] {
  if (!time) return members;
  return [...members].sort((x, y) => {
    const tx = time[x];
    const ty = time[y];
    if (Number.isNaN(tx)) return Number.isNaN(ty) ? x - y : 1;
    if (Number.isNaN(ty)) return -1;
    return tx - ty || x - y;
  });
}

/**
 * What each operation gives for one group, written the obvious way from its rows in group order. Sums
 * add the values one by one in that order (so they must match exactly); min and max keep the first of
 * equal values, as `<` does (-0 and 0 are equal).
 */
function refAggregate(c: Column, op: Aggregation, rows: number[]): number | string | boolean | null {
  const present = rows.filter((i) => cellValue(c, i) !== null);
  const values = present.map((i) => (c.type === 'category' || c.type === 'text' ? cellValue(c, i) : c.values[i]));
  const nums = values as number[];
  switch (op) {
    case 'rows':
      return rows.length;
    case 'count':
      return present.length;
    case 'distinct':
      return new Set(values).size;
    case 'first':
      return present.length ? cellValue(c, present[0]) : null;
    case 'last':
      return present.length ? cellValue(c, present[present.length - 1]) : null;
    case 'sum': {
      let sum = 0;
      for (const x of nums) sum += x;
      return sum;
    }
    case 'mean': {
      let sum = 0;
      for (const x of nums) sum += x;
      return nums.length ? sum / nums.length : null;
    }
    case 'min':
    case 'max': {
      if (!nums.length) return null;
      let best = nums[0];
      for (const x of nums) if (op === 'min' ? x < best : x > best) best = x;
      return c.type === 'date' ? new Date(best).toISOString().slice(0, 10) : best;
    }
    case 'std': {
      if (nums.length < 2) return null;
      const mean = nums.reduce((a, b) => a + b, 0) / nums.length;
      return Math.sqrt(nums.reduce((a, x) => a + (x - mean) ** 2, 0) / (nums.length - 1));
    }
  }
}

/** Numbers with ties, -0 beside 0, and about 15 % missing, of the given column type. */
function tiedNumbers(rng: Rng, name: string, n: number, type: 'number' | 'integer' | 'date'): Column {
  const base = type === 'date' ? Date.UTC(2023, 0, 1) : 0;
  const step = type === 'date' ? DAY_MS : type === 'integer' ? 1 : 0.5;
  const pick = () => (maybe(rng, 0.15) ? NaN : rng.next() < 0.05 ? -0 : base + (rng.int(9) - 4) * step);
  return { name, type, values: Float64Array.from({ length: n }, pick) };
}

describe('group aggregate: every operation against a scan per group', () => {
  const OPS = AGGREGATIONS.filter((op) => op !== 'rows');
  it('gives the same values for number, integer, date, category and text columns, with and without an order column', () => {
    const rng = createRng(23);
    for (let trial = 0; trial < 40; trial++) {
      const n = trial === 0 ? 0 : rng.int(trial % 4 === 0 ? 600 : 120);
      const keyKind = KINDS[rng.int(4)];
      const t: Table = {
        nRows: n,
        columns: [
          // Few keys in some trials: groups longer than the short-group paths (16 and 32 rows).
          keyColumn(rng, 'k', n, keyKind, trial % 4 === 0 ? 1 + rng.int(6) : 1 + rng.int(40)),
          valueColumn(rng, 'x', n),
          tiedNumbers(rng, 'i', n, 'integer'),
          tiedNumbers(rng, 'z', n, 'number'),
          tiedNumbers(rng, 'd', n, 'date'),
          keyColumn(rng, 'c', n, 'category', 5),
          keyColumn(rng, 's', n, 'text', 5),
          dateColumn(rng, 'when', n, 6),
        ],
      };
      const orderBy = trial % 3 === 0 ? undefined : 'when';
      if (trial % 3 === 2) {
        // Rows already in time order (as a panel built date by date): the kernel's no-sort path.
        const idx = refGroupRows(Array.from({ length: n }, (_, i) => i), (t.columns[7] as { values: Float64Array }).values);
        t.columns = t.columns.map((c) => ({ ...gatherColumn(c, Int32Array.from(idx)) }));
      }
      const numeric = ['x', 'i', 'z', 'd'];
      const specs = [
        { column: '', op: 'rows' as const },
        ...['x', 'i', 'z', 'd', 'c', 's'].flatMap((column) =>
          OPS.filter((op) => numeric.includes(column) || ['count', 'distinct', 'first', 'last'].includes(op)).map((op) => ({ column, op })),
        ),
      ];
      const g = groupAggregate(t, ['k'], specs, orderBy);
      const keys: string[] = [];
      const members = new Map<string, number[]>();
      for (let i = 0; i < n; i++) {
        const k = refKey(t, ['k'], i);
        if (k === null) continue;
        if (!members.has(k)) {
          keys.push(k);
          members.set(k, []);
        }
        members.get(k)!.push(i);
      }
      const time = orderBy ? (t.columns[7] as { values: Float64Array }).values : undefined;
      expect(g.nRows).toBe(keys.length);
      expect(cells(g, 'k')).toEqual(keys.map((k) => cellValue(t.columns[0], members.get(k)![0])));
      for (const s of specs) {
        const name = s.op === 'rows' ? 'rows' : `${s.column}_${s.op}`;
        const src = t.columns.find((c) => c.name === (s.column || 'x'))!;
        const expected = keys.map((k) => refAggregate(src, s.op, refGroupRows(members.get(k)!, time)));
        const out = g.columns.find((c) => c.name === name)!;
        const keepsType = s.op === 'first' || s.op === 'last' || ((s.op === 'min' || s.op === 'max') && numeric.includes(s.column));
        expect(out.type, name).toBe(['rows', 'count', 'distinct'].includes(s.op) ? 'integer' : keepsType ? src.type : 'number');
        if (s.op === 'std') {
          // The kernel takes the variance from the sum of squares, the reference from the deviations: equal
          // up to rounding, which on dates (milliseconds near 1.7e12, squared) reaches 1e-6 of the value.
          const got = cells(g, name);
          const tolerance = src.type === 'date' ? 1e-6 : 1e-9;
          expected.forEach((e, q) => {
            if (e === null) expect(got[q], `${name} row ${q}`).toBeNull();
            else expect(Math.abs((got[q] as number) - (e as number)), `${name} row ${q}`).toBeLessThanOrEqual(tolerance * Math.max(1, e as number));
          });
        } else expect(cells(g, name), `${name}, trial ${trial}`).toEqual(expected);
        // Exactly the same numbers (-0 stays -0), not only equal cells.
        if (out.type !== 'category' && out.type !== 'text' && s.op !== 'std' && out.type !== 'date') {
          expected.forEach((e, q) => expect(Object.is(out.values[q], e === null ? NaN : e), `${name} row ${q}: ${out.values[q]} vs ${e}`).toBe(true));
        }
      }
    }
  });
  it('sorts by time when the only rows out of order follow a missing time (missing times go last)', () => {
    const day = (d: number) => Date.UTC(2024, 0, d);
    const t: Table = {
      nRows: 5,
      columns: [
        { name: 'k', type: 'integer', values: Float64Array.from([1, 1, 2, 2, 2]) },
        { name: 'when', type: 'date', values: Float64Array.from([day(1), day(1), NaN, day(2), day(3)]) },
        { name: 'x', type: 'number', values: Float64Array.from([1, 2, 3, 4, 5]) },
      ],
    };
    const g = groupAggregate(t, ['k'], [{ column: 'x', op: 'first' }, { column: 'x', op: 'last' }, { column: 'x', op: 'sum' }], 'when');
    expect(cells(g, 'x_first')).toEqual([1, 4]);
    expect(cells(g, 'x_last')).toEqual([2, 3]);
    // Group 2 summed in time order: 4 + 5 + 3.
    expect(cells(g, 'x_sum')).toEqual([3, 12]);
  });
  it('refuses a numeric operation on a label column and an order column that is not a date', () => {
    const t: Table = {
      nRows: 2,
      columns: [
        { name: 'k', type: 'integer', values: Float64Array.from([1, 1]) },
        { name: 'c', type: 'category', categories: ['a'], codes: Int32Array.from([0, 0]) },
      ],
    };
    expect(() => groupAggregate(t, ['k'], [{ column: 'c', op: 'mean' }])).toThrow(/"mean" needs a numeric or date column but "c" is category/);
    expect(() => groupAggregate(t, ['k'], [{ column: 'c', op: 'last' }], 'c')).toThrow(/Order column "c" holds category values/);
  });
});

describe('group aggregate and join against nested loops', () => {
  it('aggregates per two-column key like a scan per group', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 20; trial++) {
      const n = rng.int(250);
      const t: Table = {
        nRows: n,
        columns: [keyColumn(rng, 'a', n, KINDS[rng.int(4)], 4), keyColumn(rng, 'b', n, KINDS[rng.int(4)], 5), valueColumn(rng, 'v', n), keyColumn(rng, 'w', n, KINDS[rng.int(4)], 6)],
      };
      const g = groupAggregate(t, ['a', 'b'], [
        { column: 'v', op: 'rows' },
        { column: 'v', op: 'sum' },
        { column: 'v', op: 'max' },
        { column: 'v', op: 'distinct' },
        { column: 'v', op: 'last' },
        { column: 'w', op: 'distinct' },
        { column: 'w', op: 'count' },
      ]);
      const keys: string[] = [];
      const members = new Map<string, number[]>();
      for (let i = 0; i < n; i++) {
        const k = refKey(t, ['a', 'b'], i);
        if (k === null) continue;
        if (!members.has(k)) {
          keys.push(k);
          members.set(k, []);
        }
        members.get(k)!.push(i);
      }
      const v = (t.columns[2] as { values: Float64Array }).values;
      expect(g.nRows).toBe(keys.length);
      expect(cells(g, 'rows')).toEqual(keys.map((k) => members.get(k)!.length));
      const present = (k: string) => members.get(k)!.map((i) => v[i]).filter((x) => !Number.isNaN(x));
      cells(g, 'v_sum').forEach((s, q) => expect(s as number).toBeCloseTo(present(keys[q]).reduce((a, b) => a + b, 0), 9));
      expect(cells(g, 'v_max')).toEqual(keys.map((k) => (present(k).length ? Math.max(...present(k)) : null)));
      expect(cells(g, 'v_distinct')).toEqual(keys.map((k) => new Set(present(k)).size));
      const labels = (k: string) => members.get(k)!.map((i) => label(t.columns[3], i)).filter((x) => x !== null);
      expect(cells(g, 'w_distinct')).toEqual(keys.map((k) => new Set(labels(k)).size));
      expect(cells(g, 'w_count')).toEqual(keys.map((k) => labels(k).length));
      expect(cells(g, 'v_last')).toEqual(keys.map((k) => present(k).at(-1) ?? null));
    }
  });
  it('joins like a nested loop over both tables (inner, left, full)', () => {
    const rng = createRng(13);
    for (let trial = 0; trial < 20; trial++) {
      const nl = rng.int(80);
      const nr = rng.int(80);
      const leftKind = KINDS[rng.int(4)];
      // Odd trials mix key types across the tables (a full join then refuses numbers against text).
      const rightKind = trial % 2 === 0 ? leftKind : KINDS[rng.int(4)];
      const left: Table = { nRows: nl, columns: [keyColumn(rng, 'id', nl, leftKind, 12), valueColumn(rng, 'l', nl)] };
      const right: Table = { nRows: nr, columns: [keyColumn(rng, 'id', nr, rightKind, 12), valueColumn(rng, 'r', nr)] };
      for (const how of leftKind === rightKind ? (['inner', 'left', 'full'] as const) : (['inner', 'left'] as const)) {
        const out = joinTables(left, right, { leftOn: ['id'], rightOn: ['id'], how });
        const pairs: Array<[number, number]> = [];
        const matched = new Set<number>();
        for (let i = 0; i < nl; i++) {
          const k = refKey(left, ['id'], i);
          let any = false;
          for (let j = 0; j < nr; j++) {
            if (k !== null && refKey(right, ['id'], j) === k) {
              pairs.push([i, j]);
              matched.add(j);
              any = true;
            }
          }
          if (!any && how !== 'inner') pairs.push([i, -1]);
        }
        if (how === 'full') for (let j = 0; j < nr; j++) if (!matched.has(j)) pairs.push([-1, j]);
        const l = cells(left, 'l');
        const r = cells(right, 'r');
        expect(cells(out, 'l')).toEqual(pairs.map(([i]) => (i < 0 ? null : l[i])));
        expect(cells(out, 'r')).toEqual(pairs.map(([, j]) => (j < 0 ? null : r[j])));
      }
    }
  });
});

describe('many-to-one join', () => {
  it('passes the left columns on uncopied when each left row appears once, in order', () => {
    const left: Table = { nRows: 4, columns: [{ name: 'id', type: 'integer', values: Float64Array.from([2, 1, NaN, 2]) }, { name: 'l', type: 'number', values: Float64Array.from([1, 2, 3, 4]) }], weights: Float64Array.from([1, 2, 3, 4]) };
    const right: Table = { nRows: 2, columns: [{ name: 'id', type: 'integer', values: Float64Array.from([1, 2]) }, { name: 'r', type: 'number', values: Float64Array.from([10, 20]) }] };
    const out = joinTables(left, right, { leftOn: ['id'], rightOn: ['id'], how: 'left' });
    expect(out.columns[0]).toBe(left.columns[0]);
    expect(out.columns[1]).toBe(left.columns[1]);
    expect(cells(out, 'r')).toEqual([20, 10, null, 20]);
    expect(Array.from(out.weights!)).toEqual([1, 2, 3, 4]);
    // An inner join drops the row with the missing key: copied, in order.
    const inner = joinTables(left, right, { leftOn: ['id'], rightOn: ['id'], how: 'inner' });
    expect(cells(inner, 'l')).toEqual([1, 2, 4]);
    expect(Array.from(inner.weights!)).toEqual([1, 2, 4]);
  });
});

describe('snapshot panel against a loop over snapshots and entities', () => {
  it('keeps active entities (start on or before, first event after) and labels within the horizon', () => {
    const rng = createRng(21);
    for (let trial = 0; trial < 10; trial++) {
      const n = rng.int(120);
      const base = Date.UTC(2022, 0, 1);
      const start = Float64Array.from({ length: n }, () => (maybe(rng, 0.05) ? NaN : base + rng.int(900) * DAY_MS));
      const entities: Table = { nRows: n, columns: [keyColumn(rng, 'id', n, 'integer', n + 1), { name: 'hired', type: 'date', values: start }] };
      const ne = rng.int(60);
      const events: Table = { nRows: ne, columns: [keyColumn(rng, 'id', ne, KINDS[rng.int(4)], n + 1), dateColumn(rng, 'left_on', ne, 900)] };
      (events.columns[1] as { values: Float64Array }).values.forEach((_, j, a) => (a[j] += 200 * DAY_MS));
      const asOf = Date.UTC(2024, 11, 31);
      const panel = buildSnapshotPanel(entities, events, { id: 'id', start: 'hired', eventDate: 'left_on', asOf, from: Date.UTC(2023, 2, 1), everyMonths: 3, horizonMonths: 6 });
      const dates: number[] = [];
      for (let k = 0; addMonths(asOf, -3 * k) >= Date.UTC(2023, 2, 1); k++) dates.unshift(addMonths(asOf, -3 * k));
      const evTimes = (events.columns[1] as { values: Float64Array }).values;
      const expId: Array<number | string | boolean | null> = [];
      const expLabel: Array<number | null> = [];
      for (const s of dates) {
        for (let i = 0; i < n; i++) {
          const key = refKey(entities, ['id'], i);
          let first = Infinity;
          for (let j = 0; j < ne; j++) if (key !== null && refKey(events, ['id'], j) === key && !Number.isNaN(evTimes[j])) first = Math.min(first, evTimes[j]);
          if (!(start[i] <= s) || first <= s) continue;
          expId.push(cellValue(entities.columns[0], i));
          const end = addMonths(s, 6);
          expLabel.push(end > asOf ? null : first <= end ? 1 : 0);
        }
      }
      expect(cells(panel, 'id')).toEqual(expId);
      expect(cells(panel, 'event_within_6m')).toEqual(expLabel);
    }
  });
});
