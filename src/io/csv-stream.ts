/**
 * Streaming CSV import: bytes arrive in chunks (a file read with fs streams, a File's stream(), or
 * bytes in memory handed out in subarrays), are decoded piece by piece and parsed into the column
 * builders chunk by chunk (assemble.ts), so the file never becomes one string and no array of all
 * rows exists: memory holds one chunk of text (~1 MiB) besides the columns being built.
 *
 * Same results as parseCsv on the decoded text, chunk boundaries anywhere (inside quoted values,
 * between CR and LF, inside a multi-byte character): the newline and delimiter are guessed from the
 * same head, records are cut by the same parseRecords at record boundaries, lines are counted the
 * same way, and the replay pass (columns re-read as text) reads the source again. Decoding follows
 * decodeText: a UTF-16 BOM chooses UTF-16; otherwise UTF-8, and a file that turns out not to be
 * valid UTF-8 is read again from the start as Windows-1252, with the same note.
 *
 * The one thing held whole: a single record longer than the chunk (a quoted value with many line
 * breaks, or a quote never closed) grows the chunk until it ends, as parseCsv's doubling does.
 */
import { TableAssembler } from './assemble.ts';
import type { ByteSource } from './byte-source.ts';
import { guessDelimiter, guessNewline, parseRecords, SNIFF_CHARS, type CsvOptions, type CsvResult, type ImportHooks, type RawChunk } from './csv.ts';
import { decodeWindows1252, firstInvalidUtf8, type TextEncoding } from './decode.ts';
import { ImportError } from './problems.ts';

export interface StreamedCsvResult extends CsvResult {
  encoding: TextEncoding;
  bom: boolean;
  /** Notes about the text encoding (UTF-16, not UTF-8), before the parser's own. */
  encodingNotes: string[];
}

/**
 * Text is decoded and parsed in pieces of 32–64 K characters: V8 allocates strings above 128 KB in its
 * large-object space, which only a full collection frees; smaller ones die young and are reclaimed at
 * once, so the text already parsed never piles up (measured: peak RSS of a 116 MB import, see
 * BENCHMARKS.md issue 17).
 */
const PIECE_BYTES = 32 * 1024;
const STREAM_CHUNK_CHARS = 64 * 1024;

/** Thrown by the UTF-8 pass at the first invalid byte: the import starts again as Windows-1252. */
class NotUtf8 extends Error {}

/** The text has a NUL character: a binary file (importTable says so with the file's name). */
export class BinaryTextError extends Error {}

/** How many bytes at the end of `b` begin a UTF-8 character that the next chunk completes. */
function incompleteTail(b: Uint8Array): number {
  for (let k = 1; k <= 3 && k <= b.length; k++) {
    const x = b[b.length - k];
    if ((x & 0xc0) === 0x80) continue;
    const need = x >= 0xc2 && x <= 0xdf ? 1 : x >= 0xe0 && x <= 0xef ? 2 : x >= 0xf0 && x <= 0xf4 ? 3 : 0;
    return need >= k ? k : 0;
  }
  return 0;
}

/** firstInvalidUtf8 over a stream of chunks: the offset in the whole file, or -1. */
class Utf8Checker {
  private pending = new Uint8Array(0);
  private base = 0;
  found = -1;

  push(chunk: Uint8Array): void {
    if (this.found >= 0) return;
    let data = chunk;
    if (this.pending.length > 0) {
      data = new Uint8Array(this.pending.length + chunk.length);
      data.set(this.pending);
      data.set(chunk, this.pending.length);
    }
    const tail = incompleteTail(data);
    const whole = data.subarray(0, data.length - tail);
    const at = firstInvalidUtf8(whole);
    if (at >= 0) this.found = this.base + at;
    this.base += whole.length;
    this.pending = data.slice(data.length - tail);
  }

  end(): number {
    if (this.found < 0 && this.pending.length > 0) {
      const at = firstInvalidUtf8(this.pending);
      if (at >= 0) this.found = this.base + at;
    }
    return this.found;
  }
}

