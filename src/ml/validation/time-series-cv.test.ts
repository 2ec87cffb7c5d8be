import { describe, expect, it } from 'vitest';
import { meanAndStd, timeSeriesFolds } from './time-series-cv.ts';
import { addMonths, isoDate, parseIsoDate as d } from '../temporal/dates.ts';

describe('time-series folds', () => {
  // quarterly snapshots 2023-03-31 … 2024-06-30 (6 dates), two employees each
  const quarters = ['2023-03-31', '2023-06-30', '2023-09-30', '2023-12-31', '2024-03-31', '2024-06-30'].map(d);
  const dates = Float64Array.from(quarters.flatMap((q) => [q, q]));
  it('expands the training window and leaves a gap equal to the horizon', () => {
    const folds = timeSeriesFolds(dates, { nFolds: 4, gapMonths: 6 });
    expect(folds.map((f) => isoDate(f.testStart))).toEqual(['2023-09-30', '2023-12-31', '2024-03-31', '2024-06-30']);
    expect(folds.map((f) => isoDate(f.trainEnd))).toEqual(['2023-03-31', '2023-06-30', '2023-09-30', '2023-12-31']);
    for (const f of folds) {
      for (const i of f.train) expect(dates[i]).toBeLessThanOrEqual(f.trainEnd);
      // the whole label horizon of every training row ends by the test start
      for (const i of f.train) expect(addMonths(dates[i], 6)).toBeLessThanOrEqual(f.testStart);
      for (const i of f.test) expect(dates[i]).toBeGreaterThanOrEqual(f.testStart);
    }
    expect(folds.map((f) => f.train.length)).toEqual([2, 4, 6, 8]);
    expect(folds.map((f) => f.test.length)).toEqual([2, 2, 2, 2]);
  });
  it('counts each group once per test block', () => {
    const groups = Int32Array.from(quarters.flatMap(() => [1, 2]));
    const folds = timeSeriesFolds(dates, { nFolds: 2, gapMonths: 3, groups });
    // blocks of two dates: the test block holds each employee twice but keeps one row each
    expect(folds.map((f) => f.test.length)).toEqual([2, 2]);
    expect(Array.from(folds[0].test).map((i) => isoDate(dates[i]))).toEqual(['2023-09-30', '2023-09-30']);
    expect(Array.from(folds[1].test).map((i) => isoDate(dates[i]))).toEqual(['2024-03-31', '2024-03-31']);
  });
  it('says when there are too few dates', () => {
    expect(() => timeSeriesFolds(dates, { nFolds: 6, gapMonths: 6 })).toThrow(/Only 6 different dates/);
  });
  it('summarises fold metrics', () => {
    const s = meanAndStd([0.8, 0.9, NaN]);
    expect(s.mean).toBeCloseTo(0.85, 12);
    expect(s.std).toBeCloseTo(Math.sqrt(0.005), 12);
  });
});
