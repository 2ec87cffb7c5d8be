/**
 * The studio's workspace datasets reach the browser without the page's thread (issue 17): the import
 * worker fetches, parses and stores each file itself (the page's own resource timeline never holds a
 * workspace file), a file changed in the folder is copied again when the tab comes back into view, and a
 * copied dataset stays usable in this browser once the studio is gone (previewed from IndexedDB).
 */
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { DatasetsPage } from './pages/datasets-page.ts';
import { DesignerPage } from './pages/designer-page.ts';
import { startStudio, stopStudio } from './pages/studio-process.ts';

const base = mkdtempSync(path.join(os.tmpdir(), 'crispflow-studio-datasets-e2e-'));
const workspace = path.join(base, 'people-analytics');
const datasetsDir = path.join(workspace, 'datasets');
let studio: ChildProcess | undefined;
let studioUrl = '';

/** A CSV of `n` employees (enough rows that the copy is a real read, small enough for a quick test). */
function roster(n: number): string {
  const rows = Array.from({ length: n }, (_, i) => `E${String(i + 1).padStart(5, '0')},${['Sales', 'HR', 'Engineering'][i % 3]},${40_000 + (i % 97) * 500}`);
  return `employee_id,department,base_salary\n${rows.join('\n')}\n`;
}

test.beforeAll(async () => {
  mkdirSync(datasetsDir, { recursive: true });
  writeFileSync(path.join(datasetsDir, 'roster.csv'), roster(5000));
  writeFileSync(path.join(datasetsDir, 'headcount.csv'), 'department,headcount\nSales,12\nHR,3\n');
  ({ studio, url: studioUrl } = await startStudio(workspace, path.join(base, 'audit.key')));
});

test.afterAll(async () => {
  await stopStudio(studio);
});

test('workspace datasets are copied in the import worker, copied again when changed, and usable without the studio', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(studioUrl);
  await new DesignerPage(page).dismissGallery();
  await expect(page.getByTestId('studio-badge')).toHaveText('Studio: people-analytics');

  const datasets = new DatasetsPage(page);
  await datasets.open();
  await datasets.waitForDataset('roster.csv', 60_000);
  await expect(datasets.facts('roster.csv')).toContainText('5,000 rows', { timeout: 60_000 });
  await datasets.waitForDataset('headcount.csv', 60_000);
  await expect(datasets.facts('headcount.csv')).toContainText('2 rows', { timeout: 60_000 });
  // The page asked the studio for the list only; the files themselves were fetched by the worker.
  const pageFetched = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  expect(await pageFetched()).toContain('/api/datasets');
  expect((await pageFetched()).filter((p) => p.startsWith('/api/datasets/'))).toEqual([]);

  // The file changes in the workspace folder (a scheduled pull, a colleague's edit): back in view, the tab copies it again.
  writeFileSync(path.join(datasetsDir, 'headcount.csv'), 'department,headcount\nSales,12\nHR,3\nEngineering,40\n');
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect(datasets.facts('headcount.csv')).toContainText('3 rows', { timeout: 60_000 });
  expect((await pageFetched()).filter((p) => p.startsWith('/api/datasets/'))).toEqual([]);
  expect(errors).toEqual([]);

  // The studio stops: what was copied stays in this browser and opens from there.
  await stopStudio(studio);
  studio = undefined;
  const preview = await datasets.preview('headcount.csv');
  await expect(preview).toContainText('Engineering', { timeout: 60_000 });
});
