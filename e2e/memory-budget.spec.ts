/**
 * Issue 17: the status bar shows the run cache against its memory budget, and the budget can be
 * changed there (saved in this browser's settings, kept after a reload). The run itself exercises the
 * tables that come back from the workers in shared memory (the page is cross-origin isolated).
 */
import { expect, test } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';

test('the cache readout counts the results of a run, and the budget changes and is kept', async ({ page }) => {
  test.setTimeout(120_000);
  const d = new DesignerPage(page);
  await page.goto('/');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const readout = page.getByTestId('memory-budget');
  await expect(readout).toHaveText('Cache 0 MB of 1 GB');

  await d.chooseTemplate('promotion-baseline');
  await d.runAll();
  await expect(d.nodeStatus('evaluate')).toContainText('Done', { timeout: 60_000 });
  // 5,000 rows × 10 columns and the split's two tables: well over 100 KB of cached results.
  await expect.poll(async () => Number(await readout.getAttribute('data-cache-bytes')), { timeout: 10_000 }).toBeGreaterThan(100_000);
  await expect(readout).toHaveText(/^Cache \d+ MB of 1 GB$/);
  // The split's training rows read back from shared memory in the results viewer.
  await d.select('split');
  await page.getByTestId('result-tab-train').click();
  await expect(page.getByTestId('results-dock').getByTestId('table-size')).toContainText('3,750');

  await readout.click();
  const form = page.getByTestId('memory-budget-form');
  const input = form.getByTestId('memory-budget-input');
  await expect(input).toHaveValue('1024');
  await input.fill('10');
  await form.getByRole('button', { name: 'Save budget' }).click();
  await expect(form.getByRole('alert')).toHaveText('The budget must be at least 64 MB.');
  await input.fill('64');
  await form.getByRole('button', { name: 'Save budget' }).click();
  await expect(readout).toHaveText(/^Cache \d+ MB of 64 MB$/);
  await expect(form).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId('memory-budget')).toHaveText('Cache 0 MB of 64 MB');
});
