/**
 * Turns a stream of records (arrays of cell text, from CSV or a spreadsheet) into a typed Table:
 * skips junk lines at the top, detects the header, infers column types from a sample, streams the rest
 * into typed builders, and reports every cell it could not read instead of dropping it.
 *
 * Protocol: `addRecords` (any number of batches) → `endFirstPass` → if it returns columns, feed every
 * record again through `addReplayRecords` (those columns are re-read as text because later values
 * contradicted the type inferred from the sample) → `finish`.
 */
import type { Column, Table } from '../core/table/table.ts';
import { NumericBuilder, StringBuilder, isSpace, trimText, type CellRules } from './column-builders.ts';
import { inferKind, parseAs, type InferredKind } from './infer.ts';
import { ProblemLog, plural, shorten, type ImportProblem } from './problems.ts';
import { guessRole } from './roles.ts';

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
}

export interface AssembledTable {
  table: Table;
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

export class TableAssembler {
  /** Capacity hint for the column builders, set by the reader once it can estimate the row count. */
  expectedRows = 0;
  readonly notes: string[] = [];
  private readonly rules: CellRules;
  private readonly sampleRows: number;
  private readonly problems: ProblemLog;
  private decided = false;
  private buffer: string[][] = [];
  private bufferErrors: Array<string | undefined> = [];
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

  constructor(private readonly options: AssembleOptions = {}) {
    const missing = new Set(options.missingTokens ?? DEFAULT_MISSING_TOKENS);
    missing.add('');
    this.rules = { trim: options.trim ?? true, missing };
    this.sampleRows = Math.max(1, options.sampleRows ?? 10_000);
    this.problems = new ProblemLog(options.maxProblems ?? 1000);
  }

  /**
   * A batch of records; `errors` maps an index in `records` to a parse problem of that record.
   * String records are unquoted lines split at `delimiter`.
   */
  addRecords(records: RawRecord[], errors?: Map<number, string>, delimiter = ','): void {
    for (let k = 0; k < records.length; k++) {
      const raw = records[k];
      if (typeof raw === 'string') {
        if (isBlankLine(raw, delimiter)) continue;
        if (this.decided) {
          this.addDataLine(raw, delimiter);
          continue;
        }
      }
      const rec = typeof raw === 'string' ? raw.split(delimiter) : raw;
      if (isBlank(rec)) continue;
      const err = errors?.get(k);
      if (this.decided) this.addDataRecord(rec, err);
      else {
        this.buffer.push(rec);
        this.bufferErrors.push(err);
        if (this.buffer.length >= this.sampleRows + 12) this.decide();
      }
    }
  }

