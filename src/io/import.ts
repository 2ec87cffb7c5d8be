/**
 * One entry point for every table file a user brings: CSV/TSV/TXT text or Excel .xlsx, told apart by
 * their first bytes (an .xlsx is a zip) and the file name. Bytes in memory or a ByteSource (a file
 * streamed from disk, a browser File): CSV is always parsed as a stream (csv-stream.ts), so the file's
 * text is never one string.
 */
import { schemaOf, type Table, type TableSchema } from '../core/table/table.ts';
import type { CsvOptions, ImportHooks } from './csv.ts';
import { bytesSource, isByteSource, sourceBytes, sourceHead, type ByteSource } from './byte-source.ts';
import { BinaryTextError, parseCsvSource } from './csv-stream.ts';
import type { ImportColumnInfo } from './assemble.ts';

export type { ImportColumnInfo } from './assemble.ts';
import { ImportError, type ImportProblem } from './problems.ts';
import { parseXlsx, type XlsxOptions } from './xlsx.ts';
import { tableRefusal } from './table-refusal.ts';

export interface ImportOptions extends CsvOptions, Omit<XlsxOptions, keyof CsvOptions>, ImportHooks {
  fileName?: string;
}

export interface ImportResult {
  table: Table;
  /** Per column: type, detected number or date format, cells left missing, why it is text. */
  columns: ImportColumnInfo[];
  notes: string[];
  problems: ImportProblem[];
  problemCount: number;
  /** Text encoding for CSV ('utf-8', 'windows-1252' …); 'xlsx' for Excel files. */
  encoding: string;
  format: 'csv' | 'xlsx';
  header: boolean;
  skippedRows: number;
  delimiter?: string;
  sheet?: string;
}

export type FileFormat = 'csv' | 'xlsx' | 'xls';

export function detectFormat(bytes: Uint8Array, fileName = ''): FileFormat {
  const zip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (zip) return 'xlsx';
  const ole = bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (ole) return 'xls';
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (ext === 'xls') return 'xls';
  return 'csv';
}

/** Bytes a file's kind is told by (detectFormat, documentKindOf). */
const HEAD_BYTES = 64;

export async function importTable(input: Uint8Array | ByteSource, options: ImportOptions = {}): Promise<ImportResult> {
  const name = options.fileName ? `"${options.fileName}"` : 'The file';
  const head = isByteSource(input) ? await sourceHead(input, HEAD_BYTES) : input.subarray(0, HEAD_BYTES);
  if (head.length === 0) {
    throw new ImportError(`${name} is empty (0 bytes). Choose a file with a header line and rows of data.`);
  }
  const format = detectFormat(head, options.fileName);
  const hooks: ImportHooks = { onProgress: options.onProgress, checkpoint: options.checkpoint };
  if (format === 'xls') {
    throw new ImportError(`${name} is an old Excel 97–2003 (.xls) workbook, which Crispflow cannot read. Open it in Excel and save it as .xlsx or CSV.`);
  }
  if (format === 'xlsx') {
    // A workbook is a zip: read whole.
    const r = await parseXlsx(isByteSource(input) ? await sourceBytes(input) : input, options, hooks);
    return {
      table: r.table,
      columns: r.columns,
      notes: r.notes,
      problems: r.problems,
      problemCount: r.problemCount,
      encoding: 'xlsx',
      format,
      header: r.header,
      skippedRows: r.skippedRows,
      sheet: r.sheet,
    };
  }
  let r;
  try {
    r = await parseCsvSource(isByteSource(input) ? input : bytesSource(input), head, options, hooks);
  } catch (e) {
    if (e instanceof BinaryTextError) throw new ImportError(`${name} is not a text table (it contains binary data). Export the data as CSV or .xlsx and import that.`);
    throw e;
  }
  const refusal = tableRefusal(head, r.table, r.problems, name);
  if (refusal) throw new ImportError(refusal);
  return {
    table: r.table,
    columns: r.columns,
    notes: [...r.encodingNotes, ...r.notes],
    problems: r.problems,
    problemCount: r.problemCount,
    encoding: r.encoding,
    format,
    header: r.header,
    skippedRows: r.skippedRows,
    delimiter: r.delimiter,
  };
}

/**
 * The last line feed at or before `maxBytes` where an even number of '"' precede it (so not inside a
 * quoted value of well-formed CSV), or -1. Byte-wise: for UTF-8 and single-byte text, whose multi-byte
 * characters never hold 0x22 or 0x0A; a UTF-16 file (BOM) gets -1 (its bytes are not characters).
 */
export function lastBreakOutsideQuotes(bytes: Uint8Array, maxBytes: number): number {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return -1;
  const limit = Math.min(maxBytes, bytes.length - 1);
  let found = -1;
  let quoted = false;
  let at = 0;
  while (at <= limit) {
    const q = bytes.indexOf(0x22, at);
    const end = q < 0 || q > limit ? limit + 1 : q;
    if (!quoted && end > at) {
      // lastIndexOf's start must not be negative (it would count from the end).
      const nl = bytes.lastIndexOf(0x0a, end - 1);
      if (nl >= at) found = nl;
    }
    if (end > limit) break;
    quoted = !quoted;
    at = q + 1;
  }
  return found;
}

/**
 * Column names and types from the first rows only (fast, for the inspector before a run).
 * Category lists are left out because the preview does not see every row.
 */
export async function previewSchema(bytes: Uint8Array, options: ImportOptions = {}, maxBytes = 256 * 1024): Promise<TableSchema> {
  let head = bytes;
  if (detectFormat(bytes, options.fileName) === 'csv' && bytes.length > maxBytes) {
    // Cut at the last line break so the final record is whole (UTF-8 never has 0x0A inside a character),
    // outside quotes where that keeps most of the head: a record cut inside a multi-line quoted value
    // (resume texts) was read as a quote never closed, a broken row whose error message alone cost
    // ~25 ms (the first number formatted loads ICU) of every run's start.
    const cut = bytes.lastIndexOf(0x0a, maxBytes);
    const whole = lastBreakOutsideQuotes(bytes, maxBytes);
    head = bytes.subarray(0, whole > 0 && whole >= cut / 2 ? whole + 1 : cut > 0 ? cut + 1 : maxBytes);
  }
  const r = await importTable(head, { ...options, onProgress: undefined, checkpoint: undefined });
  const schema = schemaOf(r.table);
  for (const c of schema.columns) delete c.categories;
  return schema;
}
