/**
 * Column pickers wherever a parameter names columns (issue 19), time-series CV included: in the attrition
 * template the cross-validation node's date and person columns are chosen from the panel's columns, before
 * a run where the compiler can tell them and from the run's table where it cannot.
 */
import { expect, test } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';

test('time-series CV offers its date and person columns as pickers', async ({ page }) => {
  test.setTimeout(180_000);
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('attrition');
  await d.toolbarButton('Fit view').click();
  await expect(d.node('cv')).toBeVisible();
  await d.select('cv');
  const date = d.param('dateColumn');
  if ((await date.evaluate((e) => e.tagName)) !== 'SELECT') {
    // The panel's columns are known once it has run: run up to the cross-validation's input.
    await d.select('labelled');
    await d.runToHere();
    await expect(d.nodeStatus('labelled')).toContainText('Done', { timeout: 120_000 });
    await d.select('cv');
  }
  await expect(date).toHaveJSProperty('tagName', 'SELECT');
  await expect(date).toHaveValue('snapshot_date');
  await expect(date.locator('option', { hasText: 'snapshot_date · date' })).toHaveCount(1);
  await expect(d.param('groupColumn')).toHaveJSProperty('tagName', 'SELECT');
  await expect(d.param('groupColumn')).toHaveValue('employee_id');
  await d.param('groupColumn').selectOption('');
  await expect(d.param('groupColumn')).toHaveValue('');
});
