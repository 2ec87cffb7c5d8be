import { expect, test } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';

declare global {
  interface Window {
    __longTasks: number[];
  }
}

/**
 * A long training run: the page stays responsive (no long task over 50 ms on the main thread while
 * the model trains in a worker), the card shows progress, and Stop ends the run.
 */
test('a long training run keeps the page responsive and can be stopped', async ({ page }) => {
  test.setTimeout(120_000);
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('promotion-baseline');
  await expect(d.node('train-lr')).toBeVisible();

  // Add a big random forest by keyboard and wire it to the split.
  await d.paletteItem('random-forest').focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => d.nodeIds()).toContain('random-forest');
  await d.connect({ node: 'split', port: 'train' }, { node: 'random-forest', port: 'train' });
  await expect.poll(() => d.edgeCount()).toBe(5);
  await d.setSelect('target', 'promoted');
  await d.setNumber('nTrees', 2000);

  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  await d.select('random-forest');
  await d.runToHere();
  await expect(d.nodeStatus('random-forest')).toContainText('Running', { timeout: 30_000 });
  // Measure only while the forest trains (workers and data are loaded by now).
  await page.evaluate(() => (window.__longTasks = []));
  await expect(d.node('random-forest').getByRole('progressbar')).toBeVisible();
  await page.waitForTimeout(2500);
  const longTasks = await page.evaluate(() => window.__longTasks);
  await d.screenshot('long-run');
  expect(await d.nodeStatus('random-forest').innerText()).toContain('Running');
  console.log(`long tasks while training: ${JSON.stringify(longTasks)}`);
  expect(longTasks.filter((ms) => ms > 50)).toEqual([]);

  const t0 = Date.now();
  await d.stop();
  await expect(d.nodeStatus('random-forest')).toContainText('Skipped', { timeout: 10_000 });
  const stopMs = Date.now() - t0;
  console.log(`stop took ${stopMs} ms`);
  await expect(page.getByTestId('run-status')).toContainText('stopped');
  await expect(d.toolbarButton(/Run all/)).toBeEnabled();
  // Nodes that had finished keep their results.
  await expect(d.nodeStatus('split')).toContainText(/Done|Cached/);
});