/**
 * The source's text in pieces, in one encoding; `read` counts the bytes consumed (for progress).
 * `binaryCheck`: a NUL byte throws BinaryTextError. In UTF-8 and Windows-1252 the byte 0 is the character
 * U+0000 and nothing else is, so the bytes are searched (natively) instead of the decoded text.
 */
async function* textPieces(
  source: ByteSource,
  encoding: TextEncoding,
  read: { bytes: number },
  check?: Utf8Checker,
  binaryCheck = false,
): AsyncGenerator<string> {
  if (encoding === 'windows-1252') {
    for await (const chunk of source.open()) {
      if (binaryCheck && chunk.indexOf(0) >= 0) throw new BinaryTextError();
      check?.push(chunk);
      for (let at = 0; at < chunk.length; at += PIECE_BYTES) {
        const c = chunk.subarray(at, Math.min(chunk.length, at + PIECE_BYTES));
        read.bytes += c.length;
        yield decodeWindows1252(c);
      }
    }
    check?.end();
    return;
  }
  // The UTF-8 decoder drops a leading BOM (as decodeText's does); UTF-16 decoders drop theirs.
  const decoder = new TextDecoder(encoding, encoding === 'utf-8' ? { fatal: true } : {});
  for await (const chunk of source.open()) {
    for (let at = 0; at < chunk.length; at += PIECE_BYTES) {
      const c = chunk.subarray(at, Math.min(chunk.length, at + PIECE_BYTES));
      if (binaryCheck && c.indexOf(0) >= 0) throw new BinaryTextError();
      let s: string;
      try {
        s = decoder.decode(c, { stream: true });
      } catch {
        throw new NotUtf8();
      }
      read.bytes += c.length;
      if (s) yield s;
    }
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw new NotUtf8();
  }
  if (rest) yield rest;
}

/** Records of the text pieces in chunks of about `chunkSize` characters, each ending on a record boundary. */
async function* recordStream(
  pieces: AsyncIterator<string>,
  start: { text: string; ended: boolean },
  delimiter: string,
  newline: string,
  chunkSize: number,
  read: { bytes: number },
  size: number | undefined,
): AsyncGenerator<RawChunk & { done: number }> {
  let buf = start.text;
  let ended = start.ended;
  let need = chunkSize;
  let line = 1;
  // Characters decoded and consumed: with the bytes read they give how far the import is.
  let decoded = buf.length;
  let consumed = 0;
  for (;;) {
    while (!ended && buf.length < need) {
      const r = await pieces.next();
      if (r.done) ended = true;
      else {
        buf += r.value;
        decoded += r.value.length;
      }
    }
    // As parseCsv: a chunk of `need` characters, or the rest as the file's last chunk (even when empty:
    // a final line break gives parseCsv a last empty record too).
    const last = ended && buf.length <= need;
    const res = parseRecords(last ? buf : buf.slice(0, need), delimiter, newline, !last, line);
    if (!last && res.cursor === 0) {
      // One record is longer than the chunk (a huge quoted value): read more before cutting.
      need *= 2;
      continue;
    }
    need = chunkSize;
    line += res.lines;
    const chars = last ? buf.length : res.cursor;
    consumed += chars;
    buf = last ? '' : buf.slice(res.cursor);
    const done = last ? 1 : size ? Math.min(1, (read.bytes / size) * (consumed / Math.max(1, decoded))) : 0;
    yield { records: res.records, errors: res.errors, firstLine: res.firstLine, lineOf: res.lineOf, chars, done };
    if (last) return;
  }
}

const EMPTY_FILE = 'The file is empty (no text at all). Choose a file that has a header line and rows of data.';

