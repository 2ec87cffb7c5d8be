import { expect, test } from '@playwright/test';
import { DatasetsPage } from './pages/datasets-page.ts';
import { DesignerPage } from './pages/designer-page.ts';
import { ResultsPage } from './pages/results-page.ts';

/** The pseudonymize node in the browser: the key comes from IndexedDB, the HMAC runs in a Web Worker. */
test('pseudonymize replaces columns with keyed tokens, the same after a reload (key kept in IndexedDB)', async ({ page }) => {
  test.setTimeout(120_000);
  const designer = new DesignerPage(page);
  const datasets = new DatasetsPage(page);
  const results = new ResultsPage(page);
  await designer.openFresh();
  await datasets.open();
  const rows = ['employee_id,work_email,department'];
  for (let i = 0; i < 12; i++) rows.push(`${i + 1},person${i % 4}@example.com,${['Sales', 'HR'][i % 2]}`);
  await datasets.upload({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n'), 'utf8') });
  await datasets.waitForDataset('contacts.csv');
  await datasets.useOnCanvas('contacts.csv');
  const [sourceId] = await designer.nodeIds();
  await designer.addWithKeyboard('pseudonymize');
  await designer.connect({ node: sourceId, port: 'table' }, { node: 'pseudonymize', port: 'table' });
  await expect.poll(() => designer.edgeCount()).toBe(1);
  await designer.select('pseudonymize');
  await designer.setColumns('columns', ['work_email']);

  const tokens = async (): Promise<string[]> => {
    await designer.runAll();
    await expect(designer.nodeStatus('pseudonymize')).toContainText(/Done/, { timeout: 60_000 });
    await designer.select('pseudonymize');
    await results.openTab('table');
    const { text } = await results.downloadCsv();
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0]).toBe('employee_id,work_email,department');
    return lines.slice(1).map((l) => l.split(',')[1]);
  };

  const first = await tokens();
  expect(first).toHaveLength(12);
  for (const t of first) expect(t).toMatch(/^p_[0-9a-f]{16}$/);
  // the same e-mail, the same token; different e-mails, different tokens
  expect(first[4]).toBe(first[0]);
  expect(new Set(first).size).toBe(4);

  await page.reload();
  const again = await tokens();
  expect(again).toEqual(first);
});
