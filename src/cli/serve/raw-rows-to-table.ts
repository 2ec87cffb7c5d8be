/**
 * JSON rows of raw data → the table the model's scoring pipeline reads, typed as its source read the
 * training file (ScoringPipeline.rawColumns), never as the request happens to look: a per-request type
 * inference would read a category of digits as numbers, or one row's "12" as a number.
 *
 * A JSON value carries its type, so there is nothing to guess and nothing is converted: a number column
 * takes JSON numbers (a string such as "12" is refused, naming the row and column), a date column takes
 * "YYYY-MM-DD" strings, a boolean column true/false (or 1/0), a category or text column strings (a number
 * sent for a category is refused: send "3", not 3). This is the JSON form of the import's strict mode; a CSV
 * cell has no type of its own, so `crispflow score` reads "12" in a number column as 12, and an "abc" there
 * as a reported, missing cell. null, "" or an absent field is a missing value: allowed where the pipeline
 * saw missing values in training or the model scores missing features itself, otherwise refused by name.
 */
import type { Column, Table } from '../../core/table/table.ts';
import type { RawColumnSpec } from '../../monitoring/scoring-pipeline.ts';
import { isoDate, parseIsoDate } from '../../ml/temporal/dates.ts';
import { fieldValue, isAbsent, isRowObject, type FieldProblem } from './rows-to-table.ts';

export interface RawOutOfRange {
  /** The column as sent (the same key as for --prepared rows, where columns are the model's features). */
  feature: string;
  /** As sent. */
  value: unknown;
  /** The training range (dates as YYYY-MM-DD). */
  min: number | string;
  max: number | string;
  side: 'below' | 'above';
}

export interface RawRowNotes {
  /** 1-based, as a person counts the rows of the request. */
  row: number;
  /** Raw columns the scoring pipeline reads that this row lacked (scored as missing values). */
  missingColumns: { count: number; names: string[] };
  /** Values outside the range the training data had in that column: the score is an extrapolation there. */
  outOfRange: RawOutOfRange[];
  /** Fields that are no column of the training data (often a typo). */
  ignoredFields: string[];
}

export interface RawRowsOptions {
  /** The training data's columns as the source read them. */
  columns: RawColumnSpec[];
  /** The columns the scoring pipeline reads (every row needs them, or a missing value where allowed). */
  required: string[];
  /** A required column the model may get as a missing value even though training had none there. */
  missingAllowed: (column: string) => boolean;
}

export function describeRawType(c: RawColumnSpec): string {
  switch (c.type) {
    case 'integer':
      return 'a whole number (JSON number)';
    case 'number':
      return 'a number (JSON number)';
    case 'boolean':
      return 'true or false';
    case 'date':
      return 'a date "YYYY-MM-DD"';
    case 'category':
      return c.levels?.length ? `a string such as ${c.levels.slice(0, 6).map((l) => JSON.stringify(l)).join(', ')}` : 'a string';
    default:
      return 'a string';
  }
}

const shown = (v: unknown) => (typeof v === 'string' ? `the string ${JSON.stringify(v)}` : JSON.stringify(v));

/** The value as the column holds it, or a sentence saying why it cannot be. */
function typedValue(c: RawColumnSpec, v: unknown): { x: number | string } | { problem: string } {
  const wrong = (hint = '') => ({ problem: `"${c.name}" is ${shown(v)}; it must be ${describeRawType(c)}${hint}.` });
  switch (c.type) {
    case 'number':
    case 'integer':
      if (typeof v === 'number' && Number.isFinite(v)) return c.type === 'integer' && !Number.isInteger(v) ? wrong() : { x: v };
      return typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? wrong(` (send ${v.trim()} without quotes: strings are not converted)`) : wrong();
    case 'boolean':
      return v === true || v === 1 ? { x: 1 } : v === false || v === 0 ? { x: 0 } : wrong();
    case 'date': {
      const ms = typeof v === 'string' ? parseIsoDate(v) : NaN;
      return Number.isNaN(ms) ? wrong() : { x: ms };
    }
    default:
      return typeof v === 'string' ? { x: v } : wrong(typeof v === 'number' ? ` (send ${JSON.stringify(String(v))}: numbers are not converted to text)` : '');
  }
}

