/**
 * CSV text → Table. papaparse's low-level parser reads the text in chunks that end on record
 * boundaries (so quoted newlines and CRLF are safe), and each chunk's records are streamed into
 * typed column builders (see assemble.ts); no row objects outlive their chunk.
 */
import Papa from 'papaparse';
import { TableAssembler, type AssembleOptions, type AssembledTable, type RawRecord } from './assemble.ts';
import { ImportError } from './problems.ts';

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
const SNIFF_CHARS = 64 * 1024;

/** CRLF, CR or LF: the first line break in the text (LF when there is none). */
export function guessNewline(text: string): string {
  const head = text.slice(0, SNIFF_CHARS);
  const lf = head.indexOf('\n');
  const cr = head.indexOf('\r');
  if (cr >= 0 && (lf < 0 || cr < lf)) return head[cr + 1] === '\n' ? '\r\n' : '\r';
  return '\n';
}

interface RawChunk {
  /** Fields of quoted records; unquoted lines as strings (split later, see RawRecord). */
  records: RawRecord[];
  errors: Map<number, string>;
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
  MissingQuotes:
    'a quoted value is never closed, so everything from it to the end of the file was read as one value. Check the quotes in this row.',
  InvalidQuotes: 'a quote inside a quoted value is not doubled (""); the value was read as it stands. Check the quotes in this row.',
};

function countQuotes(line: string): number {
  let n = 0;
  for (let k = line.indexOf('"'); k >= 0; k = line.indexOf('"', k + 1)) n++;
  return n;
}

/**
 * Parses whole records from `input`, like papaparse with `ignoreLastRow = partial`, but faster on
 * files where only some rows are quoted: lines without a quote are split directly (what papaparse's
 * own fast mode does for quote-free input), and each run of lines that makes up a quoted record
 * (an even number of quotes, so quoted newlines stay inside) goes through papaparse.
 * Returns the records, their quote problems and how many characters were consumed.
 */
export function parseRecords(input: string, delimiter: string, newline: string, partial: boolean): RawChunk & { cursor: number } {
  const errors = new Map<number, string>();
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
      return { records: lines, errors, cursor: end < 0 ? 0 : end + nl };
    }
    return { records: lines, errors, cursor: input.length };
  }
  let cursor = 0;
  let i = 0;
  while (i <= last) {
    const line = lines[i];
    if (line.indexOf('"') < 0) {
      if (i === last) {
        if (partial) break;
        records.push(line);
        cursor += line.length;
      } else {
        records.push(line);
        cursor += line.length + nl;
      }
      i++;
      continue;
    }
    let quotes = countQuotes(line);
    let j = i;
    let len = line.length;
    while (quotes % 2 === 1 && j < last) {
      j++;
      quotes += countQuotes(lines[j]);
      len += nl + lines[j].length;
    }
    // A record reaching the end of the chunk may go on in the next one.
    if (j === last && partial) break;
    const res = parseChunk(input.substr(cursor, len), delimiter, newline, false);
    for (const e of res.errors) {
      const at = records.length + e.row;
      if (e.row < res.data.length && !errors.has(at)) errors.set(at, QUOTE_MESSAGES[e.code] ?? e.code);
    }
    for (const r of res.data) records.push(r);
    cursor += len + (j < last ? nl : 0);
    i = j + 1;
  }
  return { records, errors, cursor };
}

/** Yields record batches from `text`, each ending on a record boundary, and how far it got (0..1). */
export function* recordChunks(text: string, delimiter: string, newline: string, chunkSize: number): Generator<RawChunk & { done: number }> {
  let pos = 0;
  const len = text.length;
  while (pos < len) {
    let size = chunkSize;
    for (;;) {
      const end = Math.min(len, pos + size);
      const last = end >= len;
      const res = parseRecords(text.slice(pos, end), delimiter, newline, !last);
      if (!last && res.cursor === 0) {
        // One record is longer than the chunk (a huge quoted field): read more at once.
        size *= 2;
        continue;
      }
      pos = last ? len : pos + res.cursor;
      yield { records: res.records, errors: res.errors, done: pos / len };
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
    asm.addRecords(c.records, c.errors, delimiter);
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
