/**
 * A table as the bytes of its CSV file (UTF-8, the text tableToCsv writes, so the one formula escaper
 * and quoting rule apply). Blocks of rows are written and encoded one at a time: the whole file never
 * exists as one JS string, and a Uint8Array crosses from a worker to the page without a copy, where a
 * string of 100 MB is deserialised on the main thread.
 */
import type { Column, Table } from '../../src/core/table/table.ts';
import { type CsvExportOptions, tableToCsv } from '../../src/io/csv-export.ts';

/** Rows per encoded block: a few MB of text at a time. */
const ROWS_PER_BLOCK = 32_768;

/** Rows [a, b) of the table, as views where the column is a typed array. */
function rowBlock(columns: Column[], a: number, b: number): Table {
  return {
    nRows: b - a,
    columns: columns.map((c): Column => {
      if (c.type === 'category') return { ...c, codes: c.codes.subarray(a, b) };
      if (c.type === 'text') return { ...c, values: c.values.slice(a, b) };
      return { ...c, values: c.values.subarray(a, b) };
    }),
  };
}

export function tableToCsvBytes(table: Table, options: CsvExportOptions = {}, rowsPerBlock = ROWS_PER_BLOCK): Uint8Array {
  const encoder = new TextEncoder();
  // Read once: a text column that arrived packed from another thread decodes on first read.
  const columns = table.columns.map((c): Column => (c.type === 'text' ? { ...c, values: c.values } : c));
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let a = 0; a === 0 || a < table.nRows; a += rowsPerBlock) {
    const b = Math.min(table.nRows, a + rowsPerBlock);
    // Each block ends with a line break, so the blocks joined are the whole file; the header goes first.
    const text = tableToCsv(rowBlock(columns, a, b), { ...options, header: a === 0 ? (options.header ?? true) : false });
    const bytes = encoder.encode(text);
    chunks.push(bytes);
    total += bytes.length;
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
