/**
 * Issue 19 (part A): a large pipeline is readable when it opens, the results have room, notices
 * do not pile up, and the problem count leads to the node and field to fix.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';

/** The app's test bridge (main.tsx): the pipeline store. */
type Bridge = { crispflow: { store: { getState(): { doc: { nodes: unknown[] } } } } };

async function violations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

async function zoom(page: Page): Promise<number> {
  const t = await page.locator('.react-flow__viewport').evaluate((el) => getComputedStyle(el).transform);
  // matrix(a, b, c, d, e, f): a is the scale.
  return Number(/matrix\(([^,]+)/.exec(t)?.[1] ?? 'NaN');
}

test('a 20-node template opens at a readable zoom, in the compact card form, starting with its sources', async ({ page }) => {
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('attrition');
  await expect(d.node('employees')).toBeVisible();
  await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.55);
  await expect(d.canvas).toHaveClass(/cf-canvas-compact/);
  // The title's size on screen: font size × zoom (was about 6 px for this template).
  const title = d.node('employees').locator('.cf-card-title');
  const px = await title.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(px * (await zoom(page))).toBeGreaterThanOrEqual(11);
  // The source is on screen (the view starts where the data starts), with its status.
  const canvasBox = (await d.canvas.boundingBox())!;
  const sourceBox = (await d.node('employees').boundingBox())!;
  expect(sourceBox.x).toBeGreaterThanOrEqual(canvasBox.x);
  expect(sourceBox.x + sourceBox.width).toBeLessThanOrEqual(canvasBox.x + canvasBox.width);
  await expect(d.nodeStatus('employees')).toBeVisible();
  await d.screenshot('usability-compact-template');
  expect(await violations(page)).toEqual([]);

  // Zoomed in again, the full card comes back.
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom In' }).click();
  await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.75);
  await expect(d.canvas).not.toHaveClass(/cf-canvas-compact/);
});

test('a small template still fits whole at full size', async ({ page }) => {
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('promotion-baseline');
  await expect(d.node('evaluate')).toBeVisible();
  await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.75);
  await expect(d.canvas).not.toHaveClass(/cf-canvas-compact/);
});

test('the problem count opens the list; choosing a problem selects its node and focuses its field', async ({ page }) => {
  const d = new DesignerPage(page);
  await d.openFresh();
  await d.addWithKeyboard('dataset-source');
  await d.addWithKeyboard('train-test-split');
  const count = page.getByTestId('problems-button');
  await expect(count).toHaveText(/\d+ problems? to fix/);
  await count.click();
  const list = page.getByTestId('problems-list');
  // The count follows the compiler (debounced after the second add): compare it with the list once both settle.
  await expect(async () => {
    const n = Number((await count.textContent())!.match(/\d+/)![0]);
    expect(await list.getByRole('button').count()).toBe(n);
  }).toPass({ timeout: 15_000 });
  expect(await violations(page)).toEqual([]);
  // The dataset node's missing name is a field problem: its field gets the focus.
  const nameProblem = list.locator('button[data-node-id="dataset-source"]').first();
  await expect(nameProblem).toBeVisible();
  await nameProblem.click();
  await expect(list).toBeHidden();
  await expect(d.node('dataset-source')).toHaveClass(/cf-card-selected/);
  await expect(page.locator('[data-testid="inspector"] [data-param]:focus')).toHaveCount(1);
  const focusedParam = await page.evaluate(() => document.activeElement?.getAttribute('data-param'));
  expect(focusedParam).toBeTruthy();
  // Escape closes the list and returns to the count.
  await count.click();
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();
  await expect(count).toBeFocused();
});

