/**
 * Table → CSV text (RFC 4180) for Excel, Power BI and Tableau. Text cells that a spreadsheet would run
 * as a formula (starting with = + - @ tab or CR) get a leading apostrophe (OWASP "CSV injection"),
 * unless they are plain numbers such as "-5". Dates are ISO 8601.
 */
import type { Column, Table } from '../core/table/table.ts';
import { formatDate, parseNumber } from './values.ts';

export interface CsvExportOptions {
  /** Default ','. */
  delimiter?: string;
  /** Default '\r\n' (RFC 4180). */
  newline?: string;
  /** Write the header line (default true). */
  header?: boolean;
  /** Neutralise formula-like text cells (default true). */
  escapeFormulas?: boolean;
}

/** Prefixes a leading ' to text a spreadsheet would treat as a formula. */
export function neutralizeFormula(s: string): string {
  if (s.length === 0) return s;
  const c = s.charCodeAt(0);
  // = + - @ TAB CR
  if (c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13) {
    if ((c === 43 || c === 45) && !Number.isNaN(parseNumber(s))) return s;
    return `'${s}`;
  }
  return s;
}

/** Quotes a field when it contains the delimiter, a quote, a line break or edge spaces. */
export function quoteField(s: string, delimiter: string): string {
  let needs = s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r');
  if (!needs && s.length > 0) needs = s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32;
  return needs ? `"${s.replace(/"/g, '""')}"` : s;
}

function cellText(c: Column, i: number): string | null {
  switch (c.type) {
    case 'category':
      return c.codes[i] < 0 ? null : c.categories[c.codes[i]];
    case 'text':
      return c.values[i];
    default: {
      const v = c.values[i];
      if (Number.isNaN(v)) return null;
      if (c.type === 'boolean') return v !== 0 ? 'true' : 'false';
      if (c.type === 'date') return formatDate(v);
      return String(v);
    }
  }
}

export function tableToCsv(table: Table, options: CsvExportOptions = {}): string {
  const d = options.delimiter ?? ',';
  const nl = options.newline ?? '\r\n';
  const escape = options.escapeFormulas ?? true;
  const cols = table.columns;
  const textual = cols.map((c) => c.type === 'text' || c.type === 'category');
  const field = (s: string, isText: boolean) => quoteField(isText && escape ? neutralizeFormula(s) : s, d);
  const parts: string[] = [];
  if (options.header ?? true) parts.push(cols.map((c) => field(c.name, true)).join(d));
  const cells = new Array<string>(cols.length);
  for (let i = 0; i < table.nRows; i++) {
    for (let j = 0; j < cols.length; j++) {
      const s = cellText(cols[j], i);
      cells[j] = s === null ? '' : field(s, textual[j]);
    }
    parts.push(cells.join(d));
  }
  return parts.length === 0 ? '' : parts.join(nl) + nl;
}
