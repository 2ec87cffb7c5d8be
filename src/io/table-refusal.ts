/**
 * Files that cannot be read as a table are refused with the reason, instead of being imported as a
 * column or a row of garbage: documents and images by their signature (PDF, PNG, JPEG, GIF, RTF,
 * HTML), a single column whose text is mostly garbled (a binary or wrongly encoded file), and a file
 * that reads as one row only because a quote is never closed. Pure; `importTable` calls it.
 */
import type { Table } from '../core/table/table.ts';
import type { ImportProblem } from './problems.ts';

const SIGNATURES: Array<[string, (b: Uint8Array, head: string) => boolean]> = [
  ['a PDF document', (_, h) => h.startsWith('%PDF-')],
  ['a PNG image', (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
  ['a JPEG image', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['a GIF image', (_, h) => h.startsWith('GIF87a') || h.startsWith('GIF89a')],
  ['a Rich Text (RTF) document', (_, h) => h.startsWith('{\\rtf')],
  ['a web page (HTML)', (_, h) => /^\s*(?:<!doctype html|<html[\s>])/i.test(h)],
];

/** What kind of non-table document the bytes are, by their first bytes; undefined when none known. */
export function documentKindOf(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 64));
  for (const [kind, test] of SIGNATURES) if (test(bytes, head)) return kind;
  return undefined;
}

// Signs of bytes read with the wrong encoding (mojibake, replacement characters) or of binary data.
const MOJIBAKE = /\uFFFD|Ã[\u0080-\u00BF¡-¿]|ï¿½|Ã¿|Ã¾/;

function isGarbled(s: string): boolean {
  if (MOJIBAKE.test(s)) return true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x01 && c <= 0x08) || (c >= 0x0e && c <= 0x1f)) return true;
  }
  return false;
}

function cellsOf(table: Table, column: number): string[] {
  const c = table.columns[column];
  const out: string[] = [c.name];
  const n = Math.min(table.nRows, 500);
  for (let i = 0; i < n; i++) {
    if (c.type === 'text') out.push(c.values[i] ?? '');
    else if (c.type === 'category') out.push(c.codes[i] >= 0 ? c.categories[c.codes[i]] : '');
  }
  return out.filter((s) => s !== '');
}

/**
 * The reason a parsed text file is not a table, or undefined when it is one. `name` is how the
 * message names the file (e.g. `"staff.csv"`).
 */
export function tableRefusal(bytes: Uint8Array, table: Table, problems: readonly ImportProblem[], name: string): string | undefined {
  const kind = documentKindOf(bytes);
  if (kind) return `${name} is ${kind}, not a table. Export the table it holds as CSV or .xlsx and import that.`;
  if (table.columns.length === 1) {
    const cells = cellsOf(table, 0);
    const garbled = cells.filter(isGarbled).length;
    if (cells.length > 0 && garbled / cells.length >= 0.5) {
      return `${name} could not be read as a table: it gives one column of garbled text (${garbled} of ${cells.length} values checked look like binary data or a wrong encoding). Export the data as CSV (UTF-8) or .xlsx and import that.`;
    }
  }
  if (table.nRows <= 1) {
    const open = problems.find((p) => /never closed/.test(p.message));
    if (open) {
      return `${name} could not be read as a table: it gives ${table.nRows === 1 ? 'a single row' : 'no rows'} because a quote is never closed (${open.line ? `line ${open.line}` : 'the header'}). Fix the quotes in that line and import the file again.`;
    }
  }
  return undefined;
}
