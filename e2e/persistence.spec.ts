import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';

async function savedParams(page: Page, nodeId: string): Promise<Record<string, unknown>> {
  return page.evaluate(
    (id) =>
      (window as unknown as { crispflow: { store: { getState(): { doc: { nodes: Array<{ id: string; params: Record<string, unknown> }> } } } } }).crispflow.store
        .getState()
        .doc.nodes.find((n) => n.id === id)!.params,
    nodeId,
  );
}

test('a reload restores the canvas, params, name and last results summary', async ({ page }) => {
  test.setTimeout(120_000);
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('promotion-baseline');
  await expect(d.node('evaluate')).toBeVisible();
  await d.select('split');
  await d.setNumber('testFraction', 0.3);
  const name = page.getByLabel('Pipeline name');
  await name.fill('My promotion study');
  await name.press('Enter');
  // Move a node so the exact canvas can be compared.
  await d.node('evaluate').locator('.cf-card-head').dragTo(d.canvas, { targetPosition: { x: 600, y: 380 } });
  const before = await page.evaluate(() => (window as unknown as { crispflow: { store: { getState(): { doc: unknown } } } }).crispflow.store.getState().doc);

  await d.runAll();
  await expect(d.nodeStatus('evaluate')).toContainText('Done', { timeout: 60_000 });
  const headline = await d.node('evaluate').getByTestId('node-headline').innerText();
  await page.waitForTimeout(800); // autosave pause

  await page.reload();
  await expect(d.node('evaluate')).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Start a pipeline' })).toHaveCount(0);
  await expect(name).toHaveValue('My promotion study');
  const after = await page.evaluate(() => (window as unknown as { crispflow: { store: { getState(): { doc: unknown } } } }).crispflow.store.getState().doc);
  expect(after).toEqual(before);
  expect(await savedParams(page, 'split')).toMatchObject({ testFraction: 0.3 });
  await expect(d.nodeStatus('evaluate')).toContainText('Done');
  await expect(d.node('evaluate').getByTestId('node-headline')).toHaveText(headline);
  await expect(page.getByTestId('run-status')).toContainText('restored');
  await d.select('split');
  await expect(d.param('testFraction')).toHaveValue('0.3');
  await d.select('evaluate');
  await expect(page.getByTestId('results-dock')).toContainText('auc');
  await d.screenshot('restored-after-reload');
});

test('project list: new, switch, rename and delete pipelines', async ({ page }) => {
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('promotion-baseline');
  await expect(d.node('source')).toBeVisible();
  const menu = page.getByRole('button', { name: /Pipelines \(/ });
  await expect(menu).toHaveText(/Pipelines \(1\)/);
  await menu.click();
  await page.getByRole('button', { name: '+ New pipeline' }).click();
  await expect(page.getByText('Start your pipeline')).toBeVisible();
  const name = page.getByLabel('Pipeline name');
  await name.fill('Second study');
  await name.press('Enter');
  await expect(menu).toHaveText(/Pipelines \(2\)/);
  await menu.click();
  const list = page.getByRole('dialog', { name: 'Your pipelines' });
  await expect(list.getByRole('button', { name: 'Second study', exact: true })).toBeVisible();
  await d.screenshot('project-list');
  await list.getByRole('button', { name: 'Promotion baseline', exact: true }).click();
  await expect(d.node('source')).toBeVisible();
  await expect(name).toHaveValue('Promotion baseline');
  await menu.click();
  page.once('dialog', (dlg) => void dlg.accept());
  await list.getByRole('button', { name: 'Delete pipeline Second study' }).click();
  await expect(menu).toHaveText(/Pipelines \(1\)/);
  await expect(d.node('source')).toBeVisible();
});

test('save a pipeline file, then open it by file picker and by dropping it on the canvas', async ({ page }) => {
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('promotion-baseline');
  await expect(d.node('source')).toBeVisible();
  const download = page.waitForEvent('download');
  await d.toolbarButton('Save file').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('promotion-baseline.pipeline.json');
  const text = await readFile((await file.path())!, 'utf8');
  const saved = JSON.parse(text);
  expect(saved.nodes.map((n: { id: string }) => n.id)).toEqual(['source', 'split', 'train-lr', 'evaluate']);

  // Open via the file picker: a copy with another name becomes a new pipeline.
  saved.metadata.name = 'Opened copy';
  await page.getByTestId('open-file-input').setInputFiles({ name: 'copy.pipeline.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)) });
  await expect(page.getByLabel('Pipeline name')).toHaveValue('Opened copy');
  await expect(page.getByRole('button', { name: /Pipelines \(2\)/ })).toBeVisible();

  // Drop a file on the canvas.
  saved.metadata.name = 'Dropped copy';
  await d.canvas.evaluate((el, json) => {
    const dt = new DataTransfer();
    dt.items.add(new File([json], 'dropped.pipeline.json', { type: 'application/json' }));
    el.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, JSON.stringify(saved));
  await expect(page.getByLabel('Pipeline name')).toHaveValue('Dropped copy');
  await expect(d.node('train-lr')).toBeVisible();

  // A broken file is refused with the reason.
  await page.getByTestId('open-file-input').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"nodes": 3}') });
  await expect(d.notices.filter({ hasText: 'could not be opened' })).toBeVisible();
  await expect(page.getByLabel('Pipeline name')).toHaveValue('Dropped copy');
});
