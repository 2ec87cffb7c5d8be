import { describeNode, withLazyRun, type DatasetRef } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { TableSchema } from '../../src/core/table/table.ts';
import type { ImportOptions } from '../../src/io/import.ts';

const SOURCES = ['sample', 'upload', 'file'] as const;
const DELIMITERS = { auto: 'auto', comma: ',', semicolon: ';', tab: '\t', pipe: '|' } as const;

/** The dataset a node's params point at, or undefined when no name is set (params may be unvalidated). */
export function datasetRefOf(params: Record<string, unknown>): DatasetRef | undefined {
  const name = typeof params.name === 'string' ? params.name.trim() : '';
  if (!name) return undefined;
  const source = (SOURCES as readonly string[]).includes(params.source as string) ? (params.source as DatasetRef['source']) : 'file';
  return { source, name };
}

/** "a, b ,c" → ["a", "b", "c"]; empty items dropped. */
export function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

interface SourceParams {
  header: 'auto' | 'yes' | 'no';
  delimiter: keyof typeof DELIMITERS;
  skipRows: number;
  columnNames: string;
  missingValues: string;
  trim: boolean;
  sheet: string;
  decimalMark: 'auto' | 'point' | 'comma';
  strict: boolean;
}

export function importOptionsOf(p: SourceParams): ImportOptions {
  const o: ImportOptions = {
    header: p.header === 'auto' ? 'auto' : p.header === 'yes',
    delimiter: DELIMITERS[p.delimiter] ?? 'auto',
    skipRows: p.skipRows < 0 ? 'auto' : p.skipRows,
    missingTokens: splitList(p.missingValues),
    trim: p.trim,
    decimalMark: p.decimalMark,
    strict: p.strict,
  };
  const names = splitList(p.columnNames);
  if (names.length > 0) o.columnNames = names;
  if (p.sheet.trim()) o.sheet = /^\d+$/.test(p.sheet.trim()) ? Number(p.sheet.trim()) : p.sheet.trim();
  return o;
}

export const description = describeNode({
  type: 'dataset-source',
  version: 1,
  title: 'Dataset',
  phase: 'data-understanding',
  category: 'Sources',
  summary: 'Load a table from a built-in sample, an uploaded file or a CSV/Excel file.',
  // A scoring pipeline reads the new batch's bytes through this node's own import (same options, same types).
  replay: { kind: 'rerun' },
  inputs: {},
  outputs: {
    table: { type: 'table', label: 'Table' },
    report: { type: 'report', label: 'Import report', help: 'How the file was read and every row or value that had a problem.' },
  },
  params: {
    source: param.enum({
      options: SOURCES,
      default: 'sample',
      label: 'Source',
      optionLabels: { sample: 'Built-in sample', upload: 'Uploaded file', file: 'File (command line)' },
      help: 'Where the data comes from: a sample shipped with Crispflow, a file you uploaded, or a file the command-line runner finds in its data folder.',
    }),
    name: param.string({
      default: '',
      required: true,
      label: 'Dataset name',
      help: 'The file name, e.g. employees.csv or survey.xlsx.',
    }),
    header: param.enum({
      options: ['auto', 'yes', 'no'],
      default: 'auto',
      label: 'First line has column names',
      optionLabels: { auto: 'Detect', yes: 'Yes', no: 'No' },
      help: 'Detect decides from the data: a first line of words above columns of numbers or dates is a header.',
    }),
    columnNames: param.string({
      default: '',
      label: 'Column names',
      help: 'Names separated by commas, for files without a header line (e.g. age, workclass, education). Also renames columns of files that have one.',
      multiline: true,
    }),
    missingValues: param.string({
      default: '?, NA, N/A, n/a, null, NULL, NaN',
      label: 'Missing value markers',
      help: 'Cell values that mean "unknown", separated by commas. Empty cells always count as missing.',
    }),
    skipRows: param.integer({
      default: -1,
      min: -1,
      max: 1000,
      label: 'Lines to skip at the top',
      help: 'Lines before the header to ignore, such as a report title. -1 detects them: lines with far fewer values than the data are skipped and listed in the import report.',
      advanced: true,
    }),
    delimiter: param.enum({
      options: ['auto', 'comma', 'semicolon', 'tab', 'pipe'],
      default: 'auto',
      label: 'Delimiter',
      optionLabels: { auto: 'Detect', comma: 'Comma (,)', semicolon: 'Semicolon (;)', tab: 'Tab', pipe: 'Pipe (|)' },
      help: 'The character between values in a CSV file. Detect works for almost every file.',
      advanced: true,
    }),
    trim: param.boolean({
      default: true,
      label: 'Trim spaces',
      help: 'Remove spaces around values ("M " becomes "M"), so the same value is not counted twice.',
      advanced: true,
    }),
    sheet: param.string({
      default: '',
      label: 'Excel sheet',
      help: 'For .xlsx files: the sheet name or number. Empty reads the first sheet.',
      advanced: true,
    }),
    decimalMark: param.enum({
      options: ['auto', 'point', 'comma'],
      default: 'auto',
      label: 'Decimal mark',
      optionLabels: { auto: 'Detect per column', point: 'Point (1,234.5)', comma: 'Comma (1.234,5)' },
      help: 'How numbers write their decimals. Detect reads each column by its values ("1.234,5" and "12,5" mean a decimal comma); a column with only values such as "1,234" follows the rest of the file. Choose Point or Comma if it guesses wrong.',
      advanced: true,
    }),
    strict: param.boolean({
      default: false,
      label: 'Strict',
      help: 'Stop with an error, naming the first cells, when a value does not fit its column (e.g. "abc" among numbers), a number is too large, a row has the wrong number of values or a quote is not closed. Off: such cells are left empty and listed in the import report.',
      advanced: true,
    }),
  },
  capabilities: {
    datasets: (params) => {
      const ref = datasetRefOf(params);
      return ref ? [ref] : [];
    },
  },
  schema({ params, env }) {
    const ref = datasetRefOf(params);
    const known = ref ? env.datasetSchema(ref) : undefined;
    if (!known) return {};
    const names = splitList(params.columnNames);
    if (names.length === 0) return { table: known };
    const table: TableSchema = {
      ...known,
      columns: known.columns.map((c, j) => (j < names.length ? { ...c, name: names[j] } : c)),
    };
    return { table };
  },
});

export const datasetSource = withLazyRun(description, () => import('./run.ts'));
