import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';

/** Serious and critical axe violations, summarised for a readable failure message. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

test('the main screens have no serious or critical axe violations', async ({ page }) => {
  test.setTimeout(120_000);
  const d = new DesignerPage(page);
  await page.goto('/');
  await expect(page.getByRole('dialog', { name: 'Start a pipeline' })).toBeVisible();
  expect(await seriousViolations(page), 'template gallery').toEqual([]);

  await d.chooseTemplate('promotion-baseline');
  await expect(d.node('evaluate')).toBeVisible();
  expect(await seriousViolations(page), 'canvas with a pipeline').toEqual([]);

  await d.select('train-lr');
  expect(await seriousViolations(page), 'inspector').toEqual([]);

  await d.runAll();
  await expect(d.nodeStatus('evaluate')).toContainText('Done', { timeout: 60_000 });
  await d.select('evaluate');
  await expect(page.getByTestId('results-dock')).toContainText('AUC');
  expect(await seriousViolations(page), 'results').toEqual([]);

  await page.getByRole('tab', { name: 'Datasets' }).click();
  await expect(page.getByRole('tab', { name: 'Datasets' })).toHaveAttribute('aria-selected', 'true');
  expect(await seriousViolations(page), 'datasets panel').toEqual([]);
});

test('palette, inspector and run controls work from the keyboard', async ({ page }) => {
  const d = new DesignerPage(page);
  await d.openFresh();
  // Search the palette and add a node with Enter.
  await page.getByLabel('Search nodes').fill('dataset');
  await page.keyboard.press('Tab'); // the hint text is not focusable: first palette item
  await expect(d.paletteItem('dataset-source')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(() => d.nodeIds()).toEqual(['dataset-source']);
  // The inspector's fields are labelled and reachable.
  const nameField = page.getByLabel('Dataset name', { exact: true });
  await nameField.focus();
  await page.keyboard.type('promotion.csv');
  await page.keyboard.press('Tab');
  await expect(d.node('dataset-source').getByTestId('node-problem')).toHaveCount(0);
  // Run from the toolbar with the keyboard.
  await d.toolbarButton(/Run all/).focus();
  await page.keyboard.press('Enter');
  await expect(d.nodeStatus('dataset-source')).toContainText('Done', { timeout: 60_000 });
});
