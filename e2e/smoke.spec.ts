import { expect, test } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';

test('the designer opens with the template gallery and an empty canvas', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto('/');
  await expect(page.getByRole('dialog', { name: 'Start a pipeline' })).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/gallery.png' });
  const d = new DesignerPage(page);
  await d.dismissGallery();
  await expect(page.getByText('Start your pipeline')).toBeVisible();
  await expect(d.paletteItem('dataset-source')).toBeVisible();
  await d.screenshot('empty-canvas');
  expect(errors).toEqual([]);
});
