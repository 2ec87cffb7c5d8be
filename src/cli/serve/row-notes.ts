/**
 * What a caller should know about each scored row besides its score: which model features it lacked
 * (a missing-capable model scores it anyway, with less to go on), which values lie outside the range seen
 * in training (the score is an extrapolation there), and which fields the model ignored (often a typo).
 */
import type { Table } from '../../core/table/table.ts';
import type { FeaturizerSpec } from '../../ml/features/featurizer.ts';
import { isoDate } from '../../ml/temporal/dates.ts';
import { fieldValue, isAbsent } from './rows-to-table.ts';
import type { TrainingRanges } from './training-ranges.ts';

export interface OutOfRange {
  feature: string;
  /** As sent. */
  value: unknown;
  /** The training range (dates as YYYY-MM-DD). */
  min: number | string;
  max: number | string;
  side: 'below' | 'above';
}

export interface RowNotes {
  missingFeatures: { count: number; names: string[] };
  /** Absent when the training ranges are unknown (see the response's `notes`). */
  outOfRange?: OutOfRange[];
  ignoredFields: string[];
}

/** Notes for every row of a validated request (`table` was built from `rows` by rowsToTable). */
export function rowNotes(spec: FeaturizerSpec, ranges: TrainingRanges | undefined, rows: Record<string, unknown>[], table: Table): RowNotes[] {
  const featureNames = new Set(spec.columns.map((c) => c.name));
  const checks = (ranges?.features ?? []).map((r) => ({ range: r, column: table.columns.find((c) => c.name === r.name) }));
  return rows.map((row, i) => {
    const missing = spec.columns.filter((c) => isAbsent(fieldValue(row, c.name))).map((c) => c.name);
    const notes: RowNotes = {
      missingFeatures: { count: missing.length, names: missing },
      ignoredFields: Object.keys(row).filter((k) => !featureNames.has(k)),
    };
    if (ranges) {
      notes.outOfRange = [];
      for (const { range, column } of checks) {
        if (!column || column.type === 'category' || column.type === 'text') continue;
        const x = column.values[i];
        if (Number.isNaN(x) || (x >= range.min && x <= range.max)) continue;
        const show = (v: number) => (range.type === 'date' ? isoDate(v) : v);
        notes.outOfRange.push({ feature: range.name, value: fieldValue(row, range.name), min: show(range.min), max: show(range.max), side: x < range.min ? 'below' : 'above' });
      }
    }
    return notes;
  });
}
