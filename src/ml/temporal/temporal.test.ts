import { describe, expect, it } from 'vitest';
import type { Column, Table } from '../../core/table/table.ts';
import { cellValue } from '../../core/table/table.ts';
import { joinTables } from './join.ts';
import { asofJoin } from './asof-join.ts';
import { groupAggregate } from './group-aggregate.ts';
import { windowFeatures } from './window-features.ts';
import { buildSnapshotPanel, snapshotDates } from './snapshot-panel.ts';
import { addMonths, dateDifference, isoDate, parseIsoDate } from './dates.ts';
import { dateDiffColumn } from './date-diff.ts';

const num = (name: string, v: number[], type: 'number' | 'integer' | 'date' = 'number'): Column => ({ name, type, values: Float64Array.from(v) });
const cat = (name: string, v: Array<string | null>): Column => {
  const categories = [...new Set(v.filter((x): x is string => x !== null))];
  return { name, type: 'category', categories, codes: Int32Array.from(v, (x) => (x === null ? -1 : categories.indexOf(x))) };
};
const d = parseIsoDate;
const col = (t: Table, name: string) => {
  const c = t.columns.find((x) => x.name === name)!;
  return Array.from({ length: t.nRows }, (_, i) => cellValue(c, i));
};

describe('dates', () => {
  it('adds calendar months, clamping the day', () => {
    expect(isoDate(addMonths(d('2024-01-31'), 1))).toBe('2024-02-29');
    expect(isoDate(addMonths(d('2024-12-31'), -6))).toBe('2024-06-30');
    expect(isoDate(addMonths(d('2024-03-15'), 12))).toBe('2025-03-15');
  });
  it('computes differences in days and years', () => {
    expect(dateDifference(d('2024-01-01'), d('2024-01-31'), 'days')).toBe(30);
    expect(dateDifference(d('2020-01-01'), d('2021-01-01'), 'years')).toBeCloseTo(366 / 365.25, 12);
    const t: Table = { nRows: 2, columns: [num('a', [d('2020-01-01'), NaN], 'date'), num('b', [d('2020-01-11'), d('2020-01-01')], 'date')] };
    const out = dateDiffColumn(t, 'a', 'b', 'days');
    expect(out[0]).toBe(10);
    expect(out[1]).toBeNaN();
  });
});

describe('join', () => {
  const left: Table = { nRows: 4, columns: [num('id', [1, 2, 3, NaN], 'integer'), cat('dept', ['Sales', 'HR', 'Sales', 'IT'])] };
  const right: Table = { nRows: 4, columns: [num('id', [2, 2, 4, 1], 'integer'), num('x', [20, 21, 40, 10])] };
  it('inner-joins many-to-one and one-to-many', () => {
    const t = joinTables(left, right, { leftOn: ['id'], rightOn: ['id'], how: 'inner' });
    expect(col(t, 'id')).toEqual([1, 2, 2]);
    expect(col(t, 'x')).toEqual([10, 20, 21]);
    expect(t.columns.map((c) => c.name)).toEqual(['id', 'dept', 'x']);
  });
  it('left-joins keeping unmatched rows (missing key never matches)', () => {
    const t = joinTables(left, right, { leftOn: ['id'], rightOn: ['id'], how: 'left' });
    expect(col(t, 'dept')).toEqual(['Sales', 'HR', 'HR', 'Sales', 'IT']);
    expect(col(t, 'x')).toEqual([10, 20, 21, null, null]);
  });
  it('full-joins appending unmatched right rows with their keys', () => {
    const t = joinTables(left, right, { leftOn: ['id'], rightOn: ['id'], how: 'full' });
    expect(col(t, 'id')).toEqual([1, 2, 2, 3, null, 4]);
    expect(col(t, 'x')).toEqual([10, 20, 21, null, null, 40]);
  });
  it('joins on two keys and suffixes clashing names', () => {
    const a: Table = { nRows: 2, columns: [num('id', [1, 1]), cat('q', ['a', 'b']), num('v', [1, 2])] };
    const b: Table = { nRows: 2, columns: [num('id', [1, 1]), cat('q', ['b', 'a']), num('v', [5, 6])] };
    const t = joinTables(a, b, { leftOn: ['id', 'q'], rightOn: ['id', 'q'], how: 'inner' });
    expect(col(t, 'v_right')).toEqual([6, 5]);
  });
});

describe('as-of join', () => {
  it('takes the latest record on or before the time, never a later one', () => {
    const panel: Table = {
      nRows: 4,
      columns: [num('id', [1, 1, 2, 3]), num('snap', [d('2024-03-31'), d('2024-06-30'), d('2024-06-30'), d('2024-06-30')], 'date')],
    };
    const surveys: Table = {
      nRows: 5,
      columns: [
        num('id', [1, 1, 1, 2, 3]),
        num('survey_date', [d('2024-06-30'), d('2024-01-15'), d('2024-07-01'), d('2024-02-01'), d('2024-07-02')], 'date'),
        num('score', [3, 4, 1, 2, 9]),
      ],
    };
    const t = asofJoin(panel, surveys, { leftBy: ['id'], rightBy: ['id'], leftTime: 'snap', rightTime: 'survey_date' });
    expect(col(t, 'score')).toEqual([4, 3, 2, null]);
    expect(col(t, 'survey_date')).toEqual(['2024-01-15', '2024-06-30', '2024-02-01', null]);
    const fresh = asofJoin(panel, surveys, { leftBy: ['id'], rightBy: ['id'], leftTime: 'snap', rightTime: 'survey_date', maxAgeDays: 100 });
    expect(col(fresh, 'score')).toEqual([4, 3, null, null]);
  });
});

