import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import { importTable } from '../../src/io/import.ts';
import { ImportError, plural } from '../../src/io/problems.ts';
import { describePiiFinding, scanTableForPii } from '../../src/ml/privacy/pii-scan.ts';
import { type description, datasetRefOf, importOptionsOf } from './index.ts';

export async function run({ params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const ref = datasetRefOf(params);
  if (!ref) throw new NodeError('No dataset is chosen. Set "Dataset name" to a file name such as employees.csv.', { field: 'name' });
  const data = await ctx.readDataset(ref);
  let result;
  try {
    // A file the host reads in place (the CLI) is streamed: the import never holds it whole.
    result = await importTable(data.source ?? data.bytes, {
      ...importOptionsOf(params),
      fileName: data.name,
      onProgress: (f, note) => ctx.progress(f, note),
      checkpoint: () => ctx.checkpoint(),
    });
  } catch (e) {
    if (e instanceof ImportError) throw new NodeError(`Dataset "${data.name}": ${e.message}`, { field: 'name' });
    throw e;
  }
  const { table } = result;
  const columnInfo = new Map(result.columns.map((c) => [c.name, c]));
  if (table.nRows === 0) {
    throw new NodeError(
      `Dataset "${data.name}" has ${table.columns.length > 0 ? 'column names but no rows of data' : 'no table in it'}. Choose a file with data rows${
        result.skippedRows > 0 ? ', or set "Lines to skip at the top" to 0' : ''
      }.`,
      { field: 'name' },
    );
  }
  ctx.log(`Read ${plural(table.nRows, 'row')} × ${plural(table.columns.length, 'column')} from "${data.name}".`);
  for (const note of result.notes) ctx.log(note);
  if (result.problemCount > 0) {
    const first = result.problems.slice(0, 3).map((p) => p.message);
    ctx.log(`${plural(result.problemCount, 'problem')} while reading "${data.name}" (see the import report). First: ${first.join(' | ')}`, 'warn');
  }
  // personal data: say which columns hold it and what to do (drop or pseudonymize) before anything uses them
  for (const finding of scanTableForPii(table)) ctx.log(`Dataset "${data.name}": ${describePiiFinding(finding)}`, 'warn');
  return {
    table,
    report: {
      kind: 'import-report',
      title: `Import of ${data.name}`,
      data: {
        fileName: data.name,
        rows: table.nRows,
        columns: table.columns.map((c) => {
          const info = columnInfo.get(c.name);
          return {
            name: c.name,
            type: c.type,
            role: c.role ?? null,
            label: info?.label ?? c.type,
            badCells: info?.badCells ?? 0,
            overflowCells: info?.overflowCells ?? 0,
            ...(info?.keptAsText && { keptAsText: info.keptAsText }),
          };
        }),
        format: result.format,
        encoding: result.encoding,
        delimiter: result.delimiter ?? null,
        header: result.header,
        skippedRows: result.skippedRows,
        notes: result.notes,
        problemCount: result.problemCount,
        problems: result.problems,
      },
    },
  };
}
