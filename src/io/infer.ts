import {
  dateParts,
  datePartsToMs,
  numberInfo,
  parseBoolean,
  parseNumber,
  scanDate,
  type DateOrder,
} from './values.ts';

/**
 * The storage kind chosen for a column from a sample of its values. `string` columns become category
 * or text once all values are seen; `pending` means the sample had no values at all.
 */
export type InferredKind =
  | { kind: 'integer' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'date'; order: DateOrder; ambiguous: boolean }
  | { kind: 'string' }
  | { kind: 'pending' };

/**
 * Share of values allowed not to fit the chosen type: a column of 5,000 numbers with a stray "abc" stays
 * numeric (the stray value is reported and left missing) instead of turning the whole column into text.
 */
export const MISFIT_TOLERANCE = 0.02;

/** How many non-fitting values a column of `n` present values may have and keep its type. */
export function allowedMisfits(n: number): number {
  return Math.floor(n * MISFIT_TOLERANCE);
}

/** Infers the kind of a column from its present (non-missing, trimmed) values. */
export function inferKind(values: readonly string[]): InferredKind {
  const n = values.length;
  if (n === 0) return { kind: 'pending' };
  let nums = 0;
  let ints = 0;
  let codeLike = 0;
  let bools = 0;
  let ymd = 0;
  let mdy = 0;
  let dmy = 0;
  for (let k = 0; k < n; k++) {
    const s = values[k];
    const v = parseNumber(s);
    if (!Number.isNaN(v)) {
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
  const need = n - allowedMisfits(n);
  if (nums >= need) {
    if (codeLike > 0) return { kind: 'string' };
    return ints >= need ? { kind: 'integer' } : { kind: 'number' };
  }
  if (bools >= need) return { kind: 'boolean' };
  if (ymd >= need) return { kind: 'date', order: 'ymd', ambiguous: false };
  if (mdy >= need || dmy >= need) {
    // Month/day first is the US convention most HR exports use; day first only when the data says so.
    const order: DateOrder = mdy >= dmy ? 'mdy' : 'dmy';
    return { kind: 'date', order, ambiguous: mdy >= need && dmy >= need };
  }
  return { kind: 'string' };
}

/** Does `s` fit `kind`? Used when re-checking a whole column (e.g. one that was empty in the sample). */
export function parseAs(kind: InferredKind, s: string): number {
  switch (kind.kind) {
    case 'integer':
    case 'number':
      return parseNumber(s);
    case 'boolean':
      return parseBoolean(s);
    case 'date':
      return scanDate(s) ? datePartsToMs(kind.order) : NaN;
    default:
      return NaN;
  }
}
