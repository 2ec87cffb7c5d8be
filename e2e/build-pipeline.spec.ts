import { expect, test } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';

/**
 * The promotion baseline, built from an empty canvas the way an analyst would: drag four nodes from
 * the palette, connect them, set params in the inspector (column pickers filled before any run),
 * run, and read the AUC.
 */
test('build, configure and run the promotion baseline from an empty canvas', async ({ page }) => {
  test.setTimeout(120_000);
  const d = new DesignerPage(page);
  await d.openFresh();

  await d.dragFromPalette('dataset-source', { x: 40, y: 40 });
  await d.dragFromPalette('train-test-split', { x: 320, y: 40 });
  await d.dragFromPalette('logistic-regression', { x: 40, y: 300 });
  await d.dragFromPalette('evaluate-classifier', { x: 320, y: 300 });
  expect(await d.nodeIds()).toEqual(['dataset-source', 'train-test-split', 'logistic-regression', 'evaluate-classifier']);

  // Compile problems show on the nodes before anything runs.
  await expect(d.node('train-test-split').getByTestId('node-problem')).toContainText('not connected');

  await d.select('dataset-source');
  await d.setSelect('source', 'sample');
  await d.setText('name', 'promotion.csv');

  await d.connect({ node: 'dataset-source', port: 'table' }, { node: 'train-test-split', port: 'table' });
  await d.connect({ node: 'train-test-split', port: 'train' }, { node: 'logistic-regression', port: 'train' });
  await d.connect({ node: 'train-test-split', port: 'test' }, { node: 'logistic-regression', port: 'test' });
  await d.connect({ node: 'logistic-regression', port: 'predictions' }, { node: 'evaluate-classifier', port: 'predictions' });
  await expect.poll(() => d.edgeCount()).toBe(4);

  // The split's column picker lists the sample's columns (from its header) before any run.
  await d.select('train-test-split');
  await expect(d.param('stratify').locator('option', { hasText: 'promoted' })).toHaveCount(1);
  await d.setSelect('stratify', 'promoted');
  await d.setNumber('testFraction', 0.3);

  await d.select('logistic-regression');
  await d.setSelect('target', 'promoted');
  await d.setText('positive', '1');
  await d.setColumns('features', ['department', 'tenure_years', 'kpi_score', 'training_score', 'peer_rating', 'projects_led', 'awards']);
  await expect(d.canvas.getByTestId('node-problem')).toHaveCount(0);

  // Tidy up (ELK, layered left → right): each node ends up right of the one feeding it.
  await d.toolbarButton('Tidy up').click();
  await expect
    .poll(async () => {
      const xs = await page.evaluate(() => {
        const doc = (window as unknown as { crispflow: { store: { getState(): { doc: { nodes: Array<{ id: string; position: { x: number } }> } } } } }).crispflow.store.getState().doc;
        return Object.fromEntries(doc.nodes.map((n) => [n.id, n.position.x]));
      });
      return xs['dataset-source'] < xs['train-test-split'] && xs['train-test-split'] < xs['logistic-regression'] && xs['logistic-regression'] < xs['evaluate-classifier'];
    })
    .toBe(true);
  await d.screenshot('pipeline-configured');

  await d.runAll();
  await expect(d.nodeStatus('evaluate-classifier')).toContainText('Done', { timeout: 60_000 });
  for (const id of ['dataset-source', 'train-test-split', 'logistic-regression']) await expect(d.nodeStatus(id)).toContainText('Done');
  const headline = await d.node('evaluate-classifier').getByTestId('node-headline').innerText();
  const auc = Number(/AUC ([\d.]+)/.exec(headline)?.[1]);
  expect(auc).toBeGreaterThan(0.6);
  expect(auc).toBeLessThanOrEqual(1);

  // The metrics viewer of the evaluation node shows the same AUC.
  await d.select('evaluate-classifier');
  const dock = page.getByTestId('results-dock');
  await expect(dock).toContainText('AUC');
  await expect(dock).toContainText(auc.toFixed(3));
  await d.screenshot('pipeline-run');

  // Params are in the saved document, exactly as set.
  const doc = await page.evaluate(() => (window as unknown as { crispflow: { store: { getState(): { doc: unknown } } } }).crispflow.store.getState().doc);
  const nodes = (doc as { nodes: Array<{ id: string; params: Record<string, unknown> }> }).nodes;
  expect(nodes.find((n) => n.id === 'train-test-split')!.params).toMatchObject({ stratify: 'promoted', testFraction: 0.3 });
  expect(nodes.find((n) => n.id === 'logistic-regression')!.params).toMatchObject({ target: 'promoted', positive: '1' });
});
