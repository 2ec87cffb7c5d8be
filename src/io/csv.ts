/**
 * CSV text → Table. papaparse's low-level parser reads the text in chunks that end on record
 * boundaries (so quoted newlines and CRLF are safe), and each chunk's records are streamed into
 * typed column builders (see assemble.ts); no row objects outlive their chunk.
 */
import Papa from 'papaparse';
import { TableAssembler, type AssembleOptions, type AssembledTable, type RawRecord, type RecordProblem } from './assemble.ts';
import { ImportError, plural } from './problems.ts';
import { inPlaceReadable, NEVER_CLOSED, nextOf, readQuotedRecord, UNCLEAN, unknownPositions } from './quoted-record.ts';

export interface CsvOptions extends AssembleOptions {
  /** ',', ';', '\t', '|' or 'auto' (default): chosen from the first lines. */
  delimiter?: string;
  /** Characters per parse chunk (default 1 MiB); a record longer than that grows the chunk. */
  chunkSize?: number;
}

export interface CsvResult extends AssembledTable {
  delimiter: string;
  newline: string;
}

/** Hooks for long imports: progress (0..1) and a checkpoint that yields and throws when cancelled. */
export interface ImportHooks {
  onProgress?: (fraction: number, note?: string) => void;
  checkpoint?: () => Promise<void>;
}

export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;
/** Characters of the head the newline and delimiter are guessed from. */
export const SNIFF_CHARS = 64 * 1024;

/** CRLF, CR or LF: the first line break in the text (LF when there is none). */
export function guessNewline(text: string): string {
  const head = text.slice(0, SNIFF_CHARS);
  const lf = head.indexOf('\n');
  const cr = head.indexOf('\r');
  if (cr >= 0 && (lf < 0 || cr < lf)) return head[cr + 1] === '\n' ? '\r\n' : '\r';
  return '\n';
}

/** A parse problem of one record, with the file line where that record starts (1-based). */
export type RecordError = Required<RecordProblem>;

export interface RawChunk {
  /** Fields of quoted records; unquoted lines as strings (split later, see RawRecord). */
  records: RawRecord[];
  errors: Map<number, RecordError>;
  /** File line (1-based) of the first record. */
  firstLine: number;
  /** File line of each record, only when some record spans several lines (else record k is on firstLine + k). */
  lineOf?: number[];
  /** Characters of text the records were read from (lets the assembler keep text values as views, see StringBuilder). */
  chars?: number;
}

function parseChunk(input: string, delimiter: string, newline: string, partial: boolean) {
  const parser = new Papa.Parser({ delimiter, newline: newline as '\n' | '\r' | '\r\n', quoteChar: '"' });
  return parser.parse(input, 0, partial) as {
    data: string[][];
    errors: Array<{ code: string; row: number }>;
    meta: { cursor: number };
  };
}

/**
 * The delimiter that splits the first lines into the most consistent number (≥ 2) of fields;
 * ',' when none does (a single-column file).
 */
export function guessDelimiter(text: string, newline = guessNewline(text)): string {
  const partial = text.length > SNIFF_CHARS;
  const head = text.slice(0, SNIFF_CHARS);
  let best = ',';
  let bestScore = -1;
  let bestWidth = 0;
  for (const d of DELIMITER_CANDIDATES) {
    const recs = parseChunk(head, d, newline, partial).data.filter((r) => !(r.length === 1 && r[0].trim() === ''));
    if (recs.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of recs) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    let width = 0;
    let freq = 0;
    for (const [w, c] of counts) if (c > freq || (c === freq && w > width)) [width, freq] = [w, c];
    if (width < 2) continue;
    const score = freq / recs.length;
    if (score > bestScore || (score === bestScore && width > bestWidth)) {
      best = d;
      bestScore = score;
      bestWidth = width;
    }
  }
  return best;
}

const QUOTE_MESSAGES: Record<string, string> = {
  MissingQuotes: 'a quoted value is never closed. Check the quotes in this row.',
  InvalidQuotes: 'a quote inside a quoted value is not doubled (""); the value was read as it stands. Check the quotes in this row.',
};

/**
 * Where a line leaves the quoting state: the index of the quote that opened a value still open at the
 * end of the line, STILL_OPEN when the value open before the line is still open, or -1 when no value is
 * open. `from` is 0 for the first line of a record and STILL_OPEN for a line that continues an open value. Follows papaparse: a quote opens a value only at the start of a
 * field (elsewhere it is an ordinary character), "" inside a value is a quote, and a closing quote ends
 * the value even when stray characters follow it before the next delimiter.
 */
