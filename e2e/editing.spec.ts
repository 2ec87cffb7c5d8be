import { expect, test } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';

test.describe('editing the canvas', () => {
  test('an incompatible connection is refused with a reason', async ({ page }) => {
    const d = new DesignerPage(page);
    await d.openFresh();
    await d.dragFromPalette('logistic-regression', { x: 60, y: 60 });
    await d.dragFromPalette('evaluate-classifier', { x: 420, y: 60 });
    // A model is not predictions: the evaluation node refuses it and says why.
    await d.connect({ node: 'logistic-regression', port: 'model' }, { node: 'evaluate-classifier', port: 'predictions' });
    await expect(d.notices.filter({ hasText: 'Connection refused' })).toContainText('expects predictions');
    await expect(d.notices.filter({ hasText: 'Connection refused' })).toContainText('gives model');
    expect(await d.edgeCount()).toBe(0);
    await d.screenshot('connection-refused');
    // The compatible port connects.
    await d.connect({ node: 'logistic-regression', port: 'predictions' }, { node: 'evaluate-classifier', port: 'predictions' });
    await expect.poll(() => d.edgeCount()).toBe(1);
  });

  test('an occupied input and a cycle are refused too', async ({ page }) => {
    const d = new DesignerPage(page);
    await d.openFresh();
    await d.dragFromPalette('select-columns', { x: 40, y: 60 });
    await d.dragFromPalette('filter-rows', { x: 330, y: 60 });
    await d.dragFromPalette('standardize', { x: 40, y: 300 });
    await d.connect({ node: 'select-columns', port: 'table' }, { node: 'filter-rows', port: 'table' });
    await expect.poll(() => d.edgeCount()).toBe(1);
    await d.connect({ node: 'standardize', port: 'table' }, { node: 'filter-rows', port: 'table' });
    await expect(d.notices.filter({ hasText: 'more than one connection' })).toBeVisible();
    await d.connect({ node: 'filter-rows', port: 'table' }, { node: 'select-columns', port: 'table' });
    await expect(d.notices.filter({ hasText: 'cycle' })).toBeVisible();
    expect(await d.edgeCount()).toBe(1);
  });

  test('undo and redo every edit, with buttons and shortcuts', async ({ page }) => {
    const d = new DesignerPage(page);
    await d.openFresh();
    await d.dragFromPalette('dataset-source', { x: 60, y: 60 });
    await d.dragFromPalette('train-test-split', { x: 380, y: 60 });
    await d.connect({ node: 'dataset-source', port: 'table' }, { node: 'train-test-split', port: 'table' });
    await expect.poll(() => d.edgeCount()).toBe(1);
    await d.select('train-test-split');
    await d.setNumber('testFraction', 0.4);

    await d.undo(); // the param
    await expect(d.param('testFraction')).toHaveValue('0.25');
    await d.undo(); // the edge
    await expect.poll(() => d.edgeCount()).toBe(0);
    await d.canvas.click({ position: { x: 600, y: 380 } });
    await page.keyboard.press('Control+z'); // the second node
    await expect.poll(() => d.nodeIds()).toEqual(['dataset-source']);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => d.nodeIds()).toEqual(['dataset-source', 'train-test-split']);
    await d.redo();
    await expect.poll(() => d.edgeCount()).toBe(1);
    await d.redo();
    const fraction = await page.evaluate(
      () =>
        (window as unknown as { crispflow: { store: { getState(): { doc: { nodes: Array<{ id: string; params: { testFraction?: number } }> } } } } }).crispflow.store
          .getState()
          .doc.nodes.find((n) => n.id === 'train-test-split')?.params.testFraction,
    );
    expect(fraction).toBe(0.4);
  });

  test('multi-select with Shift, delete together, undo in one step', async ({ page }) => {
    const d = new DesignerPage(page);
    await d.openFresh();
    await d.dragFromPalette('select-columns', { x: 40, y: 60 });
    await d.dragFromPalette('filter-rows', { x: 330, y: 60 });
    await d.dragFromPalette('standardize', { x: 40, y: 300 });
    await d.connect({ node: 'select-columns', port: 'table' }, { node: 'filter-rows', port: 'table' });
    await expect.poll(() => d.edgeCount()).toBe(1);
    await d.node('select-columns').locator('.cf-card-head').click();
    await d.node('filter-rows').locator('.cf-card-head').click({ modifiers: ['Shift'] });
    await expect(d.inspector.getByRole('heading', { level: 2 })).toHaveText('2 nodes selected');
    await page.keyboard.press('Delete');
    await expect.poll(() => d.nodeIds()).toEqual(['standardize']);
    expect(await d.edgeCount()).toBe(0);
    await d.undo();
    await expect.poll(() => d.nodeIds()).toEqual(['select-columns', 'filter-rows', 'standardize']);
    await expect.poll(() => d.edgeCount()).toBe(1);
  });

  test('keyboard: add from the palette with Enter, duplicate, delete, copy and paste across tabs', async ({ page, context }) => {
    const d = new DesignerPage(page);
    await d.openFresh();
    await d.paletteItem('standardize').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => d.nodeIds()).toEqual(['standardize']);
    // The new node is selected: the inspector shows it.
    await expect(d.inspector.getByRole('heading', { level: 2 })).toHaveText('Standardise');

    await d.node('standardize').locator('.cf-card-head').click();
    await page.keyboard.press('Control+d');
    await expect.poll(() => d.nodeIds()).toEqual(['standardize', 'standardize-2']);
    await page.keyboard.press('Delete');
    await expect.poll(() => d.nodeIds()).toEqual(['standardize']);

    await d.node('standardize').locator('.cf-card-head').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(() => d.nodeIds()).toEqual(['standardize', 'standardize-2']);

    // Another tab of the app pastes the same nodes.
    const other = await context.newPage();
    const d2 = new DesignerPage(other);
    await other.goto('/');
    await d2.dismissGallery();
    await d2.canvas.click({ position: { x: 300, y: 200 } });
    await other.keyboard.press('Control+v');
    await expect.poll(() => d2.nodeIds()).toContain('standardize');
  });

  test('fit view keeps every node clear of the minimap', async ({ page }) => {
    const d = new DesignerPage(page);
    // Before the minimap was allowed for, it covered resume-screening's bottom-right nodes at 1440×900.
    for (const [template, lastNode] of [['resume-screening', 'keyword-bias'], ['promotion', 'panel-review'], ['attrition', 'train-gb']]) {
      if (template === 'resume-screening') await page.goto('/');
      else await d.toolbarButton('Templates').click();
      await d.chooseTemplate(template);
      // Opened at the readable zoom, a large template starts with its sources; Fit view shows all of it.
      await expect(page.locator('[data-testid="node-card"]').first()).toBeVisible();
      await d.toolbarButton('Fit view').click();
      await expect(d.node(lastNode)).toBeVisible();
      await page.waitForTimeout(500);
      const minimap = (await page.locator('.react-flow__minimap').boundingBox())!;
      const boxes = await page.locator('[data-testid="node-card"]').evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { id: e.getAttribute('data-node-id'), x: r.x, y: r.y, right: r.right, bottom: r.bottom };
        }),
      );
      expect(boxes.length, template).toBeGreaterThan(10);
      const covered = boxes.filter((b) => b.right > minimap.x && b.x < minimap.x + minimap.width && b.bottom > minimap.y && b.y < minimap.y + minimap.height);
      expect(covered.map((b) => b.id), template).toEqual([]);
    }
  });
});
