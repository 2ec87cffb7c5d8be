/**
 * Turns a stream of records (arrays of cell text, from CSV or a spreadsheet) into a typed Table:
 * skips junk lines at the top, detects the header, infers column types from a sample, streams the rest
 * into typed builders, and reports every cell it could not read instead of dropping it.
 *
 * Protocol: `addRecords` (any number of batches) → `endFirstPass` → if it returns columns, feed every
 * record again through `addReplayRecords` (those columns are re-read as text because later values
 * contradicted the type inferred from the sample) → `finish`.
 */
import type { Column, ColumnType, Table } from '../core/table/table.ts';
import { NumericBuilder, StringBuilder, isSpace, missingChecker, trimText, type BadCell, type CellRules, type MissingCheck } from './column-builders.ts';
import { MISFIT_TOLERANCE, decimalEvidence, inferColumn, markOf, parseAs, type ColumnInference, type DecimalEvidence, type InferredKind } from './infer.ts';
import { ImportError, ProblemLog, plural, shorten, type ImportProblem } from './problems.ts';
import { guessRole } from './roles.ts';
import { parseNumberAs, type DecimalMark } from './values.ts';

/** Share of a chunk's text its kept text values must make up for them to stay views into it (see endBatch). */
const VIEW_SHARE = 0.75;

export const DEFAULT_MISSING_TOKENS: readonly string[] = ['?', 'NA', 'N/A', 'n/a', 'null', 'NULL', 'NaN'];

export interface AssembleOptions {
  /** Is the first (non-skipped) line a header? 'auto' decides from the data. */
  header?: 'auto' | boolean;
  /** Lines to skip at the top; 'auto' skips lines with far fewer fields than the data (titles, notes). */
  skipRows?: 'auto' | number;
  /** Column names to use (for files without a header, or to rename). */
  columnNames?: string[];
  /** Tokens read as missing, besides the empty cell. */
  missingTokens?: readonly string[];
  /** Trim spaces around values (default true). */
  trim?: boolean;
  /** Rows used to infer column types (default 10,000). */
  sampleRows?: number;
  /** Problems kept in the report (all are counted; default 1,000). */
  maxProblems?: number;
  /**
   * Fail with an ImportError naming the first cells, instead of importing them as missing: a value that
   * does not fit its column's type, a number too large to store, a row with the wrong number of values,
   * a quoting problem. Off by default (then each is reported as a problem).
   */
  strict?: boolean;
  /**
   * How numbers write their decimals: 'point' (1,234.5) or 'comma' (1.234,5; 1 234,5; 12,5). 'auto'
   * (default) decides per column from its values; see `chooseDecimalMarks` for ambiguous columns.
   */
  decimalMark?: 'auto' | DecimalMark;
}

/** How one column was read, for the import report and the datasets panel. */
export interface ImportColumnInfo {
  name: string;
  type: ColumnType;
  /** How values were written when that mattered: "decimal comma", "thousands separators", "day/month/year". */
  format?: string;
  /** Type and format for people, e.g. "number (decimal comma)". */
  label: string;
  /** Cells left missing because they did not fit the type. */
  badCells: number;
  /** Cells left missing because the number was too large to store (1e309). */
  overflowCells: number;
  /** Why a column whose values are mostly numbers, dates or true/false was kept as text. */
  keptAsText?: string;
}

export interface AssembledTable {
  table: Table;
  /** Per column: type, detected number/date format, cells left missing. */
  columns: ImportColumnInfo[];
  /** Plain-language remarks about how the file was read (header, skipped lines, type fallbacks …). */
  notes: string[];
  /** The first `maxProblems` problems, by row. */
  problems: ImportProblem[];
  problemCount: number;
  header: boolean;
  skippedRows: number;
}

type Builder = NumericBuilder | StringBuilder;

function isBlank(rec: string[]): boolean {
  return rec.length === 0 || (rec.length === 1 && trimText(rec[0]) === '');
}

/** An unquoted line that holds no values (empty or only spaces, no delimiter). */
function isBlankLine(line: string, delimiter: string): boolean {
  return line.length === 0 || (isSpace(line.charCodeAt(0)) && trimText(line) === '' && line.indexOf(delimiter) < 0);
}

/**
 * A record is either its fields, or (fast path) a whole unquoted line still to be split at the
 * delimiter: then numeric cells are read straight from the line, without an array or substrings.
 */
export type RawRecord = string[] | string;

/** A parse problem of one record (e.g. a quote never closed), with the file line where it starts. */
export interface RecordProblem {
  message: string;
  line?: number;
}

function modalLength(recs: string[][]): number {
  const counts = new Map<number, number>();
  let best = 0;
  let bestCount = 0;
  for (const r of recs) {
    const c = (counts.get(r.length) ?? 0) + 1;
    counts.set(r.length, c);
    if (c > bestCount || (c === bestCount && r.length > best)) {
      best = r.length;
      bestCount = c;
    }
  }
  return best;
}