test('notices close by themselves, at most three show, errors stay, and none covers the inspector', async ({ page }) => {
  const d = new DesignerPage(page);
  await d.openFresh();
  for (const type of ['dataset-source', 'train-test-split', 'logistic-regression', 'evaluate-classifier']) {
    await d.paletteItem(type).focus();
    await page.keyboard.press('Enter');
  }
  await expect.poll(() => page.evaluate(() => (window as unknown as Bridge).crispflow.store.getState().doc.nodes.length)).toBe(4);
  await expect(d.notices).toHaveCount(3);
  // A pipeline file that cannot be read: an error notice.
  await page.getByTestId('open-file-input').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{ not json') });
  const error = d.notices.filter({ hasText: 'could not be opened' });
  await expect(error).toBeVisible();
  const toasts = (await page.locator('.cf-toasts').boundingBox())!;
  const inspector = (await d.inspector.boundingBox())!;
  expect(toasts.x + toasts.width).toBeLessThanOrEqual(inspector.x);
  // Information leaves by itself; the error stays until dismissed.
  await expect(d.notices.filter({ hasText: 'Added' })).toHaveCount(0, { timeout: 8000 });
  await page.waitForTimeout(1000);
  await expect(error).toBeVisible();
  await error.getByRole('button', { name: 'Dismiss message' }).click();
  await expect(d.notices).toHaveCount(0);
});

test('the results dock is tall by default and can be maximised', async ({ page }) => {
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('promotion-baseline');
  await expect(d.node('evaluate')).toBeVisible();
  const dock = page.locator('#cf-results-region');
  const before = (await dock.boundingBox())!.height;
  expect(before).toBeGreaterThanOrEqual(370);
  const max = page.getByTestId('maximise-results');
  await max.click();
  await expect(max).toHaveAttribute('aria-pressed', 'true');
  expect(await violations(page)).toEqual([]);
  await expect.poll(async () => (await dock.boundingBox())!.height).toBeGreaterThan(before + 150);
  await max.click();
  await expect.poll(async () => (await dock.boundingBox())!.height).toBeCloseTo(before, 0);
});

test('selected nodes form a group that folds into one card and unfolds again, kept with the pipeline', async ({ page }) => {
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('promotion-baseline');
  await expect(d.node('evaluate')).toBeVisible();
  await d.select('split');
  await d.node('train-lr').locator('.cf-card-head').click({ modifiers: ['Shift'] });
  await page.getByTestId('group-selection').click();
  const frame = page.getByTestId('group-frame');
  await expect(frame).toContainText('Train/test split + Logistic regression');
  expect(await page.locator('.react-flow__edge').count()).toBe(4);

  await frame.getByRole('button', { name: /^Fold group/ }).click();
  const card = page.getByTestId('group-card');
  await expect(card).toContainText('2 nodes folded');
  await expect(d.node('split')).toHaveCount(0);
  await expect(d.node('train-lr')).toHaveCount(0);
  await expect(page.getByTestId('group-selection')).toHaveCount(0);
  // source → group → evaluate: the inner edges are hidden, the crossing ones meet the card.
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  expect(await violations(page)).toEqual([]);
  await d.screenshot('usability-folded-group');

  // Dragging the folded card moves its members with it.
  const xOf = (id: string) =>
    page.evaluate((nid) => (window as unknown as { crispflow: { store: { getState(): { doc: { nodes: { id: string; position: { x: number } }[] } } } } }).crispflow.store.getState().doc.nodes.find((n) => n.id === nid)!.position.x, id);
  const [splitX, lrX] = [await xOf('split'), await xOf('train-lr')];
  const cardBox = (await card.boundingBox())!;
  await page.mouse.move(cardBox.x + 40, cardBox.y + 12);
  await page.mouse.down();
  await page.mouse.move(cardBox.x + 90, cardBox.y + 62, { steps: 6 });
  await page.mouse.up();
  await expect.poll(() => xOf('split')).toBeGreaterThan(splitX + 20);
  expect((await xOf('train-lr')) - lrX).toBeCloseTo((await xOf('split')) - splitX, 3);
  await page.keyboard.press('Control+z');
  await expect.poll(() => xOf('split')).toBe(splitX);

  // Saved with the document: still folded after a reload; the run ignores it.
  await page.reload();
  await expect(page.getByTestId('group-card')).toBeVisible();
  await page.getByRole('button', { name: /^Unfold group/ }).click();
  await expect(d.node('split')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  await page.getByRole('button', { name: /^Ungroup/ }).click();
  await expect(frame).toHaveCount(0);
});

test('Tidy up lays unconnected nodes out along the data flow: sources left, evaluation right', async ({ page }) => {
  const d = new DesignerPage(page);
  await d.openFresh();
  // Added against the flow, and not connected.
  for (const type of ['evaluate-classifier', 'logistic-regression', 'train-test-split', 'dataset-source']) {
    await d.paletteItem(type).focus();
    await page.keyboard.press('Enter');
  }
  await expect.poll(() => page.evaluate(() => (window as unknown as Bridge).crispflow.store.getState().doc.nodes.length)).toBe(4);
  await d.toolbarButton('Tidy up').click();
  const xs = async () =>
    page.evaluate(() => {
      const doc = (window as unknown as { crispflow: { store: { getState(): { doc: { nodes: { id: string; position: { x: number } }[] } } } } }).crispflow.store.getState().doc;
      return Object.fromEntries(doc.nodes.map((n) => [n.id, n.position.x]));
    });
  await expect.poll(async () => {
    const x = await xs();
    return x['dataset-source'] < x['train-test-split'] && x['train-test-split'] < x['logistic-regression'] && x['logistic-regression'] < x['evaluate-classifier'];
  }).toBe(true);
});

test('the docs picture: the promotion template run, its metrics in the taller dock', async ({ page }) => {
  test.setTimeout(120_000);
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('promotion-baseline');
  await d.runAll();
  await expect(d.nodeStatus('evaluate')).toContainText('Done', { timeout: 60_000 });
  await d.select('evaluate');
  await expect(page.getByTestId('metrics-viewer')).toBeVisible();
  await expect(d.notices).toHaveCount(0, { timeout: 10_000 });
  await d.screenshot('usability-docs-picture');
});
