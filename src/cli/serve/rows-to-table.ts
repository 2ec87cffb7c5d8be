/**
 * JSON rows → the table a model scores, checked against the model's training schema (its featurizer
 * spec). Every mismatch is reported by row and field; nothing is coerced ("1" is not a number, an unseen
 * category is not "other").
 */
import type { Column, Table } from '../../core/table/table.ts';
import type { FeatureColumnSpec, FeaturizerSpec } from '../../ml/features/featurizer.ts';
import { parseIsoDate } from '../../ml/temporal/dates.ts';

export interface FieldProblem {
  /** 1-based, as a person counts the rows of the request. */
  row: number;
  field: string;
  message: string;
}

export function describeType(c: FeatureColumnSpec): string {
  if (c.kind === 'one-hot') return `one of ${c.categories.slice(0, 12).join(', ')}${c.categories.length > 12 ? ', …' : ''}`;
  switch (c.type) {
    case 'integer':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'date':
      return 'a date YYYY-MM-DD';
    default:
      return 'a number';
  }
}

/** A row's own value for a field (never one inherited from Object.prototype, e.g. for a feature named "constructor"). */
export const fieldValue = (row: Record<string, unknown>, name: string): unknown => (Object.hasOwn(row, name) ? row[name] : undefined);

export const isAbsent = (v: unknown) => v === undefined || v === null || v === '';

export const isRowObject = (raw: unknown): raw is Record<string, unknown> => typeof raw === 'object' && raw !== null && !Array.isArray(raw);

/** Validates JSON rows against the featurizer spec and builds the table to score. */
export function rowsToTable(spec: FeaturizerSpec, rows: unknown[], allowMissing: boolean): { table?: Table; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const n = rows.length;
  const columns: Column[] = spec.columns.map((c): Column => {
    if (c.kind === 'one-hot') return { name: c.name, type: 'category', categories: c.categories.slice(), codes: new Int32Array(n).fill(-1) };
    return { name: c.name, type: c.type, values: new Float64Array(n).fill(NaN) };
  });
  rows.forEach((raw, i) => {
    const row = i + 1;
    if (!isRowObject(raw)) {
      problems.push({ row, field: '', message: 'Each row must be a JSON object of column → value.' });
      return;
    }
    spec.columns.forEach((c, k) => {
      const v = fieldValue(raw, c.name);
      const col = columns[k];
      if (isAbsent(v)) {
        if (!allowMissing) problems.push({ row, field: c.name, message: `"${c.name}" is missing; this model needs ${describeType(c)}.` });
        return;
      }
      if (c.kind === 'one-hot') {
        const code = typeof v === 'string' ? c.categories.indexOf(v) : -1;
        if (code < 0) problems.push({ row, field: c.name, message: `"${c.name}" is ${JSON.stringify(v)}; it must be ${describeType(c)}.` });
        else if (col.type === 'category') col.codes[i] = code;
        return;
      }
      if (col.type === 'category' || col.type === 'text') return;
      let x = NaN;
      if (c.type === 'date') x = typeof v === 'string' ? parseIsoDate(v) : NaN;
      else if (c.type === 'boolean') x = v === true || v === 1 ? 1 : v === false || v === 0 ? 0 : NaN;
      else if (typeof v === 'number' && Number.isFinite(v)) x = v;
      if (Number.isNaN(x) || (c.type === 'integer' && !Number.isInteger(x))) {
        problems.push({ row, field: c.name, message: `"${c.name}" is ${JSON.stringify(v)}; it must be ${describeType(c)}.` });
        return;
      }
      col.values[i] = x;
    });
  });
  return problems.length ? { problems } : { table: { nRows: n, columns }, problems };
}
