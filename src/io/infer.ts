import {
  dateParts,
  datePartsToMs,
  numberInfo,
  parseBoolean,
  parseGroupedNumber,
  parseNumber,
  parseNumberAs,
  scanDate,
  type DateOrder,
  type DecimalMark,
} from './values.ts';

/**
 * The storage kind chosen for a column from a sample of its values. `string` columns become category
 * or text once all values are seen; `pending` means the sample had no values at all.
 */
export type InferredKind =
  | { kind: 'integer'; decimal: DecimalMark }
  | { kind: 'number'; decimal: DecimalMark }
  | { kind: 'boolean' }
  | { kind: 'date'; order: DateOrder; ambiguous: boolean }
  | { kind: 'string' }
  | { kind: 'pending' };

/**
 * The type rule: a column is read as numbers (or dates, or true/false) when at least 80% of its present
 * values fit that type, that is at most 20% do not. The cells that do not fit are left missing and each
 * one is reported (row, column, value), never dropped silently: a column of salaries with a few "n/a",
 * "abc" or "see note" cells stays numeric instead of turning the whole column into text. Past 20% the
 * column is kept as text and the import notes say why (share of non-fitting values and an example).
 */
export const MISFIT_TOLERANCE = 0.2;

/** How many non-fitting values a column of `n` present values may have and keep its type. */
export function allowedMisfits(n: number): number {
  return Math.floor(n * MISFIT_TOLERANCE);
}

/** What inference saw in a column: the kind, and how many values fitted each candidate type. */
export interface ColumnInference {
  kind: InferredKind;
  /** Present values looked at. */
  n: number;
  numbers: number;
  booleans: number;
  dates: number;
}

/** Infers the kind of a column from its present (non-missing, trimmed) values. */
export function inferKind(values: readonly string[], decimal: DecimalMark = 'point'): InferredKind {
  return inferColumn(values, decimal).kind;
}

export function inferColumn(values: readonly string[], decimal: DecimalMark = 'point'): ColumnInference {
  const n = values.length;
  if (n === 0) return { kind: { kind: 'pending' }, n, numbers: 0, booleans: 0, dates: 0 };
  let nums = 0;
  let ints = 0;
  let codeLike = 0;
  let bools = 0;
  let ymd = 0;
  let mdy = 0;
  let dmy = 0;
  for (let k = 0; k < n; k++) {
    const s = values[k];
    // The plain literal first: most cells of most columns are plain numbers or words.
    let v = decimal === 'point' ? parseNumber(s) : NaN;
    if (v !== v) v = parseGroupedNumber(s, 0, s.length, decimal === 'comma');
    if (!Number.isNaN(v)) {
      // Overflow (1e309) still counts as a number: the column is numeric, the cell is reported later.
      nums++;
      if (numberInfo.integer) {
        ints++;
        // Leading zeros (zip codes, badge numbers) and very long digit strings (account numbers) are codes.
        if (numberInfo.leadingZero || numberInfo.digits > 15) codeLike++;
      }
      continue;
    }
    if (!Number.isNaN(parseBoolean(s))) {
      bools++;
      continue;
    }
    if (scanDate(s)) {
      if (dateParts[8] === 1) {
        if (!Number.isNaN(datePartsToMs('ymd'))) ymd++;
      } else {
        if (!Number.isNaN(datePartsToMs('mdy'))) mdy++;
        if (!Number.isNaN(datePartsToMs('dmy'))) dmy++;
      }
    }
  }
  const dates = Math.max(ymd, mdy, dmy);
  const seen = { n, numbers: nums, booleans: bools, dates };
  const need = n - allowedMisfits(n);
  if (nums >= need) {
    if (codeLike > 0) return { kind: { kind: 'string' }, ...seen };
    return { kind: ints >= need ? { kind: 'integer', decimal } : { kind: 'number', decimal }, ...seen };
  }
  if (bools >= need) return { kind: { kind: 'boolean' }, ...seen };
  if (ymd >= need) return { kind: { kind: 'date', order: 'ymd', ambiguous: false }, ...seen };
  if (mdy >= need || dmy >= need) {
    // Month/day first is the US convention most HR exports use; day first only when the data says so.
    const order: DateOrder = mdy >= dmy ? 'mdy' : 'dmy';
    return { kind: { kind: 'date', order, ambiguous: mdy >= need && dmy >= need }, ...seen };
  }
  return { kind: { kind: 'string' }, ...seen };
}

/** Does `s` fit `kind`? Used when re-checking a whole column (e.g. one that was empty in the sample). */
export function parseAs(kind: InferredKind, s: string): number {
  switch (kind.kind) {
    case 'integer':
    case 'number':
      return parseNumberAs(s, kind.decimal);
    case 'boolean':
      return parseBoolean(s);
    case 'date':
      return scanDate(s) ? datePartsToMs(kind.order) : NaN;
    default:
      return NaN;
  }
}

/** Characters that make a number's convention matter: , . and the spaces and quotes used to group digits. */
function hasSeparator(s: string): boolean {
  // Numbers start with a digit, a sign or a decimal mark; words are ruled out at once.
  const c0 = s.charCodeAt(0);
  if (!((c0 >= 48 && c0 <= 57) || c0 === 43 || c0 === 45 || c0 === 44 || c0 === 46)) return false;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 44 || c === 46 || c === 32 || c === 39 || c === 160 || c === 0x202f || c === 0x2009 || c === 0x2019) return true;
  }
  return false;
}

/**
 * Which decimal mark a column's values point to. A value counts for 'point' when it is a number only
 * under that convention ("1,234.5", "12.5", "0.123"), for 'comma' likewise ("1.234,5", "12,5"), and as
 * ambiguous when it is a number under both with different values ("1,234": 1234 or 1.234; "1.234").
 */
export interface DecimalEvidence {
  point: number;
  comma: number;
  ambiguous: number;
  /** First ambiguous value, for the note that explains how it was read. */
  ambiguousExample?: string;
}

export function decimalEvidence(values: readonly string[]): DecimalEvidence {
  const ev: DecimalEvidence = { point: 0, comma: 0, ambiguous: 0 };
  for (const s of values) {
    if (!hasSeparator(s)) continue;
    const p = parseNumberAs(s, 'point');
    const c = parseNumberAs(s, 'comma');
    if (p !== p) {
      if (c === c) ev.comma++;
    } else if (c !== c) ev.point++;
    else if (p !== c) {
      ev.ambiguous++;
      ev.ambiguousExample ??= s;
    }
  }
  return ev;
}

/** The convention a column's own values show, or undefined when they show none (or a tie). */
export function markOf(ev: DecimalEvidence): DecimalMark | undefined {
  if (ev.point > ev.comma) return 'point';
  if (ev.comma > ev.point) return 'comma';
  return undefined;
}
