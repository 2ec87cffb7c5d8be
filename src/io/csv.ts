/**
 * CSV text → Table. papaparse's low-level parser reads the text in chunks that end on record
 * boundaries (so quoted newlines and CRLF are safe), and each chunk's records are streamed into
 * typed column builders (see assemble.ts); no row objects outlive their chunk.
 */
import Papa from 'papaparse';
import { TableAssembler, type AssembleOptions, type AssembledTable } from './assemble.ts';
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
  records: string[][];
  errors: Map<number, string>;
}

function parseChunk(input: string, delimiter: string, newline: string, partial: boolean) {
  const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
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

/** Yields record batches from `text`, each ending on a record boundary, and how far it got (0..1). */
function* chunks(text: string, delimiter: string, newline: string, chunkSize: number): Generator<RawChunk & { done: number }> {
  let pos = 0;
  const len = text.length;
  while (pos < len) {
    let size = chunkSize;
    for (;;) {
      const end = Math.min(len, pos + size);
      const last = end >= len;
      const res = parseChunk(text.slice(pos, end), delimiter, newline, !last);
      if (!last && res.meta.cursor === 0) {
        // One record is longer than the chunk (a huge quoted field): read more at once.
        size *= 2;
        continue;
      }
      const errors = new Map<number, string>();
      for (const e of res.errors) {
        // Errors of the unfinished last record of a chunk are not real: it is parsed again next time.
        if (e.row < res.data.length && !errors.has(e.row)) errors.set(e.row, QUOTE_MESSAGES[e.code] ?? e.code);
      }
      pos = last ? len : pos + res.meta.cursor;
      yield { records: res.data, errors, done: pos / len };
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
  for (const c of chunks(text, delimiter, newline, chunkSize)) {
    if (first && c.records.length > 0) {
      // Rows ≈ total characters / characters per record seen so far: sizes the builders once.
      asm.expectedRows = Math.ceil(c.records.length / c.done);
      first = false;
    }
    asm.addRecords(c.records, c.errors);
    yield c.done * 0.95;
  }
  const again = asm.endFirstPass();
  if (again.length > 0) {
    for (const c of chunks(text, delimiter, newline, chunkSize)) {
      asm.addReplayRecords(c.records);
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
