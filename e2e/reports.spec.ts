/**
 * Templates on your own data and reports as files (issue 18): the map-your-columns dialog refuses a
 * required role left empty, previews the changes and applies them; the mapped template runs on an
 * upload coded differently from the sample; the fairness report downloads as HTML and CSV, renders,
 * and prints (print media, PDF).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { DatasetsPage } from './pages/datasets-page.ts';
import { DesignerPage } from './pages/designer-page.ts';
import { ResultsPage } from './pages/results-page.ts';

test.use({ trace: 'off' });

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The promotion sample with other names and codes: group A/B → G1/G2, promoted 1/0 → yes/no, no awards column. */
function staffCsv(): string {
  const lines = readFileSync(path.join(root, 'public/samples/promotion.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const drop = header.indexOf('awards');
  const rename: Record<string, string> = { employee_id: 'staff_no', group: 'ethnic_group', kpi_score: 'kpi', promoted: 'promoted_flag' };
  const recode: Record<string, Record<string, string>> = { group: { A: 'G1', B: 'G2' }, promoted: { '1': 'yes', '0': 'no' } };
  const out = [header.filter((_, j) => j !== drop).map((h) => rename[h] ?? h).join(',')];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    out.push(cells.map((c, j) => recode[header[j]]?.[c] ?? c).filter((_, j) => j !== drop).join(','));
  }
  return out.join('\n') + '\n';
}

test('map your columns, run on your own data, download and print the fairness report', async ({ page, context }) => {
  test.setTimeout(150_000);
  const d = new DesignerPage(page);
  const datasets = new DatasetsPage(page);
  const results = new ResultsPage(page);
  await d.openFresh();
  await datasets.open();
  await datasets.upload({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(staffCsv(), 'utf8') });
  await datasets.waitForDataset('staff.csv');

  await page.getByRole('button', { name: 'Templates' }).click();
  await page.locator('[data-map-template="promotion"]').click();
  const dialog = page.getByTestId('map-columns-dialog');
  await expect(dialog).toBeVisible();
  // Nothing mapped yet: refused, naming the first required role.
  await dialog.getByTestId('map-apply').click();
  await expect(dialog.getByTestId('map-refusal')).toContainText('required role "Employees table" (employees) empty');

  await dialog.getByTestId('map-role-employees').fill('staff.csv');
  await dialog.getByTestId('map-role-target').fill('promoted_flag');
  await dialog.getByTestId('map-role-favourable').fill('yes');
  await dialog.getByTestId('map-role-protected').fill('ethnic_group');
  await dialog.getByTestId('map-role-id').fill('staff_no');
  await dialog.getByTestId('map-role-kpi_score').fill('kpi');
  await dialog.locator('tr', { has: page.getByTestId('map-role-awards') }).getByLabel('not in my data').check();
  const preview = dialog.getByTestId('map-preview');
  await expect(preview).toContainText('"promoted" → "promoted_flag"');
  await expect(preview).toContainText('"1" → "yes"');
  await expect(dialog.getByTestId('map-role-reference')).toHaveValue('auto');
  await page.screenshot({ path: 'e2e/screenshots/map-columns-dialog.png' });
  await dialog.getByTestId('map-apply').click();
  await expect(dialog).toBeHidden();

  // The historical labels' fairness, on the upload: groups G1/G2, reference found automatically.
  await expect(d.node('history-fairness')).toBeVisible();
  await d.select('history-fairness');
  await d.runToHere();
  await expect(d.nodeStatus('history-fairness')).toContainText(/Done|Cached/, { timeout: 120_000 });
  await results.openTab('report');
  const downloads = results.dock.getByTestId('report-downloads');
  await expect(downloads).toBeVisible();

  const [htmlDownload] = await Promise.all([page.waitForEvent('download'), downloads.getByTestId('report-download-history-fairness-fairness.html').click()]);
  expect(htmlDownload.suggestedFilename()).toBe('history-fairness-fairness.html');
  const html = readFileSync((await htmlDownload.path())!, 'utf8');
  expect(html).toContain('G1 (chosen automatically: the highest selection rate)');
  expect(html).toContain('staff.csv');
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), downloads.getByTestId('report-download-history-fairness-fairness.csv').click()]);
  const csv = readFileSync((await csvDownload.path())!, 'utf8');
  const di = csv.split('\n').find((l) => l.includes(',overall,disparateImpact,'))!;
  expect(Number(di.split(',')[5])).toBeLessThan(0.8); // the sample's historical bias survives the recoding

  // The report renders and prints.
  const report = await context.newPage();
  await report.setContent(html);
  await expect(report.getByRole('heading', { name: 'Fairness report: ethnic_group' })).toBeVisible();
  await expect(report.getByRole('cell', { name: /^G2/ })).toBeVisible();
  await report.screenshot({ path: 'e2e/screenshots/fairness-report.png', fullPage: true });
  await report.emulateMedia({ media: 'print' });
  expect(await report.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe('none');
  const pdf = await report.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(5000);
});