export const STILL_OPEN = -2;

export function openQuoteAt(line: string, delimiter: string, from: 0 | typeof STILL_OPEN): number {
  let i = 0;
  let open = from === STILL_OPEN ? STILL_OPEN : -1;
  for (;;) {
    if (open !== -1) {
      const q = line.indexOf('"', i);
      if (q < 0) return open;
      if (line.charCodeAt(q + 1) === 34) {
        i = q + 2;
        continue;
      }
      open = -1;
      const e = line.indexOf(delimiter, q + 1);
      if (e < 0) return -1;
      i = e + delimiter.length;
    } else {
      // `i` starts a field. Delimiters before the next quote are real ones (no value is open), so only
      // that quote matters: it opens a value if a field starts there, else it is an ordinary character.
      const q = line.indexOf('"', i);
      if (q < 0) return -1;
      if (q === i || line.startsWith(delimiter, q - delimiter.length)) {
        open = q;
        i = q + 1;
      } else {
        const e = line.indexOf(delimiter, q + 1);
        if (e < 0) return -1;
        i = e + delimiter.length;
      }
    }
  }
}

/**
 * The fields of a record whose quote at `quoteAt` of `text` is never closed: what comes before is parsed
 * as usual, the rest is split at the delimiter with the quote kept as an ordinary character.
 */
function fieldsWithLiteralQuote(text: string, quoteAt: number, delimiter: string, newline: string): string[] {
  const tail = text.slice(quoteAt).split(delimiter);
  if (quoteAt === 0) return tail;
  const head = text.slice(0, quoteAt - delimiter.length);
  const fields = head.indexOf('"') < 0 ? head.split(delimiter) : parseChunk(head, delimiter, newline, false).data.flat();
  return fields.concat(tail);
}

/**
 * Parses whole records from `input`, like papaparse with `ignoreLastRow = partial`, but faster: lines
 * without a quote are split directly (what papaparse's own fast mode does for quote-free input), and a
 * record with quoted values is read in place (quoted-record.ts) while its quoting is clean. From the first
 * record that is not, the chunk is read by parseRecordsByLines: each run of lines that makes up a quoted
 * record (found by `openQuoteAt`, so quoted newlines stay inside) goes through papaparse.
 *
 * A quote that is still open at the end of the file would swallow every line after it into one value.
 * Instead the import recovers: that quote is read as an ordinary character, its line becomes a record
 * of its own, parsing goes on with the next line, and the record carries an error naming the line
 * where the quote opened and how many lines it would have swallowed (so nothing vanishes silently).
 *
 * `firstLine` is the file line of the input's first line. Returns the records, their problems, how many
 * characters and lines were consumed.
 */
export function parseRecords(
  input: string,
  delimiter: string,
  newline: string,
  partial: boolean,
  firstLine = 1,
): RawChunk & { cursor: number; lines: number } {
  const firstQuote = input.indexOf('"');
  if (firstQuote < 0 || !inPlaceReadable(delimiter, newline)) return parseRecordsByLines(input, delimiter, newline, partial, firstLine);
  const len = input.length;
  const nl = newline.length;
  const records: RawRecord[] = [];
  let lineOf: number[] | undefined;
  const next = unknownPositions();
  next.quote = firstQuote;
  let pos = 0;
  // Lines consumed so far (pos is the start of line `line`).
  let line = 0;
  for (;;) {
    const lineEnd = (next.newline = nextOf(input, newline, pos, next.newline));
    const quote = (next.quote = nextOf(input, '"', pos, next.quote));
    if (quote < 0 || (lineEnd >= 0 && quote >= lineEnd)) {
      // A line without quotes: a record as it stands, split later (the last line may go on in the next chunk).
      if (lineEnd < 0) {
        if (partial) break;
        records.push(input.substring(pos));
        lineOf?.push(firstLine + line);
        line++;
        pos = len;
        break;
      }
      records.push(input.substring(pos, lineEnd));
      lineOf?.push(firstLine + line);
      line++;
      pos = lineEnd + nl;
      continue;
    }
    const rec = readQuotedRecord(input, pos, delimiter, newline, next);
    if (rec === NEVER_CLOSED && partial) break;
    if (rec === NEVER_CLOSED || rec === UNCLEAN) {
      // A quoting problem: this record and the rest of the chunk are read line by line, as papaparse reads them.
      const rest = parseRecordsByLines(input.substring(pos), delimiter, newline, partial, firstLine + line);
      const errors = new Map<number, RecordError>();
      for (const [k, e] of rest.errors) errors.set(records.length + k, e);
      if (rest.lineOf && !lineOf) lineOf = lineNumbers(firstLine, records.length);
      for (let k = 0; k < rest.records.length; k++) {
        records.push(rest.records[k]);
        lineOf?.push(rest.lineOf ? rest.lineOf[k] : firstLine + line + k);
      }
      return { records, errors, cursor: pos + rest.cursor, lines: line + rest.lines, firstLine, lineOf };
    }
    // A record that reaches the end of the chunk may go on in the next one.
    if (rec.end === len && partial) break;
    if (rec.breaks > 0 && !lineOf) lineOf = lineNumbers(firstLine, records.length);
    records.push(rec.fields);
    lineOf?.push(firstLine + line);
    line += rec.breaks + 1;
    if (rec.end === len) {
      pos = len;
      break;
    }
    pos = rec.end + nl;
  }
  return { records, errors: new Map(), cursor: pos, lines: line, firstLine, lineOf };
}

