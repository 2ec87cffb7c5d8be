/**
 * One CSV record that holds a quote, read in place: the fast path of parseRecords for files whose rows
 * have quoted values (often with line breaks inside, as resumes and survey comments do). papaparse needs a
 * parser object and a copy of each such record; this reads the fields straight out of the chunk.
 *
 * It gives exactly papaparse's fields for "clean" records: every quoted value starts a field and is
 * closed by a quote followed directly by the delimiter, the line break or the end of the text ("" inside
 * is a quote; a quote inside an unquoted value is an ordinary character). Anything else (a quote followed
 * by other characters or spaces, a quote never closed) returns UNCLEAN or NEVER_CLOSED, and the caller
 * reads the record with papaparse as before, so malformed files keep their exact results and problems.
 */

export interface CleanRecord {
  fields: string[];
  /** Where the record ends: the index of its line break, or the text's length. */
  end: number;
  /** Line breaks inside its quoted values (the record spans breaks + 1 lines). */
  breaks: number;
}

/** A quoted value is closed by something other than the delimiter, the line break or the end. */
export const UNCLEAN = 0;
/** A quoted value is still open at the end of the text. */
export const NEVER_CLOSED = 1;

const QUOTE = 34;
const DOUBLED_QUOTE = /""/g;

/** Can records be read in place with these separators? (No quote, no line-break character in the delimiter.) */
export function inPlaceReadable(delimiter: string, newline: string): boolean {
  return delimiter.length > 0 && !/["\r\n]/.test(delimiter) && newline.indexOf(delimiter) < 0;
}

/**
 * The next known positions of the delimiter, the line break and a quote in one text, kept across calls
 * (as papaparse keeps them): a value's search never runs again over text already searched, so rows with
 * a quote inside an unquoted value cannot make a chunk's parse quadratic. -1: none to the end; -2: unknown.
 */
export interface NextPositions {
  delimiter: number;
  newline: number;
  quote: number;
}

export function unknownPositions(): NextPositions {
  return { delimiter: -2, newline: -2, quote: -2 };
}

/** The first `what` at or after `at`: `known` when it is still ahead (or there is none), else a new search. */
export function nextOf(input: string, what: string, at: number, known: number): number {
  return known === -1 || known >= at ? known : input.indexOf(what, at);
}

/** How many times `newline` occurs in `s[a, b)` (it holds no quote, so it never straddles a value's quotes). */
function countBreaks(s: string, newline: string, a: number, b: number, next: NextPositions): number {
  let at = (next.newline = nextOf(s, newline, a, next.newline));
  let n = 0;
  while (at >= 0 && at < b) {
    n++;
    at = next.newline = s.indexOf(newline, at + newline.length);
  }
  return n;
}

/** The record starting at `pos` (the start of a line) of `input`, read as described above. */
export function readQuotedRecord(
  input: string,
  pos: number,
  delimiter: string,
  newline: string,
  next: NextPositions,
): CleanRecord | typeof UNCLEAN | typeof NEVER_CLOSED {
  const len = input.length;
  const dl = delimiter.length;
  const fields: string[] = [];
  let breaks = 0;
  let p = pos;
  for (;;) {
    if (input.charCodeAt(p) === QUOTE) {
      let q = p + 1;
      let doubled = false;
      for (;;) {
        q = input.indexOf('"', q);
        if (q < 0) return NEVER_CLOSED;
        if (input.charCodeAt(q + 1) !== QUOTE) break;
        doubled = true;
        q += 2;
      }
      breaks += countBreaks(input, newline, p + 1, q, next);
      const value = input.substring(p + 1, q);
      fields.push(doubled ? value.replace(DOUBLED_QUOTE, '"') : value);
      const after = q + 1;
      if (after === len) return { fields, end: len, breaks };
      if (input.startsWith(delimiter, after)) {
        p = after + dl;
        continue;
      }
      if (input.startsWith(newline, after)) return { fields, end: after, breaks };
      return UNCLEAN;
    }
    // An unquoted value ends at the next delimiter, or at the line break when that comes first (as papaparse).
    const e = (next.delimiter = nextOf(input, delimiter, p, next.delimiter));
    const n = (next.newline = nextOf(input, newline, p, next.newline));
    if (n >= 0 && (e < 0 || n <= e)) {
      fields.push(input.substring(p, n));
      return { fields, end: n, breaks };
    }
    if (e < 0) {
      fields.push(input.substring(p));
      return { fields, end: len, breaks };
    }
    fields.push(input.substring(p, e));
    p = e + dl;
  }
}
