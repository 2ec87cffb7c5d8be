/**
 * Growable typed-array builders, one per column, fed one cell at a time while a file streams in.
 * No per-row objects are kept: numbers go into a Float64Array, repeated strings into Int32 codes with
 * a Map dictionary, and only columns with many distinct strings keep an array of strings.
 */
import type { CategoryColumn, Column, NumericColumn, TextColumn } from '../core/table/table.ts';
import { allowedMisfits, decimalEvidence, inferKind, markOf } from './infer.ts';
import { numberInfo, parseBoolean, parseDate, parseGroupedNumber, parseNumber, type DateOrder, type DecimalMark } from './values.ts';

/** How raw cell text is cleaned before it is read. */
export interface CellRules {
  trim: boolean;
  /** Tokens that mean "missing" (the empty string always does). */
  missing: Set<string>;
}

/** Above this many distinct values a string column is kept as text, not as categories. */
export const MAX_CATEGORIES = 1000;
/** Bad cells kept per column for the problem report (all are counted; the report keeps 1,000 by default). */
const MAX_BAD_SAMPLES = 1000;
/** Characters of a bad cell kept for the report (a 10 MB cell is not copied). */
const KEPT_CHARS = 200;

export interface BadCell {
  row: number;
  /** The cell's text, cut to KEPT_CHARS. */
  value: string;
  /** Its full length. */
  length: number;
}

function badCell(row: number, s: string, a: number, b: number): BadCell {
  return { row, value: s.substring(a, Math.min(b, a + KEPT_CHARS)), length: b - a };
}

/** Is `s[a, b)` missing? Most cells (numbers, words) are ruled out by length or first character without hashing. */
export type MissingCheck = (s: string, a: number, b: number) => boolean;

export function missingChecker(rules: CellRules): MissingCheck {
  let maxLen = 0;
  const first = new Uint8Array(128);
  for (const t of rules.missing) {
    maxLen = Math.max(maxLen, t.length);
    if (t.length > 0) first[Math.min(127, t.charCodeAt(0))] = 1;
  }
  const set = rules.missing;
  return (s, a, b) => {
    const n = b - a;
    if (n === 0) return true;
    if (n > maxLen) return false;
    const c = s.charCodeAt(a);
    if (c < 127 && first[c] === 0) return false;
    return set.has(n === s.length ? s : s.substring(a, b));
  };
}

/** `s` without surrounding spaces (the same characters as the builders trim). */
export function trimText(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.substring(a, b);
}

