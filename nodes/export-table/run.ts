import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import { plural } from '../../src/io/problems.ts';
import { tableToCsvBytes } from './csv-bytes.ts';
import { type description, csvFileName } from './index.ts';

const DELIMITERS = { comma: ',', semicolon: ';', tab: '\t' } as const;

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const t = inputs.table;
  if (t.columns.length === 0) throw new NodeError('The table has no columns, so there is nothing to export. Check the upstream nodes.');
  const fileName = csvFileName(params.fileName);
  ctx.progress(0.1, 'Writing CSV');
  // UTF-8 bytes, not a string: see csv-bytes.ts.
  const csv = tableToCsvBytes(t, { delimiter: DELIMITERS[params.delimiter], escapeFormulas: params.escapeFormulas });
  ctx.log(`Exported ${plural(t.nRows, 'row')} × ${plural(t.columns.length, 'column')} to ${fileName}.`);
  if (t.sparse) ctx.log(`The text feature block "${t.sparse.name}" is not part of the CSV (only regular columns are exported).`, 'warn');
  return {
    file: {
      kind: 'csv-export',
      title: fileName,
      data: { fileName, csv, rows: t.nRows, columns: t.columns.length },
    },
  };
}
