/**
 * Issue 19 (part A): the designer from the keyboard alone: skip link, no invisible focus stops,
 * a short way past the palette, quick add, connecting ports, the shortcut sheet, progress bars.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';

type Bridge = {
  crispflow: {
    store: {
      getState(): {
        doc: { nodes: { id: string }[]; edges: { from: { node: string; port: string }; to: { node: string; port: string } }[] };
        setNodeRun(id: string, s: { status: string; progress?: number }): void;
        beginRun(ids: string[]): void;
      };
    };
  };
};

const nodeIds = (page: Page) => page.evaluate(() => (window as unknown as Bridge).crispflow.store.getState().doc.nodes.map((n) => n.id));

async function violations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** What has the focus: its test id, label or tag, whether it can be seen, and whether it is on the canvas. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // An SVG edge can be a straight line: one of its sides is then 0.
    const visible = (r.width > 0 || r.height > 0) && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight && style.visibility !== 'hidden' && style.opacity !== '0';
    return {
      name: el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? el.tagName,
      tag: el.tagName,
      visible,
      inCanvas: !!el.closest('#cf-canvas-region'),
      inPalette: !!el.closest('.cf-palette'),
    };
  });
}

test('the first Tab stop is a visible skip link to the canvas, and every stop before the canvas can be seen', async ({ page }) => {
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('promotion-baseline');
  await expect(d.node('evaluate')).toBeVisible();
  await page.reload();
  await expect(d.node('evaluate')).toBeVisible();
  await page.keyboard.press('Tab');
  const first = await focused(page);
  expect(first?.name).toBe('Skip to canvas');
  expect(first?.visible).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.locator('#cf-canvas-region')).toBeFocused();

  // From the top, Tab to the canvas: every stop visible, the palette one stop, the canvas soon.
  await page.reload();
  await expect(d.node('evaluate')).toBeVisible();
  let paletteStops = 0;
  let stops = 0;
  for (; stops < 40; stops++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    expect(f, `Tab stop ${stops + 1}`).not.toBeNull();
    expect(f!.visible, `Tab stop ${stops + 1} (${f!.tag} ${f!.name}) can be seen`).toBe(true);
    if (f!.inPalette && f!.tag === 'BUTTON') paletteStops++;
    if (f!.inCanvas) break;
  }
  expect(paletteStops).toBe(1);
  expect(stops).toBeLessThan(30);
});

test('palette items are one Tab stop; the arrow keys move between them', async ({ page }) => {
  const d = new DesignerPage(page);
  await d.openFresh();
  const items = page.locator('.cf-palette-item');
  await items.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(1)).toBeFocused();
  await expect(items.nth(1)).toHaveAttribute('tabindex', '0');
  await expect(items.first()).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('End');
  await expect(items.last()).toBeFocused();
  await page.keyboard.press('Home');
  await expect(items.first()).toBeFocused();
});

test('"?" shows the shortcut sheet', async ({ page }) => {
  const d = new DesignerPage(page);
  await d.openFresh();
  await page.keyboard.press('?');
  const sheet = page.getByTestId('shortcut-sheet');
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole('row')).toHaveCount(13);
  await expect(sheet).toContainText('Quick add');
  expect(await violations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await page.getByTestId('shortcuts-button').click();
  await expect(sheet).toBeVisible();
});

test('quick add opens with "/", a double-click or a right-click on the canvas, and adds the chosen node there', async ({ page }) => {
  const d = new DesignerPage(page);
  await d.openFresh();
  await page.keyboard.press('/');
  const dialog = page.getByTestId('quick-add');
  await expect(dialog).toBeVisible();
  await page.keyboard.type('dataset');
  await expect(dialog.getByRole('option').first()).toHaveAttribute('data-node-type', 'dataset-source');
  expect(await violations(page)).toEqual([]);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect.poll(() => nodeIds(page)).toEqual(['dataset-source']);

  // Double-click on the empty canvas: the node lands where the pointer was.
  const box = (await d.canvas.boundingBox())!;
  await page.mouse.dblclick(box.x + 120, box.y + box.height / 2);
  await expect(dialog).toBeVisible();
  await page.keyboard.type('split');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect.poll(() => nodeIds(page)).toEqual(['dataset-source', 'train-test-split']);
  const card = (await d.node('train-test-split').boundingBox())!;
  expect(Math.abs(card.x - (box.x + 120))).toBeLessThan(40);

  await page.mouse.click(box.x + 80, box.y + box.height - 40, { button: 'right' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('ports connect from the keyboard: choose an output, then an input; the result is announced', async ({ page }) => {
  const d = new DesignerPage(page);
  await d.openFresh();
  await d.addWithKeyboard('dataset-source');
  await page.keyboard.press('/');
  await expect(page.getByTestId('quick-add')).toBeVisible();
  await page.keyboard.type('train/test');
  await page.keyboard.press('Enter');
  await expect.poll(() => nodeIds(page)).toEqual(['dataset-source', 'train-test-split']);
  await d.select('dataset-source');
  await page.locator('body').press('c');
  const dialog = page.getByTestId('connect-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('1. Output of this node')).toBeFocused();
  await expect(dialog.getByLabel('2. Input it feeds')).toHaveValue('train-test-split\u0000table');
  expect(await violations(page)).toEqual([]);
  await dialog.getByLabel('2. Input it feeds').focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const edges = await page.evaluate(() => (window as unknown as Bridge).crispflow.store.getState().doc.edges);
  expect(edges).toEqual([{ from: { node: 'dataset-source', port: 'table' }, to: { node: 'train-test-split', port: 'table' } }]);
  await expect(page.locator('.cf-toasts[aria-live="polite"]')).toContainText('Connected Dataset · Table to Train/test split · Table');
  // The input is taken now: a second try offers nothing and cannot connect.
  await d.select('dataset-source');
  await page.locator('body').press('c');
  await expect(dialog).toContainText('No input on another node accepts this output');
  await expect(dialog.getByRole('button', { name: 'Connect' })).toBeDisabled();
});

test('a running node shows an accessible progress bar, also on compact cards', async ({ page }) => {
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('promotion-baseline');
  await expect(d.node('train-lr')).toBeVisible();
  await page.evaluate(() => {
    const st = (window as unknown as Bridge).crispflow.store.getState();
    st.beginRun(['train-lr']);
    st.setNodeRun('train-lr', { status: 'running', progress: 0.42 });
  });
  const bar = d.node('train-lr').getByRole('progressbar');
  await expect(bar).toHaveAttribute('aria-valuenow', '42');
  await expect(bar).toHaveAccessibleName(/progress/);
  await expect(bar).toBeVisible();
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Zoom Out' }).click();
  await expect(d.canvas).toHaveClass(/cf-canvas-compact/);
  await expect(bar).toBeVisible();
  expect(await violations(page)).toEqual([]);
});
