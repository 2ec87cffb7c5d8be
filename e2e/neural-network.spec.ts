import { expect, test } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';
import { ResultsPage } from './pages/results-page.ts';

/**
 * The neural-network node is in the palette and trains in the browser's worker: added beside the
 * promotion baseline's logistic regression, fed by the same split, run, and its log says which TF.js
 * backend trained it (this machine has no GPU, so 'auto' passes WebGL over for WebAssembly; asked for
 * explicitly, WebGL trains).
 */
test('neural network: in the palette, trains in a worker, logs its backend', async ({ page }) => {
  test.setTimeout(180_000);
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('promotion-baseline');
  await expect(d.node('train-lr')).toBeVisible();

  await expect(d.paletteItem('neural-network')).toBeVisible();
  await expect(d.paletteItem('neural-network')).toContainText('Neural network');
  await d.addWithKeyboard('neural-network');
  await d.connect({ node: 'split', port: 'train' }, { node: 'neural-network', port: 'train' });
  await d.connect({ node: 'split', port: 'test' }, { node: 'neural-network', port: 'test' });
  await d.select('neural-network');
  await d.setSelect('target', 'promoted');
  await d.setText('positive', '1');
  await d.setText('hidden', '32,16');
  await expect(d.canvas.getByTestId('node-problem')).toHaveCount(0);

  await d.runAll();
  await expect(d.nodeStatus('neural-network')).toContainText('Done', { timeout: 120_000 });

  await d.select('neural-network');
  const results = new ResultsPage(page);
  await results.dock.getByTestId('result-tab-log').click();
  const log = results.dock.getByTestId('node-log');
  await expect(log).toContainText('TF.js backend: wasm.');
  await expect(log).toContainText(/WebGL (renders in software here|did not start here).*; training with wasm\./);
  await expect(log).toContainText(/Early stopping after \d+ epochs/);

  // Asked for explicitly, WebGL trains even in software (a short run: two epochs of a small network).
  await d.inspector.getByText(/^Advanced settings/).click();
  await d.setSelect('backend', 'webgl');
  await d.setText('hidden', '8');
  await d.setNumber('epochs', 2);
  await d.runAll();
  await expect(d.nodeStatus('neural-network')).toContainText('Done', { timeout: 120_000 });
  await d.select('neural-network');
  await results.dock.getByTestId('result-tab-log').click();
  await expect(log).toContainText('TF.js backend: webgl.');
  await expect(log).toContainText('Trained all 2 epochs');
});
