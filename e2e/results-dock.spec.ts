import { expect, test, type Locator, type Page } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';

/** The results dock's splitter: pointer drag, keyboard, limits, double-click reset, kept after a reload. */

function splitter(page: Page): Locator {
  return page.getByRole('separator', { name: 'Resize results panel' });
}

async function valueNow(handle: Locator): Promise<number> {
  return Number(await handle.getAttribute('aria-valuenow'));
}

async function boxHeight(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element not visible');
  return box.height;
}

test('the results dock resizes by drag and keyboard, within limits, and keeps its height', async ({ page }) => {
  const d = new DesignerPage(page);
  await d.openFresh();
  const handle = splitter(page);
  const dock = page.locator('#cf-results-region');
  await expect(handle).toBeVisible();
  await expect(handle).toHaveAttribute('aria-orientation', 'horizontal');
  await expect(handle).toHaveAttribute('aria-valuemin', '120');
  await expect(handle).toHaveAttribute('aria-valuenow', '380');
  expect(await boxHeight(dock)).toBeCloseTo(380, 0);
  const canvasBefore = await boxHeight(d.canvas);

  // Drag up by 120px: the dock grows by as much and the canvas shrinks by as much.
  const box = await handle.boundingBox();
  if (!box) throw new Error('splitter not visible');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y - 60, { steps: 4 });
  await page.mouse.move(x, y - 120, { steps: 4 });
  await page.mouse.up();
  await expect(handle).toHaveAttribute('aria-valuenow', '500');
  expect(await boxHeight(dock)).toBeCloseTo(500, 0);
  expect(await boxHeight(d.canvas)).toBeCloseTo(canvasBefore - 120, 0);

  // Keyboard: 16px per arrow press, Home/End to the limits.
  await handle.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(handle).toHaveAttribute('aria-valuenow', '468');
  await page.keyboard.press('ArrowUp');
  await expect(handle).toHaveAttribute('aria-valuenow', '484');
  expect(await boxHeight(dock)).toBeCloseTo(484, 0);
  await page.keyboard.press('Home');
  await expect(handle).toHaveAttribute('aria-valuenow', '120');
  expect(await boxHeight(dock)).toBeCloseTo(120, 0);
  await page.keyboard.press('End');
  const max = Number(await handle.getAttribute('aria-valuemax'));
  expect(await valueNow(handle)).toBe(max);
  expect(await boxHeight(dock)).toBeCloseTo(max, 0);
  // At the largest dock the canvas keeps its minimum height.
  expect(await boxHeight(d.canvas)).toBeGreaterThanOrEqual(159);

  // A drag far past the top stops at the limit too.
  await page.keyboard.press('Home');
  const top = await handle.boundingBox();
  if (!top) throw new Error('splitter not visible');
  await page.mouse.move(x, top.y + top.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, 5, { steps: 6 });
  await page.mouse.up();
  await expect(handle).toHaveAttribute('aria-valuenow', String(max));

  // The chosen height survives a reload.
  await handle.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(handle).toHaveAttribute('aria-valuenow', '152');
  await page.reload();
  await d.dismissGallery();
  await expect(splitter(page)).toHaveAttribute('aria-valuenow', '152');
  expect(await boxHeight(dock)).toBeCloseTo(152, 0);

  // Hiding and showing the results keeps it as well; a double-click brings back the default.
  await page.getByRole('button', { name: 'Hide results' }).click();
  await expect(splitter(page)).toHaveCount(0);
  await page.getByRole('button', { name: 'Show results' }).click();
  await expect(splitter(page)).toHaveAttribute('aria-valuenow', '152');
  await splitter(page).dblclick();
  await expect(splitter(page)).toHaveAttribute('aria-valuenow', '380');
  expect(await boxHeight(dock)).toBeCloseTo(380, 0);
});

test('a short window keeps both canvas and dock usable', async ({ page }) => {
  const d = new DesignerPage(page);
  await d.openFresh();
  await splitter(page).focus();
  await page.keyboard.press('End');
  await page.setViewportSize({ width: 1280, height: 520 });
  const handle = splitter(page);
  // The limits follow the window: the dock shrinks so the canvas keeps its minimum.
  await expect.poll(async () => boxHeight(d.canvas)).toBeGreaterThanOrEqual(159);
  const max = Number(await handle.getAttribute('aria-valuemax'));
  expect(await valueNow(handle)).toBe(max);
  expect(await boxHeight(page.locator('#cf-results-region'))).toBeGreaterThanOrEqual(120);
  await d.screenshot('results-dock-short-window');
});
