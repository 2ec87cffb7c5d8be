/**
 * Issue 19 (part A): a result opens in its own browser tab, read from the stored snapshot, with the
 * same figures as in the dock; the tab still shows it after a reload.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';

test('metrics and a table open in their own tab with the same figures, also after a reload', async ({ page, context }) => {
  test.setTimeout(120_000);
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('promotion-baseline');
  await d.runAll();
  await expect(d.nodeStatus('evaluate')).toContainText('Done', { timeout: 60_000 });

  // Metrics.
  await d.select('evaluate');
  const auc = await page.getByTestId('results-dock').getByTestId('metric-auc').textContent();
  expect(auc).toMatch(/0\.\d+$/);
  const [tab] = await Promise.all([context.waitForEvent('page'), page.getByTestId('open-result-tab').click()]);
  await tab.waitForURL(/\?result=/);
  await expect(tab.getByRole('heading', { level: 1 })).toContainText('metrics');
  await expect(tab.getByTestId('metrics-viewer')).toBeVisible();
  expect(await tab.getByTestId('metric-auc').textContent()).toBe(auc);
  const violations = (await new AxeBuilder({ page: tab }).analyze()).violations.map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
  expect(violations).toEqual([]);
  await tab.screenshot({ path: 'e2e/screenshots/result-tab-metrics.png' });
  await tab.reload();
  expect(await tab.getByTestId('metric-auc').textContent()).toBe(auc);
  await tab.close();

  // A whole table (the training rows), not a summary.
  await d.select('split');
  await page.getByTestId('result-tab-train').click();
  const size = await page.getByTestId('results-dock').getByTestId('table-size').textContent();
  const [tableTab] = await Promise.all([context.waitForEvent('page'), page.getByTestId('open-result-tab').click()]);
  await expect(tableTab.getByTestId('table-viewer')).toBeVisible();
  expect(await tableTab.getByTestId('table-size').textContent()).toBe(size);
  await expect(tableTab.getByTestId('table-grid')).toBeVisible();
  await expect(tableTab).toHaveTitle(/train/);
});

test('an unknown result key says what to do', async ({ page }) => {
  await page.goto('/?result=nothing-here');
  await expect(page.getByRole('heading', { name: 'Result not found' })).toBeVisible();
  await expect(page.getByText('Open it again from the designer')).toBeVisible();
});