const KIND_LABEL: Record<string, string> = {
  integer: 'a number',
  number: 'a number',
  boolean: 'true or false',
  date: 'a date',
};
const KIND_PLURAL: Record<string, string> = { integer: 'numbers', number: 'numbers', boolean: 'true/false values', date: 'dates' };
const ORDER_LABEL = { ymd: 'year-month-day', mdy: 'month/day/year', dmy: 'day/month/year' } as const;

/** "10%", "2.5%", "0.01%": a share for people. */
function percent(part: number, whole: number): string {
  const p = (100 * part) / Math.max(1, whole);
  return `${p >= 10 || Number.isInteger(p) ? Math.round(p) : p < 0.1 ? p.toPrecision(1) : p.toFixed(1)}%`;
}

/** A problem's first sentence without what the lenient import did about it (strict mode did nothing). */
function strictLine(p: ImportProblem): string {
  const first = p.message.split(/(?<=\.) (?=[A-Z])/)[0];
  return first.replace(/, so it was left empty \(missing\)|;? ?the missing values were left empty|;? ?the \d+ extra value\(s\) were not imported/, '').replace(/\.$/, '');
}

/** "Row 57 (line 58)": the data row (1 = first row after the header) and, for text files, the file line. */
export function rowLabel(row: number, line?: number): string {
  return `Row ${row.toLocaleString('en-US')}${line !== undefined ? ` (line ${line.toLocaleString('en-US')})` : ''}`;
}

/**
 * The decimal mark of each column. Forced by the option; else a column's own unambiguous values decide
 * (the majority); a column without any ("1,234" alone, or only plain integers) follows the file: the
 * mark most other columns show, else a decimal comma when values are separated by ";" (what Excel writes
 * in comma-decimal locales), else a decimal point, so "1,234" = 1234 and "1.234" = 1.234.
 */
export function chooseDecimalMarks(
  evidence: readonly DecimalEvidence[],
  forced: DecimalMark | undefined,
  delimiter: string | undefined,
): { marks: DecimalMark[]; fileMark: DecimalMark; fileReason: string } {
  if (forced) return { marks: evidence.map(() => forced), fileMark: forced, fileReason: 'the import settings ask for it' };
  let point = 0;
  let comma = 0;
  for (const ev of evidence) {
    const m = markOf(ev);
    if (m === 'point') point++;
    else if (m === 'comma') comma++;
  }
  let fileMark: DecimalMark;
  let fileReason: string;
  if (point !== comma) {
    fileMark = point > comma ? 'point' : 'comma';
    fileReason = `the other number columns of the file use a decimal ${fileMark}`;
  } else if (delimiter === ';') {
    fileMark = 'comma';
    fileReason = 'values are separated by ";", as in files that use a decimal comma';
  } else {
    fileMark = 'point';
    fileReason = 'nothing else in the file says otherwise (the default)';
  }
  return { marks: evidence.map((ev) => markOf(ev) ?? fileMark), fileMark, fileReason };
}

/** Per column: the present values of the rows below the first line, their decimal evidence and inference. */
interface HeaderScan {
  values: string[][];
  evidence: DecimalEvidence[];
  seen: ColumnInference[];
  marks: DecimalMark[];
}

export class TableAssembler {
  /** Capacity hint for the column builders, set by the reader once it can estimate the row count. */
  expectedRows = 0;
  readonly notes: string[] = [];
  private readonly rules: CellRules;
  private readonly isMissing: MissingCheck;
  private readonly sampleRows: number;
  private readonly problems: ProblemLog;
  private decided = false;
  private buffer: string[][] = [];
  private bufferErrors: Array<RecordProblem | undefined> = [];
  private bufferLines: Array<number | undefined> = [];
  /** Data row → file line: from `lineShifts[k]` (a row) on, line = row + lineShifts[k + 1]. */
  private readonly lineShifts: number[] = [];
  private shift = NaN;
  private delimiter: string | undefined;
  private fileMark: DecimalMark = 'point';
  private readonly keptAsText = new Map<number, string>();
  private builders: Builder[] = [];
  private kinds: InferredKind[] = [];
  private names: string[] = [];
  private nCols = 0;
  private rows = 0;
  private skipped = 0;
  private header = false;
  private raggedRows = 0;
  private recordErrors = 0;
  private replay = new Map<number, StringBuilder>();
  private replaySeen = 0;
  private overflowCells = 0;
  /** Records come from a text file (CSV), where a stray quote can swallow lines. */
  private textFile = false;
  /** What header detection read of the rows below the first line (see `inferColumns`). */
  private headerScan: HeaderScan | undefined;
  /** Set once every record has been seen (the sample is then the whole file). */
  private ended = false;
  /** Scratch for mayHaveSwallowedRows. */
  private readonly lineEnds: number[] = [];
  /** Characters of text read since the last endBatch, when the reader tells them (text files). */
  private batchChars = 0;
  private charsKnown = false;