describe('group-by aggregate', () => {
  it('aggregates per key, skipping missing values', () => {
    const t: Table = {
      nRows: 5,
      columns: [cat('dept', ['S', 'H', 'S', 'S', 'H']), num('pay', [10, 20, NaN, 30, 40]), num('when', [3, 1, 2, 1, 2], 'date')],
    };
    const g = groupAggregate(
      t,
      ['dept'],
      [
        { column: '', op: 'rows' },
        { column: 'pay', op: 'count' },
        { column: 'pay', op: 'mean' },
        { column: 'pay', op: 'std' },
        { column: 'pay', op: 'max' },
        { column: 'pay', op: 'first' },
        { column: 'pay', op: 'last' },
      ],
      'when',
    );
    expect(col(g, 'dept')).toEqual(['S', 'H']);
    expect(col(g, 'rows')).toEqual([3, 2]);
    expect(col(g, 'pay_count')).toEqual([2, 2]);
    expect(col(g, 'pay_mean')).toEqual([20, 30]);
    expect(g.columns.find((c) => c.name === 'pay_std')!.type).toBe('number');
    expect((col(g, 'pay_std')[0] as number)).toBeCloseTo(Math.sqrt(200), 10);
    expect(col(g, 'pay_max')).toEqual([30, 40]);
    // ordered by "when": S rows at 1 (30), 2 (missing), 3 (10)
    expect(col(g, 'pay_first')).toEqual([30, 20]);
    expect(col(g, 'pay_last')).toEqual([10, 40]);
  });
});

describe('window features', () => {
  it('computes lag, delta, rolling mean and trend per entity without look-ahead', () => {
    // entity 1 has rows out of order; entity 2 has one missing value
    const t: Table = {
      nRows: 7,
      columns: [
        num('id', [1, 2, 1, 1, 2, 2, 1]),
        num('t', [d('2024-04-01'), d('2024-01-01'), d('2024-01-01'), d('2024-07-01'), d('2024-04-01'), d('2024-07-01'), d('2024-10-01')], 'date'),
        num('eng', [4, 5, 5, 3, NaN, 2, 1]),
      ],
    };
    const w = windowFeatures(t, { by: ['id'], orderBy: 't', columns: ['eng'], k: 3, features: ['lag', 'delta', 'mean', 'trend'] });
    // entity 1 in time order: 5, 4, 3, 1 (rows 2, 0, 3, 6)
    expect(col(w, 'eng_lag1')).toEqual([5, null, null, 4, 5, NaN, 3].map((v) => (Number.isNaN(v) ? null : v)));
    expect(col(w, 'eng_delta_3')).toEqual([-1, null, null, -2, null, -3, -3]);
    expect(col(w, 'eng_mean_3')).toEqual([4.5, 5, 5, 4, 5, 3.5, 8 / 3]);
    const trend = col(w, 'eng_trend_3') as Array<number | null>;
    expect(trend[0]).toBeCloseTo(-1, 12);
    expect(trend[3]).toBeCloseTo(-1, 12);
    expect(trend[6]).toBeCloseTo(-1.5, 12);
    // entity 2: 5, missing, 2 → slope over positions 0 and 2
    expect(trend[5]).toBeCloseTo(-1.5, 12);
    expect(trend[1]).toBeNull();
  });
});

describe('snapshot panel', () => {
  it('lists snapshot dates back from the data end', () => {
    expect(snapshotDates(d('2024-01-01'), d('2024-12-31'), 3).map(isoDate)).toEqual(['2024-03-31', '2024-06-30', '2024-09-30', '2024-12-31']);
  });
  it('keeps active entities and labels events within the horizon; unknown outcomes stay missing', () => {
    const employees: Table = {
      nRows: 4,
      columns: [num('employee_id', [1, 2, 3, 4], 'integer'), num('hire_date', [d('2020-01-01'), d('2020-01-01'), d('2024-05-01'), d('2020-01-01')], 'date')],
    };
    const terminations: Table = {
      nRows: 2,
      columns: [num('employee_id', [1, 2], 'integer'), num('termination_date', [d('2024-05-15'), d('2024-11-01')], 'date')],
    };
    const panel = buildSnapshotPanel(employees, terminations, {
      id: 'employee_id',
      start: 'hire_date',
      eventDate: 'termination_date',
      asOf: d('2024-12-31'),
      from: d('2024-01-01'),
      everyMonths: 3,
      horizonMonths: 6,
      labelName: 'left_within_6m',
    });
    const rows = col(panel, 'employee_id').map((id, i) => `${id}@${col(panel, 'snapshot_date')[i]}:${col(panel, 'left_within_6m')[i]}`);
    expect(rows).toEqual([
      '1@2024-03-31:1',
      '2@2024-03-31:0',
      '4@2024-03-31:0',
      '2@2024-06-30:1',
      '3@2024-06-30:0',
      '4@2024-06-30:0',
      '2@2024-09-30:null',
      '3@2024-09-30:null',
      '4@2024-09-30:null',
      '3@2024-12-31:null',
      '4@2024-12-31:null',
    ]);
  });
});