/** One whole import in one encoding (both passes). Throws NotUtf8 from the UTF-8 attempt. */
async function importIn(source: ByteSource, encoding: TextEncoding, options: CsvOptions, hooks: ImportHooks, check?: Utf8Checker): Promise<CsvResult> {
  const binaryCheck = encoding !== 'utf-16le' && encoding !== 'utf-16be';
  const read = { bytes: 0 };
  const pieces = textPieces(source, encoding, read, check, binaryCheck);
  try {
    // The head the newline and delimiter are guessed from: as parseCsv sees it (more than SNIFF_CHARS
    // characters tell the guess that the text goes on), and at least one character that is not a space.
    let head = '';
    let ended = false;
    while (!ended && (head.length <= SNIFF_CHARS || !/\S/.test(head))) {
      const r = await pieces.next();
      if (r.done) ended = true;
      else {
        head += r.value;
      }
    }
    if (ended && head.trim() === '') throw new ImportError(EMPTY_FILE);
    const newline = guessNewline(head);
    const delimiter = !options.delimiter || options.delimiter === 'auto' ? guessDelimiter(head, newline) : options.delimiter;
    const chunkSize = options.chunkSize ?? STREAM_CHUNK_CHARS;
    const asm = new TableAssembler(options);
    let first = true;
    for await (const c of recordStream(pieces, { text: head, ended }, delimiter, newline, chunkSize, read, source.size)) {
      if (first && c.records.length > 0 && c.done > 0) {
        // Rows ≈ records so far / share of the bytes read: sizes the builders once.
        asm.expectedRows = Math.ceil(c.records.length / c.done);
        first = false;
      }
      asm.addRecords(c.records, c.errors, delimiter, c);
      hooks.onProgress?.(c.done * 0.95, 'Reading rows');
      if (hooks.checkpoint) await hooks.checkpoint();
    }
    const again = asm.endFirstPass();
    if (again.length > 0) {
      // Some columns are read again as text: a second reading of the source.
      const replayRead = { bytes: 0 };
      const replay = textPieces(source, encoding, replayRead);
      for await (const c of recordStream(replay, { text: '', ended: false }, delimiter, newline, chunkSize, replayRead, source.size)) {
        asm.addReplayRecords(c.records, delimiter);
        hooks.onProgress?.(0.95 + c.done * 0.05, 'Reading rows');
        if (hooks.checkpoint) await hooks.checkpoint();
      }
    }
    const result = asm.finish();
    if (options.delimiter === undefined || options.delimiter === 'auto') {
      const label = delimiter === '\t' ? 'tab' : `"${delimiter}"`;
      result.notes.unshift(`Values are separated by ${label}.`);
    }
    return { ...result, delimiter, newline };
  } finally {
    await pieces.return(undefined);
  }
}

/**
 * Imports CSV from a byte source as importTable does from bytes (decodeText + parseCsv), streamed.
 * Throws ImportError for an empty file, BinaryTextError for text with NUL characters (not UTF-16).
 */
export async function parseCsvSource(source: ByteSource, head: Uint8Array, options: CsvOptions = {}, hooks: ImportHooks = {}): Promise<StreamedCsvResult> {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) {
    const r = await importIn(source, 'utf-16le', options, hooks);
    hooks.onProgress?.(1);
    return { ...r, encoding: 'utf-16le', bom: true, encodingNotes: ['The file is UTF-16 (little-endian) text.'] };
  }
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) {
    const r = await importIn(source, 'utf-16be', options, hooks);
    hooks.onProgress?.(1);
    return { ...r, encoding: 'utf-16be', bom: true, encodingNotes: ['The file is UTF-16 (big-endian) text.'] };
  }
  const bom = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  try {
    const r = await importIn(source, 'utf-8', options, hooks);
    hooks.onProgress?.(1);
    return { ...r, encoding: 'utf-8', bom, encodingNotes: [] };
  } catch (e) {
    if (!(e instanceof NotUtf8)) throw e;
  }
  const check = new Utf8Checker();
  const r = await importIn(source, 'windows-1252', options, hooks, check);
  hooks.onProgress?.(1);
  const at = check.found;
  return {
    ...r,
    encoding: 'windows-1252',
    bom: false,
    encodingNotes: [
      `The file is not valid UTF-8${at >= 0 ? ` (first invalid byte at position ${at.toLocaleString('en-US')})` : ''}, so it was read as Latin-1 (Windows-1252). If accented letters look wrong, save the file as "CSV UTF-8" and import it again.`,
    ],
  };
}