  constructor(private readonly options: AssembleOptions = {}) {
    const missing = new Set(options.missingTokens ?? DEFAULT_MISSING_TOKENS);
    missing.add('');
    this.rules = { trim: options.trim ?? true, missing };
    this.isMissing = missingChecker(this.rules);
    this.sampleRows = Math.max(1, options.sampleRows ?? 10_000);
    this.problems = new ProblemLog(options.maxProblems ?? 1000);
  }

  /**
   * A batch of records; `errors` maps an index in `records` to a parse problem of that record.
   * String records are unquoted lines split at `delimiter`. `lines` gives the file line of each record
   * (text files): record k is on `lines.firstLine + k`, or `lines.lineOf[k]` when some span several lines.
   */
  addRecords(
    records: RawRecord[],
    errors?: Map<number, RecordProblem>,
    delimiter = ',',
    lines?: { firstLine: number; lineOf?: number[]; chars?: number },
  ): void {
    this.delimiter ??= delimiter;
    if (lines) this.textFile = true;
    if (lines?.chars !== undefined) {
      this.batchChars += lines.chars;
      this.charsKnown = true;
    }
    const lineOf = lines?.lineOf;
    const first = lines ? lines.firstLine : NaN;
    for (let k = 0; k < records.length; k++) {
      const raw = records[k];
      const line = lineOf ? lineOf[k] : first + k;
      if (typeof raw === 'string') {
        if (isBlankLine(raw, delimiter)) continue;
        if (this.decided) {
          // line - row changes only after blank lines, skipped lines or multi-line records.
          if (line - this.rows - 1 !== this.shift) this.noteShift(this.rows + 1, line);
          this.addDataLine(raw, delimiter);
          continue;
        }
      }
      const rec = typeof raw === 'string' ? raw.split(delimiter) : raw;
      if (isBlank(rec)) continue;
      const err = errors?.get(k);
      if (this.decided) {
        if (line - this.rows - 1 !== this.shift) this.noteShift(this.rows + 1, line);
        // Only a chunk with records over several lines (lineOf given) can hold a value with line breaks.
        this.addDataRecord(rec, err, lineOf !== undefined);
      } else {
        this.buffer.push(rec);
        this.bufferErrors.push(err);
        this.bufferLines.push(lines ? line : undefined);
        if (this.buffer.length >= this.sampleRows + 12) this.decide();
      }
    }
    if (this.decided) this.endBatch();
  }

  /**
   * The text values of a batch (one chunk of text, or the sample's chunks) stay views into that text when
   * they make up at least VIEW_SHARE of it (long free text: copying it would cost time and memory for
   * nothing), else they are copied so the chunk can be freed (a few short values must not keep it).
   */
  private endBatch(): void {
    let kept = 0;
    for (const b of this.builders) if (b instanceof StringBuilder) kept += b.viewChars;
    const keep = this.batchChars > 0 && kept >= VIEW_SHARE * this.batchChars;
    for (const b of this.builders) if (b instanceof StringBuilder) b.endBatch(keep);
    this.batchChars = 0;
  }

  private noteShift(row: number, line: number): void {
    if (line !== line) return;
    this.shift = line - row;
    this.lineShifts.push(row, this.shift);
  }