/** The characters String.prototype.trim removes (plus control characters). */
export function isSpace(c: number): boolean {
  if (c <= 32) return true;
  if (c < 127) return false;
  return (
    c === 160 ||
    c === 0xfeff ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

const K_NUMBER = 0;
const K_BOOLEAN = 1;
const K_DATE = 2;

/** integer / number / boolean / date cells into a Float64Array (NaN = missing). */
export class NumericBuilder {
  values: Float64Array;
  n = 0;
  /** Non-missing cells, including ones that failed to parse. */
  present = 0;
  /** Cells that do not fit the type (left missing). */
  badCount = 0;
  /** Numbers too large for a double (1e309 would be Infinity), left missing. */
  overflowCount = 0;
  /** The first bad and overflowing cells (all are counted). */
  readonly bad: BadCell[] = [];
  readonly overflow: BadCell[] = [];
  /** Cells written with thousands separators or a decimal comma, and the first one (for the import notes). */
  groupedCount = 0;
  decimalCommaCount = 0;
  formatExample?: BadCell;
  allIntegers = true;
  private readonly code: number;
  private readonly comma: boolean;
  private readonly isMissing: MissingCheck;

  constructor(
    readonly kind: 'integer' | 'number' | 'boolean' | 'date',
    readonly order: DateOrder,
    private readonly rules: CellRules,
    capacity: number,
    /** The decimal mark of a number column. */
    readonly decimal: DecimalMark = 'point',
  ) {
    this.values = new Float64Array(Math.max(16, capacity));
    this.code = kind === 'boolean' ? K_BOOLEAN : kind === 'date' ? K_DATE : K_NUMBER;
    this.comma = decimal === 'comma';
    this.isMissing = missingChecker(rules);
  }

  push(raw: string | undefined): void {
    if (raw === undefined) this.pushMissing();
    else this.pushRange(raw, 0, raw.length);
  }

  pushMissing(): void {
    const i = this.n++;
    if (i === this.values.length) this.grow();
    this.values[i] = NaN;
  }

  /** The cell `s[a, b)`, read without cutting a substring. */
  pushRange(s: string, a: number, b: number): void {
    const i = this.n++;
    if (i === this.values.length) this.grow();
    if (this.rules.trim) {
      while (a < b && isSpace(s.charCodeAt(a))) a++;
      while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
    }
    if (this.isMissing(s, a, b)) {
      this.values[i] = NaN;
      return;
    }
    this.present++;
    let v: number;
    if (this.code === K_NUMBER) {
      // The plain literal first (almost every cell); separators and decimal commas only when needed.
      v = this.comma ? NaN : parseNumber(s, a, b);
      if (v !== v) {
        v = parseGroupedNumber(s, a, b, this.comma);
        if ((numberInfo.grouped || numberInfo.decimalComma) && v === v) {
          if (numberInfo.grouped) this.groupedCount++;
          if (numberInfo.decimalComma) this.decimalCommaCount++;
          // The first example shows the convention best when it has both marks ("1.234,5").
          if (!this.formatExample || (numberInfo.grouped && numberInfo.decimalComma && this.groupedCount === 1)) {
            this.formatExample = badCell(i + 1, s, a, b);
          }
        }
      }
      if (v === Infinity || v === -Infinity) {
        this.overflowCount++;
        if (this.overflow.length < MAX_BAD_SAMPLES) this.overflow.push(badCell(i + 1, s, a, b));
        this.values[i] = NaN;
        return;
      }
      if (v === v && !numberInfo.integer) this.allIntegers = false;
    } else if (this.code === K_BOOLEAN) v = parseBoolean(s, a, b);
    else v = parseDate(s, this.order, a, b);
    if (v !== v) {
      this.badCount++;
      if (this.bad.length < MAX_BAD_SAMPLES) this.bad.push(badCell(i + 1, s, a, b));
    }
    this.values[i] = v;
  }

  private grow(): void {
    const next = new Float64Array(Math.ceil(this.values.length * 1.5) + 16);
    next.set(this.values);
    this.values = next;
  }

  /** Too many cells did not fit the inferred type: the column must be read again as text. */
  needsFallback(): boolean {
    return this.badCount > allowedMisfits(this.present);
  }

  finish(name: string): NumericColumn {
    const values = this.values.length === this.n ? this.values : this.values.slice(0, this.n);
    const type = this.kind === 'integer' || this.kind === 'number' ? (this.allIntegers ? 'integer' : 'number') : this.kind;
    return { name, type, values };
  }
}

/** Shorter substrings are copies already (V8 makes views only of 13 characters or more). */
const DETACH_MIN_LENGTH = 13;

/**
 * A copy of a cell's text that does not keep its chunk of the file alive. V8 keeps a substring of 13 or
 * more characters as a view into the string it was cut from, so one kept cell would hold its whole parse
 * chunk (~1 MiB) in memory; a column keeps its own characters only. Short strings are copies already.
 */
export function detached(s: string): string {
  return s.length < DETACH_MIN_LENGTH ? s : (' ' + s).slice(1);
}

/** A value longer than this can never be a category (see isCategorical): no dictionary for its column. */
const MAX_CATEGORY_LENGTH = 200;

/** String cells, dictionary-encoded while there are few distinct values, plain strings after that. */
export class StringBuilder {
  private codes: Int32Array | null;
  private readonly dict = new Map<string, number>();
  private readonly dictList: string[] = [];
  private strings: Array<string | null> | null = null;
  n = 0;
  present = 0;
  totalLength = 0;
  maxLength = 0;
  private readonly isMissing: MissingCheck;
  /**
   * Text values are kept as they come (views into the text they were cut from) until `endBatch` says
   * whether that text is mostly kept anyway (then the views stay) or not (then they are copied). Off:
   * every kept value is copied at once (detached). Category values are always copied.
   */
  views = false;
  /** Characters of the values kept as views since the last endBatch. */
  viewChars = 0;
  private batchStart = 0;

  constructor(
    private readonly rules: CellRules,
    capacity: number,
  ) {
    this.codes = new Int32Array(Math.max(16, capacity));
    this.isMissing = missingChecker(rules);
  }

  push(raw: string | undefined): void {
    if (raw === undefined) this.add(null);
    else this.pushRange(raw, 0, raw.length);
  }

  pushMissing(): void {
    this.add(null);
  }

  pushRange(raw: string, a: number, b: number): void {
    if (this.rules.trim) {
      while (a < b && isSpace(raw.charCodeAt(a))) a++;
      while (b > a && isSpace(raw.charCodeAt(b - 1))) b--;
    }
    if (this.isMissing(raw, a, b)) this.add(null);
    else this.add(a === 0 && b === raw.length ? raw : raw.substring(a, b));
  }

  private add(s: string | null): void {
    const i = this.n++;
    if (s !== null) {
      this.present++;
      this.totalLength += s.length;
      if (s.length > this.maxLength) this.maxLength = s.length;
    }
    const codes = this.codes;
    if (codes === null) {
      this.strings!.push(s === null ? null : this.keep(s));
      return;
    }
    if (i === codes.length) this.grow();
    if (s === null) {
      this.codes![i] = -1;
      return;
    }
    let code = this.dict.get(s);
    if (code === undefined) {
      if (this.dictList.length >= MAX_CATEGORIES || s.length > MAX_CATEGORY_LENGTH) {
        this.toStrings(i);
        this.strings!.push(this.keep(s));
        return;
      }
      code = this.dictList.length;
      const own = detached(s);
      this.dict.set(own, code);
      this.dictList.push(own);
    }
    this.codes![i] = code;
  }

  /** A text value as stored: a view while views are on (counted for endBatch), else its own copy. */
  private keep(s: string): string {
    if (!this.views) return detached(s);
    if (s.length >= DETACH_MIN_LENGTH) this.viewChars += s.length;
    return s;
  }

  /**
   * Ends a batch of rows (one chunk of text): `keepViews` false copies the text values kept as views
   * since the last batch, so they no longer hold that text in memory.
   */
  endBatch(keepViews: boolean): void {
    const strings = this.strings;
    if (!keepViews && strings !== null && this.viewChars > 0) {
      for (let i = this.batchStart; i < strings.length; i++) {
        const v = strings[i];
        if (v !== null) strings[i] = detached(v);
      }
    }
    this.batchStart = this.n;
    this.viewChars = 0;
  }

  private grow(): void {
    const next = new Int32Array(Math.ceil(this.codes!.length * 1.5) + 16);
    next.set(this.codes!);
    this.codes = next;
  }

  /** Switches to plain strings for the first `upTo` rows (too many distinct values to be categories). */
  private toStrings(upTo: number): void {
    const codes = this.codes!;
    const out = new Array<string | null>(upTo);
    for (let i = 0; i < upTo; i++) out[i] = codes[i] < 0 ? null : this.dictList[codes[i]];
    this.strings = out;
    this.codes = null;
    this.dict.clear();
  }

  get distinct(): number {
    return this.codes === null ? -1 : this.dictList.length;
  }

  get averageLength(): number {
    return this.present === 0 ? 0 : this.totalLength / this.present;
  }

  /** Few distinct, short values relative to the rows: categories; otherwise free text. */
  private isCategorical(): boolean {
    if (this.codes === null) return false;
    const d = this.dictList.length;
    return d <= Math.max(2, 0.5 * this.present) && this.averageLength <= 50 && this.maxLength <= 200;
  }

  /**
   * For a column that was empty in the sample: the type its values have, read again into a
   * NumericBuilder (so bad cells are counted and reported like anywhere else); undefined when the
   * column stays text. `fileMark` is the decimal mark used when the column's own values show none.
   */
  reinfer(fileMark: DecimalMark): NumericBuilder | undefined {
    if (this.present === 0) return undefined;
    let distinct: string[];
    if (this.codes !== null) distinct = this.dictList;
    else {
      const seen = new Set<string>();
      for (const s of this.strings!) if (s !== null) seen.add(s);
      distinct = [...seen];
    }
    const kind = inferKind(distinct, markOf(decimalEvidence(distinct)) ?? fileMark);
    if (kind.kind === 'string' || kind.kind === 'pending') return undefined;
    const b = new NumericBuilder(kind.kind, kind.kind === 'date' ? kind.order : 'ymd', this.rules, this.n, kind.kind === 'integer' || kind.kind === 'number' ? kind.decimal : 'point');
    for (let i = 0; i < this.n; i++) {
      const s = this.codes !== null ? (this.codes[i] < 0 ? null : this.dictList[this.codes[i]]) : this.strings![i];
      if (s === null) b.pushMissing();
      else b.push(s);
    }
    return b.needsFallback() ? undefined : b;
  }

  finish(name: string): CategoryColumn | TextColumn {
    const n = this.n;
    if (this.codes !== null && (this.isCategorical() || this.present === 0)) {
      // Sorted categories read better in viewers and make encodings independent of row order.
      const order = this.dictList.map((_, k) => k).sort((a, b) => (this.dictList[a] < this.dictList[b] ? -1 : 1));
      const remap = new Int32Array(order.length);
      order.forEach((old, k) => (remap[old] = k));
      const codes = new Int32Array(n);
      const src = this.codes;
      for (let i = 0; i < n; i++) codes[i] = src[i] < 0 ? -1 : remap[src[i]];
      return { name, type: 'category', codes, categories: order.map((k) => this.dictList[k]) };
    }
    let values: Array<string | null>;
    if (this.codes !== null) {
      values = new Array<string | null>(n);
      for (let i = 0; i < n; i++) values[i] = this.codes[i] < 0 ? null : this.dictList[this.codes[i]];
    } else values = this.strings!;
    return { name, type: 'text', values };
  }
}

/** Whether every present value of a finished column is distinct (for identifier detection). */
export function allDistinct(c: Column, nRows: number): boolean {
  if (c.type === 'category') {
    const seen = new Uint8Array(c.categories.length);
    for (let i = 0; i < nRows; i++) {
      const k = c.codes[i];
      if (k < 0) return false;
      if (seen[k]) return false;
      seen[k] = 1;
    }
    return true;
  }
  if (c.type === 'text') {
    const seen = new Set<string>();
    for (let i = 0; i < nRows; i++) {
      const s = c.values[i];
      if (s === null || seen.has(s)) return false;
      seen.add(s);
    }
    return true;
  }
  // Ids are usually in ascending order: then they are distinct without sorting.
  let ascending = true;
  for (let i = 1; i < nRows && ascending; i++) if (!(c.values[i] > c.values[i - 1])) ascending = false;
  if (ascending) return nRows === 0 || !Number.isNaN(c.values[0]);
  const sorted = Float64Array.from(c.values);
  sorted.sort();
  for (let i = 0; i < nRows; i++) if (Number.isNaN(sorted[i]) || (i > 0 && sorted[i] === sorted[i - 1])) return false;
  return true;
}
