/**
 * Node packages from a studio's workspace settings, in a real browser: `crispflow studio` (the real CLI)
 * over a workspace whose crispflow-workspace.json names examples/node-package and a package that cannot
 * run in a browser. The designer opened with the token lists the example's node in the palette tagged as an
 * extension and the broken package with its reason; the node is added, wired to a workspace dataset, run in
 * the worker pool, and its result (compa-ratios against the department median) is read back exactly.
 */
import { expect, test, type Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DesignerPage } from './pages/designer-page.ts';
import { ResultsPage } from './pages/results-page.ts';
import { startStudio, stopStudio } from './pages/studio-process.ts';

const root = path.resolve(import.meta.dirname, '..');
const base = mkdtempSync(path.join(os.tmpdir(), 'crispflow-studio-packages-e2e-'));
const workspace = path.join(base, 'pay-team');
let studio: ChildProcess | undefined;
let studioUrl = '';

// Two departments: Sales' median pay is 120,000, HR's 90,000.
const PAY_CSV = 'employee_id,department,base_salary\nE1,Sales,100000\nE2,Sales,120000\nE3,Sales,150000\nE4,HR,80000\nE5,HR,100000\n';

async function closeNotices(page: Page): Promise<void> {
  // The "Added …" notices sit over the top of the canvas: close them as a person would.
  const closers = page.getByTestId('notice').getByRole('button');
  for (let k = await closers.count(); k > 0; k--) await closers.first().click();
  await expect(page.getByTestId('notice')).toHaveCount(0);
}

test.beforeAll(async () => {
  // A package whose entry imports an npm name: fine for the CLI, impossible for a browser as it is.
  const broken = path.join(base, 'bare-import-nodes');
  mkdirSync(broken, { recursive: true });
  writeFileSync(path.join(broken, 'package.json'), JSON.stringify({ name: 'bare-import-nodes', version: '0.1.0', type: 'module', crispflow: { nodeApi: '1', nodes: './index.js' } }));
  writeFileSync(path.join(broken, 'index.js'), "import { sum } from 'lodash-es';\nexport default () => [];\n");
  mkdirSync(path.join(workspace, 'datasets'), { recursive: true });
  writeFileSync(path.join(workspace, 'datasets', 'pay.csv'), PAY_CSV);
  writeFileSync(
    path.join(workspace, 'crispflow-workspace.json'),
    JSON.stringify({ format: 'crispflow-workspace/1', nodePackages: [path.relative(workspace, path.join(root, 'examples', 'node-package')), '../bare-import-nodes'] }, null, 2),
  );
  ({ studio, url: studioUrl } = await startStudio(workspace, path.join(base, 'audit.key')));
});

test.afterAll(async () => {
  await stopStudio(studio);
});

test('a workspace node package in the palette as an extension, run in the worker with its real result', async ({ page }) => {
  test.setTimeout(150_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(studioUrl);
  const d = new DesignerPage(page);
  await d.dismissGallery();
  await expect(page.getByTestId('studio-badge')).toHaveText('Studio: pay-team');

  // The package's node, tagged as an extension naming the package; the built-in nodes are all there.
  const item = d.paletteItem('pay-compa-ratio');
  await expect(item).toBeVisible({ timeout: 30_000 });
  await expect(item).toHaveAttribute('data-extension', 'crispflow-nodes-pay-equity');
  await expect(item.locator('.cf-palette-extension')).toHaveText('extension');
  await expect(item.locator('.cf-palette-extension')).toHaveAttribute('title', 'Extension from crispflow-nodes-pay-equity 1.0.0');
  await expect(d.paletteItem('dataset-source')).toBeVisible();
  await expect(d.paletteItem('join')).toHaveCount(1);
  // The package that cannot run in a browser is listed with its name and reason.
  await expect(d.palette.locator('.cf-palette-problems')).toContainText(
    'Node package "bare-import-nodes" was not loaded: it cannot run in the browser as it is: index.js:1 imports "lodash-es", a bare module name, which a browser cannot resolve',
  );

  // A source reading the workspace dataset, then the extension node, both from the palette, wired and set up.
  await d.dragFromPalette('dataset-source', { x: 120, y: 150 });
  await closeNotices(page);
  await d.select('dataset-source');
  await d.setSelect('source', 'upload');
  await d.setText('name', 'pay.csv');
  await d.dragFromPalette('pay-compa-ratio', { x: 560, y: 150 });
  await closeNotices(page);
  expect(await d.nodeIds()).toEqual(['dataset-source', 'pay-compa-ratio']);
  const sourceId = 'dataset-source';
  await d.connect({ node: sourceId, port: 'table' }, { node: 'pay-compa-ratio', port: 'table' });
  await expect.poll(() => d.edgeCount()).toBe(1);
  await d.select('pay-compa-ratio');
  // The column pickers know the dataset's columns (once the workspace dataset reached the browser) before any run.
  await expect(d.param('pay').locator('option', { hasText: 'base_salary' })).toHaveCount(1, { timeout: 30_000 });
  await d.setSelect('pay', 'base_salary');
  await d.setColumns('groupBy', ['department']);
  await expect(d.canvas.getByTestId('node-problem')).toHaveCount(0);

  // Run: the step runs in a pool worker, which imported the same package.
  await d.runAll();
  await expect(d.nodeStatus('pay-compa-ratio')).toContainText('Done', { timeout: 90_000 });
  await d.select('pay-compa-ratio');
  const results = new ResultsPage(page);
  await results.openTab('table');
  const { text } = await results.downloadCsv();
  const [header, ...rows] = text.trim().split(/\r?\n/);
  const cols = header.split(',');
  const ratio = cols.indexOf('compa_ratio');
  const band = cols.indexOf('compa_ratio_band');
  expect(ratio).toBeGreaterThan(-1);
  const got = Object.fromEntries(rows.map((r) => r.split(',')).map((c) => [c[cols.indexOf('employee_id')], [Number(c[ratio]), c[band]]]));
  const expected: Record<string, [number, string]> = {
    E1: [100000 / 120000, 'below'],
    E2: [1, 'within'],
    E3: [150000 / 120000, 'above'],
    E4: [80000 / 90000, 'below'],
    E5: [100000 / 90000, 'above'],
  };
  expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
  for (const [id, [value, label]] of Object.entries(expected)) {
    expect(got[id][0], id).toBeCloseTo(value, 6);
    expect(got[id][1], id).toBe(label);
  }
  expect(errors).toEqual([]);
});