  /** The file line of a data row (text files only). */
  lineOf(row: number): number | undefined {
    const ls = this.lineShifts;
    let lo = 0;
    let hi = ls.length / 2 - 1;
    if (hi < 0 || ls[0] > row) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[2 * mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return row + ls[2 * lo + 1];
  }

  /** Ends the first pass; returns the columns that must be read again as text (usually none). */
  endFirstPass(): number[] {
    this.ended = true;
    if (!this.decided) {
      this.decide();
      this.endBatch();
    }
    const cols: number[] = [];
    this.builders.forEach((b, j) => {
      if (b instanceof NumericBuilder && b.needsFallback()) {
        cols.push(j);
        this.replay.set(j, new StringBuilder(this.rules, this.rows));
      }
    });
    return cols;
  }

  addReplayRecords(records: RawRecord[], delimiter = ','): void {
    const lead = this.skipped + (this.header ? 1 : 0);
    for (const raw of records) {
      if (typeof raw === 'string' && isBlankLine(raw, delimiter)) continue;
      const rec = typeof raw === 'string' ? raw.split(delimiter) : raw;
      if (isBlank(rec)) continue;
      if (this.replaySeen++ < lead) continue;
      for (const [j, b] of this.replay) b.push(j < rec.length ? rec[j] : undefined);
    }
  }

  finish(): AssembledTable {
    this.ended = true;
    if (!this.decided) {
      this.decide();
      this.endBatch();
    }
    const n = this.rows;
    const columns: Column[] = [];
    const infos: ImportColumnInfo[] = [];
    const badByColumn: string[] = [];
    const overflowByColumn: string[] = [];
    let badCells = 0;
    for (let j = 0; j < this.nCols; j++) {
      const name = this.names[j];
      const b = this.builders[j];
      let col: Column;
      let avgLength = 0;
      let numeric: NumericBuilder | undefined;
      let keptAsText = this.keptAsText.get(j);
      const again = this.replay.get(j);
      if (again && b instanceof NumericBuilder) {
        col = again.finish(name);
        avgLength = again.averageLength;
        const first = b.bad[0];
        keptAsText = `${plural(b.badCount, 'value')} of ${b.present.toLocaleString('en-US')} (${percent(b.badCount, b.present)}) are not ${KIND_PLURAL[b.kind]}, e.g. ${this.cellLabel(first)}`;
        this.notes.push(
          `Column "${name}" looked like ${KIND_PLURAL[b.kind]} in the first rows but was kept as ${col.type === 'category' ? 'categories' : 'text'}: ${keptAsText} (a column is read as ${KIND_PLURAL[b.kind]} when at most ${percent(MISFIT_TOLERANCE, 1)} of its values are not).`,
        );
      } else if (b instanceof NumericBuilder) {
        numeric = b;
      } else {
        numeric = this.kinds[j].kind === 'pending' ? b.reinfer(this.fileMark) : undefined;
        if (!numeric) {
          col = b.finish(name);
          avgLength = b.averageLength;
          if (b.present === 0 && n > 0) this.notes.push(`Column "${name}" is empty in every row.`);
        }
      }
      let format: string | undefined;
      if (numeric) {
        col = numeric.finish(name);
        format = this.reportCells(numeric, name);
        badCells += numeric.badCount;
        if (numeric.badCount > 0) badByColumn.push(`"${name}" ${numeric.badCount.toLocaleString('en-US')}`);
        if (numeric.overflowCount > 0) overflowByColumn.push(`"${name}" ${numeric.overflowCount.toLocaleString('en-US')}`);
      }
      col = col!;
      const role = guessRole(col, n, avgLength);
      if (role) col.role = role;
      columns.push(col);
      const info: ImportColumnInfo = {
        name,
        type: col.type,
        label: format ? `${col.type} (${format})` : col.type,
        badCells: numeric?.badCount ?? 0,
        overflowCells: numeric?.overflowCount ?? 0,
      };
      if (format) info.format = format;
      if (keptAsText && (col.type === 'text' || col.type === 'category')) info.keptAsText = keptAsText;
      infos.push(info);
    }
    if (this.problems.total > 0) {
      const parts: string[] = [];
      if (this.raggedRows) parts.push(plural(this.raggedRows, 'row') + ' with the wrong number of values');
      if (badCells) parts.push(`${plural(badCells, 'value')} that did not match their column's type, left empty (${badByColumn.join(', ')})`);
      if (this.overflowCells) parts.push(`${plural(this.overflowCells, 'number')} too large to store, left empty (${overflowByColumn.join(', ')})`);
      if (this.recordErrors) parts.push(plural(this.recordErrors, 'quoting problem'));
      this.notes.push(`${plural(this.problems.total, 'problem')} found: ${parts.join('; ') || 'see the list'}.`);
    }
    const problems = this.problems.sorted();
    if (this.options.strict) this.failIfStrict(problems, badCells + this.overflowCells + this.raggedRows + this.recordErrors);
    return {
      table: { nRows: n, columns },
      columns: infos,
      notes: this.notes,
      problems,
      problemCount: this.problems.total,
      header: this.header,
      skippedRows: this.skipped,
    };
  }

  private cellLabel(cell: BadCell): string {
    return `${rowLabel(cell.row, this.lineOf(cell.row)).replace(/^Row/, 'row')} "${shorten(cell.value, 40, cell.length)}"`;
  }

  /** Reports a numeric column's bad and overflowing cells; returns its number or date format, if notable. */
  private reportCells(b: NumericBuilder, name: string): string | undefined {
    const isNumber = b.kind === 'integer' || b.kind === 'number';
    for (const cell of b.bad) {
      const line = this.lineOf(cell.row);
      this.problems.add({
        row: cell.row,
        ...(line !== undefined && { line }),
        column: name,
        value: shorten(cell.value, 80, cell.length),
        message: `${rowLabel(cell.row, line)}, column "${name}": "${shorten(cell.value, 40, cell.length)}" ${this.misfitReason(b, cell)}, so it was left empty (missing). Correct the file or impute the value.`,
      });
    }
    this.problems.count(b.badCount - b.bad.length);
    for (const cell of b.overflow) {
      const line = this.lineOf(cell.row);
      this.problems.add({
        row: cell.row,
        ...(line !== undefined && { line }),
        column: name,
        value: shorten(cell.value, 80, cell.length),
        message: `${rowLabel(cell.row, line)}, column "${name}": "${shorten(cell.value, 40, cell.length)}" is too large to store as a number (it would be infinite), so it was left empty (missing). Correct the value in the file.`,
      });
    }
    this.problems.count(b.overflowCount - b.overflow.length);
    this.overflowCells += b.overflowCount;
    if (b.badCount > 0) {
      this.notes.push(
        `Column "${name}": ${plural(b.badCount, 'value')} of ${b.present.toLocaleString('en-US')} (${percent(b.badCount, b.present)}) ${b.badCount === 1 ? `is not ${KIND_LABEL[b.kind]}` : `are not ${KIND_PLURAL[b.kind]}`}, e.g. ${this.cellLabel(b.bad[0])}; ${b.badCount === 1 ? 'it was left empty (missing) and is listed as a problem' : 'they were left empty (missing) and are listed as problems'}. The column is still read as ${KIND_PLURAL[b.kind]} (at most ${percent(MISFIT_TOLERANCE, 1)} of a column may not fit).`,
      );
    }
    if (b.overflowCount > 0) {
      this.notes.push(`Column "${name}": ${plural(b.overflowCount, 'number')} too large to store (e.g. ${this.cellLabel(b.overflow[0])}) ${b.overflowCount === 1 ? 'was' : 'were'} left empty (missing).`);
    }
    if (b.kind === 'date') return b.order === 'ymd' ? undefined : ORDER_LABEL[b.order];
    if (!isNumber) return undefined;
    const ex = b.formatExample;
    const formats: string[] = [];
    if (b.decimal === 'comma' && b.decimalCommaCount > 0) formats.push('decimal comma');
    if (b.groupedCount > 0) formats.push('thousands separators');
    if (formats.length === 0 || !ex) return undefined;
    this.notes.push(
      `Column "${name}": numbers written with ${formats.map((f) => (f === 'decimal comma' ? 'a decimal comma' : f)).join(' and ')} (e.g. ${this.cellLabel(ex)} = ${parseNumberAs(ex.value, b.decimal)}).`,
    );
    return formats.join(', ');
  }

  /** Why a cell does not fit: for numbers, says so when it is written with the other decimal mark. */
  private misfitReason(b: NumericBuilder, cell: BadCell): string {
    if (b.kind !== 'integer' && b.kind !== 'number') return `is not ${KIND_LABEL[b.kind]}`;
    if (cell.length > 60) return `is ${cell.length.toLocaleString('en-US')} characters long, too long to be a number`;
    const other: DecimalMark = b.decimal === 'point' ? 'comma' : 'point';
    if (!Number.isNaN(parseNumberAs(cell.value, other))) {
      return `is written with a decimal ${other}, but this column's numbers use a decimal ${b.decimal}`;
    }
    return b.decimal === 'comma' && /\d/.test(cell.value) ? 'is not a number (this column uses a decimal comma)' : 'is not a number';
  }

  /** Strict mode: any cell that would be left missing or dropped fails the import, naming the first ones. */
  private failIfStrict(problems: ImportProblem[], count: number): void {
    if (count === 0) return;
    const first = problems.filter((p) => p.row > 0).slice(0, 5);
    throw new ImportError(
      `Strict import: ${plural(count, 'cell or row', 'cells or rows')} could not be read as ${count === 1 ? 'it stands' : 'they stand'}. The first: ${first.map(strictLine).join(' | ')}. Correct the file, or import without "strict" to read such cells as missing values (each one is listed in the import report).`,
    );
  }

  /** The hot path: one unquoted line, cells handed to the builders as ranges of the line. */
  private addDataLine(line: string, d: string): void {
    const n = this.nCols;
    const b = this.builders;
    const dl = d.length;
    let start = 0;
    let j = 0;
    for (;;) {
      const e = line.indexOf(d, start);
      if (j < n) b[j].pushRange(line, start, e < 0 ? line.length : e);
      j++;
      if (e < 0) break;
      start = e + dl;
    }
    this.rows++;
    if (j !== n) {
      for (let k = j; k < n; k++) b[k].pushMissing();
      this.reportRagged(this.rows, line.split(d));
    }
  }

  private addDataRecord(rec: string[], err: RecordProblem | undefined, mayHaveLineBreaks = true): void {
    const row = ++this.rows;
    const len = rec.length;
    const n = this.nCols;
    const b = this.builders;
    for (let j = 0; j < n; j++) b[j].push(j < len ? rec[j] : undefined);
    if (len !== n) this.reportRagged(row, rec);
    if (err) {
      this.recordErrors++;
      const line = this.lineOf(row) ?? err.line;
      this.problems.add({ row, ...(line !== undefined && { line }), message: `${rowLabel(row, line)}: ${err.message}` });
    } else if (mayHaveLineBreaks && this.textFile && n > 1) {
      for (let j = 0; j < len && j < n; j++) {
        const f = rec[j];
        if (f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) this.checkSwallowedLines(row, j, f);
      }
    }
  }

  /**
   * A quoted value whose inner lines look like rows of their own (each splits into as many values as
   * the table has columns) most likely swallowed them because of a stray or missing quote that is
   * closed further down. The value is kept as read, but the swallowed lines must not vanish silently.
   */
  private checkSwallowedLines(row: number, j: number, value: string): void {
    if (!this.mayHaveSwallowedRows(value)) return;
    const lines = value.split(/\r\n|\n|\r/);
    // The first line and the last (which ends at the closing quote) are parts of this record.
    const inner = lines.slice(1, -1);
    if (inner.length < 2) return;
    const d = this.delimiter ?? ',';
    let rowLike = 0;
    for (const l of inner) if (l.split(d).length === this.nCols) rowLike++;
    if (rowLike < 0.8 * inner.length) return;
    const line = this.lineOf(row);
    this.recordErrors++;
    this.problems.add({
      row,
      ...(line !== undefined && { line }),
      column: this.names[j],
      value: shorten(value, 80),
      message: `${rowLabel(row, line)}, column "${this.names[j]}": the quoted value runs over ${plural(lines.length - 1, 'more line')}${line !== undefined ? ` (lines ${line.toLocaleString('en-US')}–${(line + lines.length - 1).toLocaleString('en-US')})` : ''}, and ${rowLike === inner.length ? 'all' : 'most'} of them look like rows of their own (${this.nCols} values each, e.g. "${shorten(inner[0], 40)}"). A quote is probably missing or extra; those lines were kept inside this one value. Check the quotes in this row.`,
    });
  }

  /**
   * The test of checkSwallowedLines without splitting the value: at least two inner lines (not the first,
   * not the last), and at least 80% of them with exactly nCols - 1 delimiters (what splits into nCols
   * values). Line breaks and delimiters are found with indexOf, and the count stops as soon as too many
   * lines fail: most values with line breaks (resumes, comments) are done after a line or two.
   */
  private mayHaveSwallowedRows(value: string): boolean {
    const d = this.delimiter ?? ',';
    if (d.length !== 1 || d === '\n' || d === '\r') return true;
    // Where each line ends (\r\n, \n or \r, as the split in checkSwallowedLines).
    const ends = this.lineEnds;
    ends.length = 0;
    let lf = value.indexOf('\n');
    let cr = value.indexOf('\r');
    while (lf >= 0 || cr >= 0) {
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        ends.push(cr);
        const next = cr + (lf === cr + 1 ? 2 : 1);
        if (lf === cr + 1) lf = value.indexOf('\n', next);
        cr = value.indexOf('\r', next);
      } else {
        ends.push(lf);
        lf = value.indexOf('\n', lf + 1);
      }
    }
    const inner = ends.length - 1;
    if (inner < 2) return false;
    const want = this.nCols - 1;
    let misses = 0;
    let delim = value.indexOf(d, ends[0]);
    for (let k = 1; k <= inner; k++) {
      const end = ends[k];
      let count = 0;
      while (delim >= 0 && delim < end) {
        count++;
        delim = value.indexOf(d, delim + 1);
      }
      if (count !== want && (inner - ++misses) < 0.8 * inner) return false;
    }
    return true;
  }

