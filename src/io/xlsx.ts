/**
 * Excel .xlsx → Table with read-excel-file (maintained, pure JS: works in Node, browsers and workers).
 * Cells are read raw (numbers as their stored text, date-formatted cells as Dates), turned into text
 * and go through the same type inference and problem report as CSV.
 */
import { TableAssembler, type AssembleOptions, type AssembledTable } from './assemble.ts';
import type { ImportHooks } from './csv.ts';
import { ImportError, plural } from './problems.ts';
import { formatDate } from './values.ts';

export interface XlsxOptions extends AssembleOptions {
  /** Sheet name or 1-based number; the first sheet by default. */
  sheet?: string | number;
}

export interface XlsxResult extends AssembledTable {
  sheet: string;
  sheets: string[];
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return formatDate(v.getTime());
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

const BATCH = 5000;

export async function parseXlsx(bytes: Uint8Array, options: XlsxOptions = {}, hooks: ImportHooks = {}): Promise<XlsxResult> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let sheets: Array<{ sheet: string; data: unknown[][] }>;
  try {
    // parseNumber keeps numbers as the text stored in the file, so no precision is lost before inference.
    // Loaded on first use: the reader and its unzip library are a large share of the designer's start-up JavaScript.
    const { default: readXlsxFile } = await import('read-excel-file/universal');
    sheets = (await readXlsxFile(buffer, { parseNumber: (s: string) => s, trim: false })) as typeof sheets;
  } catch (e) {
    throw new ImportError(
      `This Excel file could not be read (${e instanceof Error ? e.message : String(e)}). Open it in Excel and save it again as .xlsx, or export the sheet as CSV.`,
    );
  }
  if (sheets.length === 0) throw new ImportError('The Excel file has no sheets. Add a sheet with a header row and data.');
  const names = sheets.map((s) => s.sheet);
  const chosen =
    options.sheet === undefined || options.sheet === ''
      ? sheets[0]
      : typeof options.sheet === 'number'
        ? sheets[options.sheet - 1]
        : sheets.find((s) => s.sheet === options.sheet);
  if (!chosen) {
    throw new ImportError(`The Excel file has no sheet "${options.sheet}". Its sheets are: ${names.join(', ')}.`);
  }
  hooks.onProgress?.(0.5, 'Reading cells');

  // Text rows, all-empty rows dropped (spreadsheets often have blank rows between blocks).
  const rows: string[][] = [];
  let width = 0;
  for (const r of chosen.data) {
    const row = r.map(cellText);
    if (row.every((c) => c.trim() === '')) continue;
    rows.push(row);
    width = Math.max(width, row.length);
  }
  if (rows.length === 0) {
    throw new ImportError(`Sheet "${chosen.sheet}" is empty. Choose the sheet that holds the table${names.length > 1 ? ` (sheets: ${names.join(', ')})` : ''}.`);
  }
  for (const r of rows) while (r.length < width) r.push('');

  const o: AssembleOptions = { ...options };
  if (o.skipRows === undefined || o.skipRows === 'auto') o.skipRows = titleRows(rows);
  const asm = new TableAssembler(o);
  asm.expectedRows = rows.length;
  const feed = async (add: (b: string[][]) => void, from: number, span: number) => {
    for (let k = 0; k < rows.length; k += BATCH) {
      add(rows.slice(k, k + BATCH));
      hooks.onProgress?.(from + (span * Math.min(rows.length, k + BATCH)) / rows.length, 'Reading rows');
      if (hooks.checkpoint) await hooks.checkpoint();
    }
  };
  await feed((b) => asm.addRecords(b), 0.5, 0.45);
  if (asm.endFirstPass().length > 0) await feed((b) => asm.addReplayRecords(b), 0.95, 0.05);
  const result = asm.finish();
  if (o.skipRows && options.skipRows !== o.skipRows) {
    result.notes.unshift(`Skipped ${plural(o.skipRows as number, 'row')} at the top of the sheet that ${o.skipRows === 1 ? 'does' : 'do'} not look like data (titles or notes). Set "Skip rows" to change this.`);
  }
  if (names.length > 1) result.notes.unshift(`Read sheet "${chosen.sheet}" (the workbook has ${names.length} sheets: ${names.join(', ')}).`);
  hooks.onProgress?.(1);
  return { ...result, sheet: chosen.sheet, sheets: names };
}

/** Leading rows with far fewer filled cells than a typical row (report titles, notes above the table). */
function titleRows(rows: string[][]): number {
  const filled = rows.slice(0, 1000).map((r) => r.reduce((n, c) => n + (c.trim() === '' ? 0 : 1), 0));
  const counts = new Map<number, number>();
  let typical = 0;
  let best = 0;
  for (const f of filled) {
    const c = (counts.get(f) ?? 0) + 1;
    counts.set(f, c);
    if (c > best) [typical, best] = [f, c];
  }
  let skip = 0;
  if (typical >= 2) while (skip < Math.min(10, filled.length - 1) && filled[skip] * 2 <= typical) skip++;
  return skip;
}
