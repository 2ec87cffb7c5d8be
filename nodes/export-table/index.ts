import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';

/** A file name that is safe on every system and ends in .csv. */
export function csvFileName(raw: string): string {
  const base = raw.trim().replace(/^.*[\\/]/, '').replace(/[^\w.\- ]+/g, '_');
  if (!base || base === '.csv') return 'export.csv';
  return /\.csv$/i.test(base) ? base : `${base}.csv`;
}

export const description = describeNode({
  type: 'export-table',
  version: 1,
  title: 'Export table (CSV)',
  phase: 'deployment',
  category: 'Export',
  summary: 'Save a table as a CSV file for Excel, Power BI or Tableau.',
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: {
    file: { type: 'report', label: 'CSV file', help: 'The CSV file (UTF-8 bytes in data.csv); the app offers it as a download, the command line writes it to --out.' },
  },
  params: {
    fileName: param.string({
      default: 'export.csv',
      required: true,
      maxLength: 200,
      label: 'File name',
      help: 'Name of the CSV file, e.g. scores.csv.',
    }),
    delimiter: param.enum({
      options: ['comma', 'semicolon', 'tab'],
      default: 'comma',
      label: 'Delimiter',
      optionLabels: { comma: 'Comma (,)', semicolon: 'Semicolon (;) — Excel in many European locales', tab: 'Tab' },
      help: 'The character between values. Excel in countries that write decimals with a comma expects semicolons.',
    }),
    escapeFormulas: param.boolean({
      default: true,
      label: 'Protect against formulas',
      help: 'Text starting with = + - or @ (also after spaces), a tab or a carriage return gets a leading apostrophe so a spreadsheet shows it instead of running it as a formula. Numbers such as -5 are not changed.',
      advanced: true,
    }),
  },
  schema() {
    return { file: { kind: 'csv-export' } };
  },
});

export const exportTable = withLazyRun(description, () => import('./run.ts'));