  private reportRagged(row: number, rec: string[]): void {
    const n = this.nCols;
    const len = rec.length;
    const line = this.lineOf(row);
    const at = line !== undefined ? { line } : {};
    this.raggedRows++;
    if (len < n) {
      this.problems.add({
        row,
        ...at,
        message: `${rowLabel(row, line)} has ${plural(len, 'value')} but the table has ${n} columns; the missing values were left empty.`,
      });
    } else {
      this.problems.add({
        row,
        ...at,
        value: shorten(rec.slice(n).join(', ')),
        message: `${rowLabel(row, line)} has ${plural(len, 'value')} but the table has ${n} columns; the ${len - n} extra value(s) were not imported. Check the delimiter and quotes in this row.`,
      });
    }
  }

  /** Skip, header, names and types from the buffered sample; then streams the buffer into builders. */
  private decide(): void {
    this.decided = true;
    const recs = this.buffer;
    const errs = this.bufferErrors;
    const lines = this.bufferLines;
    this.buffer = [];
    this.bufferErrors = [];
    this.bufferLines = [];
    const o = this.options;

    // Junk at the top (report titles, "|1x3 Cross validator"): far fewer fields than the data has.
    let skip = 0;
    if (typeof o.skipRows === 'number') skip = Math.min(Math.max(0, Math.floor(o.skipRows)), recs.length);
    else {
      const m = modalLength(recs);
      if (m >= 2) while (skip < Math.min(10, recs.length - 1) && recs[skip].length * 2 <= m) skip++;
      if (skip > 0) {
        const shown = recs
          .slice(0, Math.min(skip, 3))
          .map((r) => `"${shorten(r.join(','), 60)}"`)
          .join(', ');
        this.notes.push(
          `Skipped ${plural(skip, 'line')} at the top that ${skip === 1 ? 'does' : 'do'} not look like data (${shown}). Set "Skip rows" to change this.`,
        );
      }
    }
    this.skipped = skip;
    for (let k = 0; k < skip; k++) if (errs[k]) this.problems.add({ row: 0, message: `In a skipped line at the top: ${errs[k]!.message}` });

    const rest = recs.slice(skip);
    const restErrs = errs.slice(skip);
    this.header = o.header === undefined || o.header === 'auto' ? this.detectHeader(rest) : o.header && rest.length > 0;
    const lead = skip + (this.header ? 1 : 0);
    const dataRecs = recs.slice(lead);
    const dataErrs = errs.slice(lead);
    if (this.header && restErrs[0]) this.problems.add({ row: 0, message: `In the header line: ${restErrs[0].message}` });

    // File lines of the sample rows first, so that inference notes can name them.
    for (let k = 0; k < dataRecs.length; k++) {
      const line = lines[lead + k];
      if (line !== undefined && line - (k + 1) !== this.shift) this.noteShift(k + 1, line);
    }
    this.nameColumns(this.header ? rest[0] : undefined, dataRecs);
    this.inferColumns(dataRecs);
    for (let k = 0; k < dataRecs.length; k++) this.addDataRecord(dataRecs[k], dataErrs[k]);
  }