  /** Ends the first pass; returns the columns that must be read again as text (usually none). */
  endFirstPass(): number[] {
    if (!this.decided) this.decide();
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
    if (!this.decided) this.decide();
    const n = this.rows;
    const columns: Column[] = [];
    let badCells = 0;
    for (let j = 0; j < this.nCols; j++) {
      const name = this.names[j];
      const b = this.builders[j];
      let col: Column;
      let avgLength = 0;
      const again = this.replay.get(j);
      if (again && b instanceof NumericBuilder) {
        col = again.finish(name);
        avgLength = again.averageLength;
        const first = b.bad[0];
        this.notes.push(
          `Column "${name}" looked like ${b.kind === 'date' ? 'dates' : b.kind === 'boolean' ? 'true/false values' : 'numbers'} in the first rows, but ${plural(b.badCount, 'later value')} did not fit (e.g. "${shorten(first.value, 40)}" in row ${first.row.toLocaleString('en-US')}); it was read as ${col.type === 'category' ? 'categories' : 'text'}.`,
        );
      } else if (b instanceof NumericBuilder) {
        col = b.finish(name);
        for (const cell of b.bad) {
          this.problems.add({
            row: cell.row,
            column: name,
            value: shorten(cell.value),
            message: `Row ${cell.row.toLocaleString('en-US')}, column "${name}": "${shorten(cell.value, 40)}" is not ${KIND_LABEL[b.kind]}, so it was left empty (missing). Correct the file or impute the value.`,
          });
        }
        this.problems.count(b.badCount - b.bad.length);
        badCells += b.badCount;
      } else {
        const kind = this.kinds[j].kind === 'pending' ? b.reinfer() : this.kinds[j];
        if (kind.kind !== 'pending' && kind.kind !== 'string' && this.kinds[j].kind === 'pending') {
          col = b.finishAs(name, kind);
        } else {
          col = b.finish(name);
          avgLength = b.averageLength;
          if (b.present === 0 && n > 0) this.notes.push(`Column "${name}" is empty in every row.`);
        }
      }
      const role = guessRole(col, n, avgLength);
      if (role) col.role = role;
      columns.push(col);
    }
    if (this.problems.total > 0) {
      const parts: string[] = [];
      if (this.raggedRows) parts.push(plural(this.raggedRows, 'row') + ' with the wrong number of values');
      if (badCells) parts.push(plural(badCells, 'value') + " that did not match their column's type (left empty)");
      if (this.recordErrors) parts.push(plural(this.recordErrors, 'quoting problem'));
      this.notes.push(`${plural(this.problems.total, 'problem')} found: ${parts.join('; ') || 'see the list'}.`);
    }
    return {
      table: { nRows: n, columns },
      notes: this.notes,
      problems: this.problems.sorted(),
      problemCount: this.problems.total,
      header: this.header,
      skippedRows: this.skipped,
    };
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

  private addDataRecord(rec: string[], err: string | undefined): void {
    const row = ++this.rows;
    const len = rec.length;
    const n = this.nCols;
    const b = this.builders;
    for (let j = 0; j < n; j++) b[j].push(j < len ? rec[j] : undefined);
    if (len !== n) this.reportRagged(row, rec);
    if (err) {
      this.recordErrors++;
      this.problems.add({ row, message: `Row ${row.toLocaleString('en-US')}: ${err}` });
    }
  }

  private reportRagged(row: number, rec: string[]): void {
    const n = this.nCols;
    const len = rec.length;
    this.raggedRows++;
    if (len < n) {
      this.problems.add({
        row,
        message: `Row ${row.toLocaleString('en-US')} has ${plural(len, 'value')} but the table has ${n} columns; the missing values were left empty.`,
      });
    } else {
      this.problems.add({
        row,
        value: shorten(rec.slice(n).join(', ')),
        message: `Row ${row.toLocaleString('en-US')} has ${plural(len, 'value')} but the table has ${n} columns; the ${len - n} extra value(s) were not imported. Check the delimiter and quotes in this row.`,
      });
    }
  }

  /** Skip, header, names and types from the buffered sample; then streams the buffer into builders. */
  private decide(): void {
    this.decided = true;
    const recs = this.buffer;
    const errs = this.bufferErrors;
    this.buffer = [];
    this.bufferErrors = [];
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
    for (let k = 0; k < skip; k++) if (errs[k]) this.problems.add({ row: 0, message: `In a skipped line at the top: ${errs[k]}` });

    const rest = recs.slice(skip);
    const restErrs = errs.slice(skip);
    this.header = o.header === undefined || o.header === 'auto' ? this.detectHeader(rest) : o.header && rest.length > 0;
    const dataRecs = this.header ? rest.slice(1) : rest;
    const dataErrs = this.header ? restErrs.slice(1) : restErrs;
    if (this.header && restErrs[0]) this.problems.add({ row: 0, message: `In the header line: ${restErrs[0]}` });

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
    for (let j = 0; j < first.length; j++) {
      const kind = inferKind(this.presentValues(data, j));
      if (kind.kind === 'string' || kind.kind === 'pending') continue;
      const cell = this.clean(first[j]);
      if (cell === null) continue;
      if (Number.isNaN(parseAs(kind, cell))) yes++;
      else no++;
    }
    const header = yes > 0 || no === 0;
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
    return this.rules.missing.has(s) ? null : s;
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

  private inferColumns(sample: string[][]): void {
    const cap = Math.ceil(Math.max(this.expectedRows, sample.length) * 1.05) + 16;
    this.kinds = [];
    this.builders = [];
    for (let j = 0; j < this.nCols; j++) {
      const kind = inferKind(this.presentValues(sample, j));
      this.kinds.push(kind);
      if (kind.kind === 'string' || kind.kind === 'pending') this.builders.push(new StringBuilder(this.rules, cap));
      else {
        const order = kind.kind === 'date' ? kind.order : 'ymd';
        this.builders.push(new NumericBuilder(kind.kind, order, this.rules, cap));
        if (kind.kind === 'date' && kind.ambiguous) {
          this.notes.push(
            `Column "${this.names[j]}": dates such as 01/02/2020 could be day or month first; they were read as ${kind.order === 'mdy' ? 'month/day/year' : 'day/month/year'}.`,
          );
        }
      }
    }
  }
}
