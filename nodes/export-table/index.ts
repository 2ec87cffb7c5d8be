import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { tableToCsv } from '../../src/io/csv-export.ts';
import { plural } from '../../src/io/problems.ts';

const DELIMITERS = { comma: ',', semicolon: ';', tab: '\t' } as const;

/** A file name that is safe on every system and ends in .csv. */
export function csvFileName(raw: string): string {
  const base = raw.trim().replace(/^.*[\\/]/, '').replace(/[^\w.\- ]+/g, '_');
  if (!base || base === '.csv') return 'export.csv';
  return /\.csv$/i.test(base) ? base : `${base}.csv`;
}

export const exportTable = defineNode({
  type: 'export-table',
  version: 1,
  title: 'Export table (CSV)',
  phase: 'deployment',
  category: 'Export',
  summary: 'Save a table as a CSV file for Excel, Power BI or Tableau.',
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: {
    file: { type: 'report', label: 'CSV file', help: 'The CSV text; the app offers it as a download, the command line writes it to --out.' },
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
  async run({ inputs, params, ctx }) {
    const t = inputs.table;
    if (t.columns.length === 0) throw new NodeError('The table has no columns, so there is nothing to export. Check the upstream nodes.');
    const fileName = csvFileName(params.fileName);
    ctx.progress(0.1, 'Writing CSV');
    const csv = tableToCsv(t, { delimiter: DELIMITERS[params.delimiter], escapeFormulas: params.escapeFormulas });
    ctx.log(`Exported ${plural(t.nRows, 'row')} × ${plural(t.columns.length, 'column')} to ${fileName}.`);
    if (t.sparse) ctx.log(`The text feature block "${t.sparse.name}" is not part of the CSV (only regular columns are exported).`, 'warn');
    return {
      file: {
        kind: 'csv-export',
        title: fileName,
        data: { fileName, csv, rows: t.nRows, columns: t.columns.length },
      },
    };
  },
});