  /**
   * Like Python's csv.Sniffer: a first line whose cells do not parse as the types of the columns below
   * (e.g. "Age" above numbers) is a header; one whose cells fit them (e.g. "39" above numbers) is data.
   */
  private detectHeader(recs: string[][]): boolean {
    if (recs.length === 0) return false;
    const first = recs[0];
    const data = recs.slice(1, 1 + this.sampleRows);
    let yes = 0;
    let no = 0;
    const scan: HeaderScan = { values: [], evidence: [], seen: [], marks: [] };
    for (let j = 0; j < first.length; j++) {
      const values = this.presentValues(data, j);
      const evidence = decimalEvidence(values);
      const mark = this.forcedMark() ?? markOf(evidence) ?? 'point';
      const seen = inferColumn(values, mark);
      scan.values.push(values);
      scan.evidence.push(evidence);
      scan.seen.push(seen);
      scan.marks.push(mark);
      const kind = seen.kind;
      if (kind.kind === 'string' || kind.kind === 'pending') continue;
      const cell = this.clean(first[j]);
      if (cell === null) continue;
      if (Number.isNaN(parseAs(kind, cell))) yes++;
      else no++;
    }
    const header = yes > 0 || no === 0;
    // With a header, these rows are the data sample: inference reuses them instead of reading it again.
    if (header) this.headerScan = scan;
    if (!header) {
      this.notes.push(
        this.options.columnNames?.length
          ? 'The first line holds data, not column names; the names you gave were used.'
          : 'The first line holds data, not column names; columns are named col1, col2, … Give names with "Column names".',
      );
    }
    return header;
  }