/** Lines of `n` one-line records from `firstLine` on. */
function lineNumbers(firstLine: number, n: number): number[] {
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) out[k] = firstLine + k;
  return out;
}

/**
 * parseRecords line by line, each record with a quote read by papaparse: the way every quoting problem is
 * read and reported (and the reference the in-place reader is tested against).
 */
export function parseRecordsByLines(
  input: string,
  delimiter: string,
  newline: string,
  partial: boolean,
  firstLine = 1,
): RawChunk & { cursor: number; lines: number } {
  const errors = new Map<number, RecordError>();
  const lines = input.split(newline);
  const last = lines.length - 1;
  const nl = newline.length;
  const records: RawRecord[] = [];
  if (input.indexOf('"') < 0) {
    // No quotes at all: every line is a record (papaparse's own fast mode does the same split).
    if (partial) {
      // The text after the last line break may be an unfinished line: the next chunk reads it.
      lines.length = last;
      const end = input.lastIndexOf(newline);
      return { records: lines, errors, cursor: end < 0 ? 0 : end + nl, lines: last, firstLine };
    }
    return { records: lines, errors, cursor: input.length, lines: last + 1, firstLine };
  }
  let lineOf: number[] | undefined;
  let cursor = 0;
  let i = 0;
  while (i <= last) {
    const line = lines[i];
    if (line.indexOf('"') < 0) {
      if (i === last) {
        if (partial) break;
        cursor += line.length;
      } else cursor += line.length + nl;
      records.push(line);
      if (lineOf) lineOf.push(firstLine + i);
      i++;
      continue;
    }
    let open = openQuoteAt(line, delimiter, 0);
    // Where the value that is open last was opened (a record may close one quoted value and open another).
    let openLine = i;
    let openAt = open;
    let openOffset = 0;
    let j = i;
    let len = line.length;
    while (open !== -1 && j < last) {
      j++;
      open = openQuoteAt(lines[j], delimiter, STILL_OPEN);
      if (open >= 0) {
        openLine = j;
        openAt = open;
        openOffset = len + nl;
      }
      len += nl + lines[j].length;
    }
    // A record reaching the end of the chunk may go on in the next one.
    if (j === last && partial) break;
    if (open !== -1) {
      // Never closed, up to the end of the file: recover (see above).
      const at = firstLine + openLine;
      let after = last - openLine;
      while (after > 0 && lines[openLine + after].trim() === '') after--;
      if (openLine > i && !lineOf) {
        lineOf = [];
        for (let k = 0; k < records.length; k++) lineOf.push(firstLine + k);
      }
      errors.set(records.length, {
        line: firstLine + i,
        message:
          `the quote that opens at line ${at.toLocaleString('en-US')} (${JSON.stringify(lines[openLine].slice(openAt, openAt + 30))}…) is never closed, ` +
          `so it would have swallowed ${after === 0 ? 'the rest of the line' : `the ${plural(after, 'line')} after it, to the end of the file,`} into one value. ` +
          `The quote was read as an ordinary character and ${after === 0 ? 'the line was' : 'those lines were'} read as rows as usual. Check the quotes in this line.`,
      });
      const recordLen = openOffset + lines[openLine].length;
      records.push(fieldsWithLiteralQuote(input.substr(cursor, recordLen), openOffset + openAt, delimiter, newline));
      if (lineOf) lineOf.push(firstLine + i);
      cursor += recordLen + (openLine < last ? nl : 0);
      i = openLine + 1;
      continue;
    }
    const res = parseChunk(input.substr(cursor, len), delimiter, newline, false);
    if (j > i && !lineOf) {
      // From now on records and lines differ: keep each record's line.
      lineOf = [];
      for (let k = 0; k < records.length; k++) lineOf.push(firstLine + k);
    }
    const span = j > i ? ` (the quoted value runs over lines ${(firstLine + i).toLocaleString('en-US')}–${(firstLine + j).toLocaleString('en-US')})` : '';
    for (const e of res.errors) {
      const at = records.length + e.row;
      if (e.row < res.data.length && !errors.has(at)) errors.set(at, { line: firstLine + i, message: (QUOTE_MESSAGES[e.code] ?? e.code) + span });
    }
    for (const r of res.data) {
      records.push(r);
      if (lineOf) lineOf.push(firstLine + i);
    }
    cursor += len + (j < last ? nl : 0);
    i = j + 1;
  }
  return { records, errors, cursor, lines: i, firstLine, lineOf };
}

