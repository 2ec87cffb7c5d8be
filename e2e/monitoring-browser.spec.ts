/**
 * The Monitoring view without a studio (issue 15): a run of the promotion baseline saves its model (with
 * its scoring pipeline) in this browser; a new, drifted batch is uploaded; the audit runs in a worker and
 * its record is kept with the model version in IndexedDB — the alert, the charts, and after a reload the
 * record is still there.
 */
import { expect, test } from '@playwright/test';
import { tableToCsv } from '../src/io/csv-export.ts';
import { generatePromotionDecisions } from '../src/samples/promotion-decisions.ts';
import { DatasetsPage } from './pages/datasets-page.ts';
import { DesignerPage } from './pages/designer-page.ts';

// A quarter of raw decisions (no model columns added) from the sample generator with another seed,
// group B's KPI lowered by 14 points: the model's selection of B falls below four fifths.
const drifted = tableToCsv(generatePromotionDecisions({ seed: 4242, quarters: 1, rowsPerQuarter: 1000, driftFrom: 0, startYear: 2027 }).decisions, { escapeFormulas: false });

test('browser-only monitoring: a saved model audits an uploaded drifted batch; the record survives a reload', async ({ page }) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('promotion-baseline');
  await expect(d.node('evaluate')).toBeVisible();
  await d.runAll();
  await expect(d.nodeStatus('evaluate')).toContainText(/Done|Cached/, { timeout: 150_000 });

  const datasets = new DatasetsPage(page);
  await datasets.open();
  await datasets.upload({ name: 'decisions-2027-q1.csv', mimeType: 'text/csv', buffer: Buffer.from(drifted) });
  await datasets.waitForDataset('decisions-2027-q1.csv', 60_000);

  const openMonitoring = async () => {
    await page.getByRole('button', { name: 'Models' }).click();
    const models = page.getByRole('dialog', { name: 'Models' });
    // The run's model is saved once the run is recorded: wait for its row rather than for a fixed time.
    const row = models.getByTestId('model-version').filter({ hasText: 'Logistic regression' });
    await expect(row).toHaveCount(1, { timeout: 60_000 });
    await row.getByRole('button', { name: 'Monitoring' }).click();
    const view = models.getByTestId('monitoring-view');
    await expect(view.getByRole('heading', { name: 'Monitoring: Logistic regression' })).toBeVisible();
    return view;
  };

  const view = await openMonitoring();
  const form = view.getByTestId('monitoring-audit-form');
  await form.getByLabel('Batch').selectOption('decisions-2027-q1.csv');
  await form.getByLabel('Protected column').fill('group');
  await form.getByRole('button', { name: 'Audit batch' }).click();
  await expect(form.getByRole('status')).toContainText('1 record(s) kept in this browser; an alert fired', { timeout: 90_000 });
  await expect(form.getByRole('status')).toContainText('Drift is measured against the training data promotion.csv');

  const alerts = view.getByTestId('monitoring-alerts');
  await expect(alerts).toContainText('Group "B" is selected at', { timeout: 30_000 });
  await expect(alerts).toContainText('kpi_score');
  await expect(view.getByTestId('monitoring-point')).toHaveCount(1);
  await expect(view.getByTestId('monitoring-point').first()).toContainText('decisions-2027-q1.csv');
  await expect(view.getByTestId('monitoring-point').first()).toContainText('browser');
  for (const id of ['monitoring-di', 'monitoring-psi']) await expect(view.getByTestId(id).locator('svg').first()).toBeVisible();

  // Kept in IndexedDB: after a reload the Monitoring view shows the same record and alert.
  await page.reload();
  await d.dismissGallery();
  const again = await openMonitoring();
  await expect(again.getByTestId('monitoring-point')).toHaveCount(1, { timeout: 30_000 });
  await expect(again.getByTestId('monitoring-point').first()).toContainText('decisions-2027-q1.csv');
  await expect(again.getByTestId('monitoring-alerts')).toContainText('kpi_score');
  await expect(again.getByTestId('monitoring-di').locator('svg').first()).toBeVisible();

  // The audit is in the browser's hash-chained audit log, which still verifies.
  await page.getByRole('dialog', { name: 'Models' }).getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Audit log', exact: true }).click();
  const audit = page.getByRole('dialog', { name: 'Audit log' });
  await expect(audit.getByTestId('audit-entry').filter({ hasText: 'Logistic regression v1 monitored' })).toHaveCount(1);
  await audit.getByTestId('audit-verify').click();
  await expect(audit.getByTestId('audit-result')).toContainText(/Intact: \d+ entries/);
  expect(errors).toEqual([]);
});
