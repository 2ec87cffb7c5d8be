/**
 * The project's only CSV-cell and HTML escapers: every export (tables, review queue, audit log, bias
 * audits) and every printable report (model cards, fairness reports) goes through here. Pure: no DOM,
 * so core, ml, nodes, the designer and the CLI all use the same rules.
 *
 * CSV injection (OWASP "CSV Injection"): a spreadsheet runs a cell as a formula when it starts with
 * = + - @, and some also after leading whitespace or a tab / carriage return. Such text cells get a
 * leading apostrophe, which the spreadsheet shows instead of running the cell.
 *
 * Numbers: typed numbers (a number column, a JavaScript number) are written as numbers, never
 * prefixed, so a numeric column exported for Power BI or Tableau stays numeric. A text cell that is
 * exactly a plain decimal number ("-12.5", "+3", "-1e-5": sign, digits, one optional point, optional
 * exponent, nothing else) is also left alone: a spreadsheet reads it as that number and nothing in it
 * can call a function, and codes such as grade "-1" keep their meaning. Anything more
 * (`-1+cmd|' /C calc'!A0`, "-2-3", " -1") is prefixed.
 */

/** Full-width = + - @: some spreadsheets (East Asian locales) normalise them to the ASCII forms. */
const FORMULA_START = new Set([0x3d, 0x2b, 0x2d, 0x40, 0xff1d, 0xff0b, 0xff0d, 0xff20]);
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Whitespace a spreadsheet may skip before it looks for a formula (space, NBSP, ideographic space, line breaks). */
function isLeadingSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0x3000;
}

/** True when a spreadsheet could run this text as a formula (see the module comment). */
export function looksLikeFormula(s: string): boolean {
  if (s.length === 0) return false;
  const first = s.charCodeAt(0);
  // a leading tab or carriage return is itself an injection vector (OWASP)
  if (first === 0x09 || first === 0x0d) return true;
  let i = 0;
  while (i < s.length && isLeadingSpace(s.charCodeAt(i))) i++;
  if (i === s.length || !FORMULA_START.has(s.charCodeAt(i))) return false;
  return !(i === 0 && PLAIN_NUMBER.test(s));
}

/** Prefixes a ' to text a spreadsheet would run as a formula; other text is returned unchanged. */
export function neutralizeFormula(s: string): string {
  return looksLikeFormula(s) ? `'${s}` : s;
}

/**
 * RFC 4180 quoting: a field is quoted when it holds the delimiter, a quote or a line break, or starts or
 * ends with a space (which readers may trim); quotes inside are doubled.
 */
export function quoteCsvField(s: string, delimiter = ','): string {
  let needs = s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r');
  if (!needs && s.length > 0) needs = s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32;
  return needs ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface CsvCellOptions {
  /** Default ','. */
  delimiter?: string;
  /** Neutralise formula-like text (default true). Turn off only for files no spreadsheet opens. */
  escapeFormulas?: boolean;
}

/**
 * One CSV field from any value: null/undefined → empty; finite numbers and bigints as numbers
 * (never prefixed); NaN and ±Infinity → empty (no spreadsheet reads them as numbers); booleans as
 * true/false; dates as ISO 8601; objects and arrays as JSON; strings neutralised and quoted.
 */
export function csvCell(v: unknown, options: CsvCellOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  let s: string;
  if (typeof v === 'string') s = v;
  else if (v instanceof Date) s = Number.isNaN(v.getTime()) ? '' : v.toISOString();
  else if (typeof v === 'object') s = JSON.stringify(v) ?? '';
  else s = String(v);
  return quoteCsvField(options.escapeFormulas === false ? s : neutralizeFormula(s), delimiter);
}

/** One CSV line (no line break) from values, each through `csvCell`. */
export function csvLine(values: readonly unknown[], options: CsvCellOptions = {}): string {
  return values.map((v) => csvCell(v, options)).join(options.delimiter ?? ',');
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };
const HTML_SPECIAL = /[&<>"'`]/g;

/**
 * Text for HTML element content and quoted attribute values: & < > " ' and ` become entities.
 * null/undefined become an empty string. Not for URLs, scripts or styles (never put user text there).
 */
export function escapeHtml(s: unknown): string {
  const text = s === null || s === undefined ? '' : String(s);
  return text.replace(HTML_SPECIAL, (c) => HTML_ENTITIES[c]);
}