/** Yields record batches from `text`, each ending on a record boundary, and how far it got (0..1). */
export function* recordChunks(text: string, delimiter: string, newline: string, chunkSize: number): Generator<RawChunk & { done: number }> {
  let pos = 0;
  let line = 1;
  const len = text.length;
  while (pos < len) {
    let size = chunkSize;
    for (;;) {
      const end = Math.min(len, pos + size);
      const last = end >= len;
      const res = parseRecords(text.slice(pos, end), delimiter, newline, !last, line);
      if (!last && res.cursor === 0) {
        // One record is longer than the chunk (a huge quoted field): read more at once.
        size *= 2;
        continue;
      }
      const chars = last ? len - pos : res.cursor;
      pos += chars;
      line += res.lines;
      yield { records: res.records, errors: res.errors, firstLine: res.firstLine, lineOf: res.lineOf, chars, done: pos / len };
      break;
    }
  }
}

/** The import as steps: yields progress after each chunk, returns the result. Shared by the sync and async readers. */
function* csvSteps(text: string, options: CsvOptions): Generator<number, CsvResult> {
  if (text.trim() === '') {
    throw new ImportError('The file is empty (no text at all). Choose a file that has a header line and rows of data.');
  }
  const newline = guessNewline(text);
  const delimiter = !options.delimiter || options.delimiter === 'auto' ? guessDelimiter(text, newline) : options.delimiter;
  const chunkSize = options.chunkSize ?? 1 << 20;
  const asm = new TableAssembler(options);
  let first = true;
  for (const c of recordChunks(text, delimiter, newline, chunkSize)) {
    if (first && c.records.length > 0) {
      // Rows ≈ total characters / characters per record seen so far: sizes the builders once.
      asm.expectedRows = Math.ceil(c.records.length / c.done);
      first = false;
    }
    asm.addRecords(c.records, c.errors, delimiter, c);
    yield c.done * 0.95;
  }
  const again = asm.endFirstPass();
  if (again.length > 0) {
    for (const c of recordChunks(text, delimiter, newline, chunkSize)) {
      asm.addReplayRecords(c.records, delimiter);
      yield 0.95 + c.done * 0.05;
    }
  }
  const result = asm.finish();
  if (options.delimiter === undefined || options.delimiter === 'auto') {
    const label = delimiter === '\t' ? 'tab' : `"${delimiter}"`;
    result.notes.unshift(`Values are separated by ${label}.`);
  }
  return { ...result, delimiter, newline };
}

/** Parses CSV text into a Table (synchronously). Throws ImportError for an empty file. */
export function parseCsv(text: string, options: CsvOptions = {}): CsvResult {
  const steps = csvSteps(text, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Like parseCsv, but yields between chunks (cancellable through `checkpoint`) and reports progress. */
export async function parseCsvAsync(text: string, options: CsvOptions = {}, hooks: ImportHooks = {}): Promise<CsvResult> {
  const steps = csvSteps(text, options);
  for (;;) {
    const r = steps.next();
    if (r.done) {
      hooks.onProgress?.(1);
      return r.value;
    }
    hooks.onProgress?.(r.value, 'Reading rows');
    if (hooks.checkpoint) await hooks.checkpoint();
  }
}
