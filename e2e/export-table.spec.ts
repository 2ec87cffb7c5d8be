/**
 * An export-table node in the designer: its result shows the file's name, size and first lines, and its
 * Download button saves the node's bytes, byte for byte the CSV the command line writes for the same
 * table (formulas escaped with the one escaper, CRLF line ends, no BOM, UTF-8).
 */
import { expect, test } from '@playwright/test';
import { tableToCsv } from '../src/io/csv-export.ts';
import { importTable } from '../src/io/import.ts';
import { DatasetsPage } from './pages/datasets-page.ts';
import { DesignerPage } from './pages/designer-page.ts';
import { ResultsPage } from './pages/results-page.ts';

const FILE = 'to-export.csv';
const INPUT = [
  'employee_id,name,department,salary,comment',
  '1,Zoë,Sales,52000,"=HYPERLINK(""http://evil"",""x"")"',
  '2,東京 🙂,Engineering,61000,"+SUM(A1:A3)"',
  '3,"Smith, Jo",Sales,48000,"two',
  'lines"',
  '4,Dev,HR,-5,@cmd',
].join('\r\n');

const pipeline = {
  schemaVersion: 1,
  metadata: { name: 'Export a table', seed: 1 },
  nodes: [
    { id: 'people', type: 'dataset-source', version: 1, params: { source: 'upload', name: FILE }, position: { x: 0, y: 0 } },
    { id: 'export', type: 'export-table', version: 1, params: { fileName: 'people export' }, position: { x: 320, y: 0 } },
  ],
  edges: [{ from: { node: 'people', port: 'table' }, to: { node: 'export', port: 'table' } }],
};

test('export-table: the result previews the file and downloads its exact bytes', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const designer = new DesignerPage(page);
  const datasets = new DatasetsPage(page);
  const results = new ResultsPage(page);
  await designer.openFresh();
  await datasets.open();
  await datasets.upload({ name: FILE, mimeType: 'text/csv', buffer: Buffer.from(INPUT, 'utf8') });
  await expect(datasets.facts(FILE)).toContainText('4 rows', { timeout: 30_000 });
  await page.getByTestId('open-file-input').setInputFiles({ name: 'export.pipeline.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(pipeline)) });
  await expect(designer.node('export')).toBeVisible();
  await designer.runAll();
  await expect(designer.nodeStatus('export')).toContainText(/Done|Cached/, { timeout: 60_000 });

  await designer.select('export');
  await results.openTab('file');
  const view = results.dock.getByTestId('csv-export-view');
  await expect(view).toBeVisible();
  await expect(view.getByRole('heading', { name: 'people export.csv' })).toBeVisible();
  await expect(view).toContainText('4 rows × 5 columns');
  const preview = view.getByTestId('csv-export-preview');
  await expect(preview).toContainText('employee_id,name,department,salary,comment');
  await expect(preview).toContainText(`1,Zoë,Sales,52000,"'=HYPERLINK(""http://evil"",""x"")"`);
  await expect(preview).toContainText('2,東京 🙂,Engineering,61000,');

  const [download] = await Promise.all([page.waitForEvent('download'), view.getByTestId('csv-export-download').click()]);
  expect(download.suggestedFilename()).toBe('people export.csv');
  const chunks: Buffer[] = [];
  for await (const c of await download.createReadStream()) chunks.push(c as Buffer);
  const saved = Buffer.concat(chunks);
  // The same import and CSV writer, run here in Node: the browser's file must match it byte for byte.
  const { table } = await importTable(new TextEncoder().encode(INPUT), { fileName: FILE });
  const expected = Buffer.from(new TextEncoder().encode(tableToCsv(table)));
  expect(saved.toString('utf8')).toBe(expected.toString('utf8'));
  expect(saved.equals(expected)).toBe(true);
  expect(saved.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
  expect(saved.toString('utf8')).toContain("\r\n4,Dev,HR,-5,'@cmd\r\n");
  expect(errors).toEqual([]);
});
