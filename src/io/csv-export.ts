/**
 * Table → CSV text (RFC 4180) for Excel, Power BI and Tableau. Text and category cells that a
 * spreadsheet would run as a formula get a leading apostrophe (the project's one rule, src/core/escape.ts:
 * = + - @ also after leading spaces, a leading tab or CR; plain numbers such as "-5" stay); number,
 * integer, date and boolean columns are written as values, never prefixed. Dates are ISO 8601.
 */
import type { Column, Table } from '../core/table/table.ts';
import { neutralizeFormula, quoteCsvField } from '../core/escape.ts';
import { formatDate } from './values.ts';

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
  const field = (s: string, isText: boolean) => quoteCsvField(isText && escape ? neutralizeFormula(s) : s, d);
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