  private clean(raw: string | undefined): string | null {
    if (raw === undefined) return null;
    const s = this.rules.trim ? trimText(raw) : raw;
    // Ruled out by length or first character where possible: hashing a long text cell costs as much as reading it.
    return this.isMissing(s, 0, s.length) ? null : s;
  }

  private presentValues(recs: string[][], j: number): string[] {
    const out: string[] = [];
    for (const r of recs) {
      const s = this.clean(r[j]);
      if (s !== null) out.push(s);
    }
    return out;
  }

  private nameColumns(headerRec: string[] | undefined, dataRecs: string[][]): void {
    const dataWidth = modalLength(dataRecs);
    const given = (this.options.columnNames ?? []).map((s) => s.trim());
    let raw: string[];
    if (headerRec) {
      raw = headerRec.map((s) => s.trim());
      // "a,b,c," headers leave an empty trailing name that the data does not fill.
      while (raw.length > dataWidth && raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
    } else raw = [];
    let n = Math.max(raw.length, given.length, headerRec ? 0 : dataWidth);
    // Data wider than the header: only when most rows agree (a few long rows are reported as ragged).
    const wide = dataRecs.filter((r) => r.length === dataWidth).length;
    if (headerRec && dataWidth > n && wide * 2 > dataRecs.length) {
      this.notes.push(`The data rows have ${dataWidth} values but the header names only ${n} columns; the extra columns were named col${n + 1}….`);
      n = dataWidth;
    }
    const names: string[] = [];
    const used = new Set<string>();
    for (let j = 0; j < n; j++) {
      const base = given[j] || raw[j] || `col${j + 1}`;
      let name = base;
      for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
      if (name !== base) {
        this.problems.add({
          row: 0,
          column: name,
          value: base,
          message: `Column name "${base}" appears more than once; column ${j + 1} was renamed "${name}".`,
        });
      }
      used.add(name);
      names.push(name);
    }
    if (given.length > 0 && given.length !== n) {
      this.notes.push(`${plural(given.length, 'column name')} given for ${plural(n, 'column')}; ${given.length < n ? 'the rest keep their own names' : 'the extra names became empty columns'}.`);
    }
    this.names = names;
    this.nCols = n;
  }

  private forcedMark(): DecimalMark | undefined {
    const m = this.options.decimalMark;
    return m === 'point' || m === 'comma' ? m : undefined;
  }

  private inferColumns(sample: string[][]): void {
    const cap = Math.ceil(Math.max(this.expectedRows, sample.length) * 1.05) + 16;
    this.kinds = [];
    this.builders = [];
    const scan = this.header ? this.headerScan : undefined;
    const values = this.names.map((_, j) => (scan && j < scan.values.length ? scan.values[j] : this.presentValues(sample, j)));
    const evidence = values.map((v, j) => (scan && j < scan.evidence.length ? scan.evidence[j] : decimalEvidence(v)));
    const { marks, fileMark, fileReason } = chooseDecimalMarks(evidence, this.forcedMark(), this.delimiter);
    this.fileMark = fileMark;
    this.headerScan = undefined;
    for (let j = 0; j < this.nCols; j++) {
      const seen = scan && j < scan.seen.length && scan.marks[j] === marks[j] ? scan.seen[j] : inferColumn(values[j], marks[j]);
      const kind = seen.kind;
      this.kinds.push(kind);
      if (kind.kind === 'string' || kind.kind === 'pending') {
        const b = new StringBuilder(this.rules, cap);
        b.views = this.charsKnown;
        this.builders.push(b);
        if (kind.kind === 'string') this.explainText(j, sample, seen, marks[j]);
        continue;
      }
      const order = kind.kind === 'date' ? kind.order : 'ymd';
      const decimal = kind.kind === 'integer' || kind.kind === 'number' ? kind.decimal : 'point';
      this.builders.push(new NumericBuilder(kind.kind, order, this.rules, cap, decimal));
      if (kind.kind === 'date' && kind.ambiguous) {
        this.notes.push(
          `Column "${this.names[j]}": dates such as 01/02/2020 could be day or month first; they were read as ${kind.order === 'mdy' ? 'month/day/year' : 'day/month/year'}.`,
        );
      }
      const ev = evidence[j];
      if (decimal === marks[j] && ev.ambiguous > 0 && markOf(ev) === undefined && ev.ambiguousExample !== undefined) {
        const ex = ev.ambiguousExample;
        this.notes.push(
          `Column "${this.names[j]}": values such as "${shorten(ex, 30)}" could mean ${parseNumberAs(ex, 'point')} or ${parseNumberAs(ex, 'comma')}; they were read with a decimal ${decimal} (${ex} = ${parseNumberAs(ex, decimal)}) because ${fileReason}. Set the decimal mark in the import settings if that is wrong.`,
        );
      }
    }
  }

  /**
   * A column kept as text although most of its sample values are numbers, dates or true/false: says why
   * (the share that is not, with the first such row), so a type change is never silent.
   */
  private explainText(j: number, sample: string[][], seen: ReturnType<typeof inferColumn>, decimal: DecimalMark): void {
    const best = Math.max(seen.numbers, seen.booleans, seen.dates);
    if (seen.n === 0 || best * 2 < seen.n) return;
    const what = best === seen.numbers ? 'numbers' : best === seen.dates ? 'dates' : 'true/false values';
    const name = this.names[j];
    if (what === 'numbers' && seen.numbers >= seen.n - Math.floor(seen.n * MISFIT_TOLERANCE)) {
      const ex = sample.map((r) => this.clean(r[j])).find((s) => s !== null && /^[+-]?0\d/.test(s));
      const why = `its values are codes, not amounts: ${ex ? `e.g. "${shorten(ex, 30)}" has` : 'some have'} leading zeros or more than 15 digits`;
      this.keptAsText.set(j, why);
      this.notes.push(`Column "${name}" was kept as text: ${why}.`);
      return;
    }
    let example = '';
    for (let k = 0; k < sample.length; k++) {
      const s = this.clean(sample[k][j]);
      if (s === null) continue;
      const fits =
        what === 'numbers'
          ? !Number.isNaN(parseNumberAs(s, decimal))
          : what === 'dates'
            ? !Number.isNaN(parseAs({ kind: 'date', order: 'ymd', ambiguous: false }, s)) ||
              !Number.isNaN(parseAs({ kind: 'date', order: 'mdy', ambiguous: false }, s)) ||
              !Number.isNaN(parseAs({ kind: 'date', order: 'dmy', ambiguous: false }, s))
            : !Number.isNaN(parseAs({ kind: 'boolean' }, s));
      if (!fits) {
        const row = k + 1;
        example = `, e.g. ${rowLabel(row, this.lineOf(row)).replace(/^Row/, 'row')} "${shorten(s, 40)}"`;
        break;
      }
    }
    const bad = seen.n - best;
    const why = `${percent(bad, seen.n)} of its values are not ${what}${example}`;
    this.keptAsText.set(j, why);
    this.notes.push(
      `Column "${name}" was kept as text: ${why}${this.ended ? '' : ` (in the first ${plural(sample.length, 'row')})`}. A column is read as ${what} when at most ${percent(MISFIT_TOLERANCE, 1)} of its values are not; correct those values or set them as missing value markers.`,
    );
  }
}
