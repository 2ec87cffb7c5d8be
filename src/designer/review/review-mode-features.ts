/**
 * The person behind a review case, for review mode's detail pane: the values of their row in the table
 * the review node read (item.row), without the model's own output columns (the score is shown on its
 * own, and hidden until the reviewer's assessment when the queue asks for that).
 */
import { cellValue, type Table } from '../../core/table/table.ts';
import { predictionColumns } from '../../ml/fairness/prediction-columns.ts';

export interface CaseFeature {
  name: string;
  value: string;
}

/** A value that looks like a table (the run's outputs are typed `unknown` in the store). */
export function asTable(value: unknown): Table | undefined {
  const t = value as Partial<Table> | null | undefined;
  return t && typeof t === 'object' && typeof t.nRows === 'number' && Array.isArray(t.columns) ? (t as Table) : undefined;
}

function show(v: number | string | boolean | null): string {
  if (v === null || v === '') return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(3)));
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return v;
}

/** The row's values, column by column; undefined when the table is not there (e.g. after a reload). */
export function caseFeatures(table: Table | undefined, row: number): CaseFeature[] | undefined {
  if (!table || !Number.isInteger(row) || row < 0 || row >= table.nRows) return undefined;
  const model = predictionColumns(table);
  const hidden = new Set([model.score, model.predicted].filter((c): c is string => Boolean(c)));
  return table.columns
    .filter((c) => !hidden.has(c.name) && c.role !== 'score' && c.role !== 'prediction')
    .map((c) => ({ name: c.name, value: show(cellValue(c, row)) }));
}