function emptyColumn(c: RawColumnSpec, n: number): Column {
  const base = { name: c.name, ...(c.role ? { role: c.role } : {}) };
  if (c.type === 'category') return { ...base, type: 'category', categories: [], codes: new Int32Array(n).fill(-1) };
  if (c.type === 'text') return { ...base, type: 'text', values: new Array<string | null>(n).fill(null) };
  return { ...base, type: c.type, values: new Float64Array(n).fill(NaN) };
}

/**
 * The table of the rows (the required columns, and the other training columns some row sends), with every
 * problem named by row and column, and each row's notes. No table when there is any problem.
 */
export function rawRowsToTable(rows: unknown[], o: RawRowsOptions): { table?: Table; problems: FieldProblem[]; notes: RawRowNotes[] } {
  const problems: FieldProblem[] = [];
  const n = rows.length;
  const required = new Set(o.required);
  const known = new Set(o.columns.map((c) => c.name));
  const sent = new Set<string>();
  for (const r of rows) if (isRowObject(r)) for (const k of Object.keys(r)) sent.add(k);
  const used = o.columns.filter((c) => required.has(c.name) || sent.has(c.name));
  const columns = used.map((c) => emptyColumn(c, n));
  const notes: RawRowNotes[] = [];
  rows.forEach((raw, i) => {
    const row = i + 1;
    const note: RawRowNotes = { row, missingColumns: { count: 0, names: [] }, outOfRange: [], ignoredFields: [] };
    notes.push(note);
    if (!isRowObject(raw)) {
      problems.push({ row, field: '', message: 'Each row must be a JSON object of column → value (the raw columns, as in the training data).' });
      return;
    }
    note.ignoredFields = Object.keys(raw).filter((k) => !known.has(k));
    used.forEach((c, k) => {
      const v = fieldValue(raw, c.name);
      const col = columns[k];
      if (isAbsent(v)) {
        if (!required.has(c.name)) return;
        note.missingColumns.names.push(c.name);
        if (!c.hadMissing && !o.missingAllowed(c.name)) {
          problems.push({ row, field: c.name, message: `"${c.name}" is missing; the model's scoring pipeline reads it and the training data always had it: send ${describeRawType(c)}.` });
        }
        return;
      }
      const typed = typedValue(c, v);
      if ('problem' in typed) {
        problems.push({ row, field: c.name, message: typed.problem });
        return;
      }
      if (col.type === 'category') {
        const level = typed.x as string;
        let code = col.categories.indexOf(level);
        if (code < 0) code = col.categories.push(level) - 1;
        col.codes[i] = code;
      } else if (col.type === 'text') {
        col.values[i] = typed.x as string;
      } else {
        const x = typed.x as number;
        col.values[i] = x;
        if (c.min !== undefined && c.max !== undefined && (x < c.min || x > c.max)) {
          const show = (m: number) => (c.type === 'date' ? isoDate(m) : m);
          note.outOfRange.push({ feature: c.name, value: v, min: show(c.min), max: show(c.max), side: x < c.min ? 'below' : 'above' });
        }
      }
    });
    note.missingColumns.count = note.missingColumns.names.length;
  });
  return problems.length ? { problems, notes } : { table: { nRows: n, columns }, problems, notes };
}

/** A row a user can paste: every required column with a plausible value (mid-range, a training level). */
export function exampleRawRow(columns: RawColumnSpec[], required: string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const name of required) {
    const c = columns.find((x) => x.name === name);
    if (!c) continue;
    const mid = c.min !== undefined && c.max !== undefined ? (c.min + c.max) / 2 : 0;
    if (c.type === 'category') row[name] = c.levels?.[0] ?? 'unknown';
    else if (c.type === 'text') row[name] = '';
    else if (c.type === 'boolean') row[name] = false;
    else if (c.type === 'date') row[name] = isoDate(c.min !== undefined ? mid : Date.UTC(2025, 0, 1));
    else row[name] = c.type === 'integer' ? Math.round(mid) : Number(mid.toPrecision(4));
  }
  return row;
}
