/**
 * Expanding-window time-series cross-validation folds, for panels where each row has a date.
 *
 * As scikit-learn's TimeSeriesSplit, over distinct dates: each test block holds ⌊dates / (nFolds + 1)⌋
 * consecutive dates, the blocks sit at the end, and the first (train-only) stretch takes the rest.
 * Fold k trains on every row whose label horizon has ended by its test block's start
 * (s + gapMonths ≤ test start). The gap equals the label horizon: a row dated s has a label that
 * looks up to s + horizon ahead, so a later training row would have seen the test period.
 * With `groups` (e.g. employee ids), each group counts once per test block (its earliest row there),
 * so people with several snapshots in one block do not weigh more than others.
 */
import { addMonths } from '../temporal/dates.ts';

export interface TimeSeriesFold {
  fold: number;
  /** Latest training date (its label horizon ends by the test start); -Infinity when there is none. */
  trainEnd: number;
  testStart: number;
  testEnd: number;
  train: Int32Array;
  test: Int32Array;
}

export interface TimeSeriesFoldOptions {
  nFolds: number;
  gapMonths: number;
  groups?: Int32Array;
}

export function timeSeriesFolds(dates: Float64Array, o: TimeSeriesFoldOptions): TimeSeriesFold[] {
  const distinct = [...new Set(Array.from(dates).filter((t) => t === t))].sort((a, b) => a - b);
  const blocks = o.nFolds + 1;
  if (distinct.length < blocks) {
    throw new Error(
      `Only ${distinct.length} different dates: ${o.nFolds} folds need at least ${blocks}. Use fewer folds or more snapshot dates.`,
    );
  }
  const size = Math.floor(distinct.length / blocks);
  // Test block k covers distinct dates [cut[k], cut[k+1]).
  const cut = Array.from({ length: blocks + 1 }, (_, b) => distinct.length - (blocks - b) * size);
  const horizonEnd = new Map(distinct.map((t) => [t, addMonths(t, o.gapMonths)]));
  const folds: TimeSeriesFold[] = [];
  for (let k = 1; k <= o.nFolds; k++) {
    const testStart = distinct[cut[k]];
    const testEnd = distinct[cut[k + 1] - 1];
    const train: number[] = [];
    const test: number[] = [];
    const seen = new Set<number>();
    // Rows in date order, so "earliest row of a group" is the first one met.
    const order = Array.from(dates.keys()).filter((i) => dates[i] >= testStart && dates[i] <= testEnd);
    order.sort((a, b) => dates[a] - dates[b] || a - b);
    for (const i of order) {
      if (o.groups) {
        const g = o.groups[i];
        if (g >= 0 && seen.has(g)) continue;
        seen.add(g);
      }
      test.push(i);
    }
    test.sort((a, b) => a - b);
    let trainEnd = -Infinity;
    for (let i = 0; i < dates.length; i++) {
      const t = dates[i];
      if (t === t && horizonEnd.get(t)! <= testStart) {
        train.push(i);
        if (t > trainEnd) trainEnd = t;
      }
    }
    folds.push({ fold: k, trainEnd, testStart, testEnd, train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return folds;
}

export function meanAndStd(values: number[]): { mean: number; std: number; min: number; max: number } {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length === 0) return { mean: NaN, std: NaN, min: NaN, max: NaN };
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, std, min: Math.min(...v), max: Math.max(...v) };
}
