/**
 * The Crispflow studio in a real browser: `crispflow studio` (the real CLI) on a free port over a fresh
 * workspace; the page opened with the printed token shows the studio badge, an uploaded dataset lands in
 * the workspace folder, and a model trained in the designer on it is registered in the workspace registry,
 * where the crispflow command sees it (registry.json, `crispflow audit verify`).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatasetsPage } from './pages/datasets-page.ts';
import { DesignerPage } from './pages/designer-page.ts';
import { startStudio, stopStudio } from './pages/studio-process.ts';

const root = path.resolve(import.meta.dirname, '..');
const base = mkdtempSync(path.join(os.tmpdir(), 'crispflow-studio-e2e-'));
const workspace = path.join(base, 'hr-team');
const keyFile = path.join(base, 'audit.key');
let studio: ChildProcess | undefined;
let studioUrl = '';

function crispflow(args: string[]) {
  return spawnSync(process.execPath, [path.join(root, 'bin/crispflow.mjs'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CRISPFLOW_AUDIT_KEY_FILE: keyFile } });
}

test.beforeAll(async () => {
  // A file put in the workspace by hand (or by a scheduled pull) before the studio starts.
  const { mkdirSync } = await import('node:fs');
  mkdirSync(path.join(workspace, 'datasets'), { recursive: true });
  writeFileSync(path.join(workspace, 'datasets', 'headcount.csv'), 'department,headcount\nSales,12\nHR,3\n');
  ({ studio, url: studioUrl } = await startStudio(workspace, keyFile));
});

test.afterAll(async () => {
  await stopStudio(studio);
});

test('the built index.html carries the CSP as a meta element (kept by any static host)', () => {
  const html = readFileSync(path.join(root, 'dist', 'index.html'), 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  expect(meta, 'CSP meta in dist/index.html').not.toBeNull();
  const policy = meta![1].replace(/&#39;/g, "'");
  expect(policy).toContain("connect-src 'self'");
  expect(policy).toContain("default-src 'self'");
  expect(policy).not.toContain('frame-ancestors'); // ignored in meta; the studio sends it as a header
  // Before any script: a meta policy only governs what comes after it.
  expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
});

test('studio mode: token from the URL, badge, workspace datasets, a designer model the CLI sees', async ({ page }) => {
  test.setTimeout(150_000);
  const origin = new URL(studioUrl).origin;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const res = await page.goto(studioUrl);
  expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(res?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  const d = new DesignerPage(page);
  await d.dismissGallery();
  await expect(page.getByTestId('studio-badge')).toHaveText('Studio: hr-team');
  // The token left the address bar (it stays in this tab's session storage for the API calls).
  expect(page.url()).toBe(`${origin}/`);
  expect(await page.evaluate(() => sessionStorage.getItem('crispflow.studio.token'))).toBe(new URL(studioUrl).searchParams.get('token'));
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);

  const datasets = new DatasetsPage(page);
  await datasets.open();
  // The file that was already in the workspace folder is listed (copied into the browser's working copy).
  await datasets.waitForDataset('headcount.csv');
  await expect(datasets.facts('headcount.csv')).toContainText('2 rows');

  // Upload: the file lands in the workspace folder, byte for byte.
  // This year's file: the sample without its last 50 employees (other data than the CLI's run below uses).
  const lines = readFileSync(path.join(root, 'public', 'samples', 'promotion.csv'), 'utf8').trimEnd().split('\n');
  const promotion = Buffer.from(lines.slice(0, -50).join('\n') + '\n');
  await datasets.upload({ name: 'promotion-2026.csv', mimeType: 'text/csv', buffer: promotion });
  await datasets.waitForDataset('promotion-2026.csv');
  await expect.poll(() => existsSync(path.join(workspace, 'datasets', 'promotion-2026.csv')), { timeout: 30_000 }).toBe(true);
  expect(readFileSync(path.join(workspace, 'datasets', 'promotion-2026.csv')).equals(promotion)).toBe(true);

  // Train on it in the designer: the model version goes to the workspace registry.
  await page.getByRole('button', { name: 'Templates' }).click();
  await d.chooseTemplate('promotion-baseline');
  await d.select('source');
  await d.setSelect('source', 'upload');
  await d.setText('name', 'promotion-2026.csv');
  await d.runAll();
  await expect(d.nodeStatus('evaluate')).toContainText('Done', { timeout: 90_000 });
  const registryFile = path.join(workspace, 'registry', 'registry.json');
  await expect.poll(() => existsSync(registryFile), { timeout: 30_000 }).toBe(true);
  const versions = JSON.parse(readFileSync(registryFile, 'utf8')).versions as Array<{ name: string; version: number; pipeline?: { name: string } }>;
  expect(versions.length).toBeGreaterThan(0);
  expect(versions[0].version).toBe(1);
  // The crispflow command accepts the registry's authenticated audit log…
  const verify = crispflow(['audit', 'verify', path.join(workspace, 'registry', 'audit.jsonl')]);
  expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  // …and a CLI run (on the full sample) on the same workspace registry continues the designer's numbering.
  const cliRun = crispflow(['run', path.join(root, 'examples', 'promotion-baseline.pipeline.json'), '--out', path.join(base, 'out'), '--registry', path.join(workspace, 'registry')]);
  expect(cliRun.status, cliRun.stderr).toBe(0);
  const after = JSON.parse(readFileSync(registryFile, 'utf8')).versions as Array<{ name: string; version: number }>;
  expect(after.length).toBe(versions.length + 1);
  expect(after.at(-1)).toMatchObject({ name: versions[0].name, version: 2 });
  // The run record is kept in the workspace too.
  expect(readdirSync(path.join(workspace, 'runs')).filter((f) => f.endsWith('.json')).length).toBe(1);

  // The Models panel lists the workspace registry: the designer's version and the CLI's.
  await page.getByRole('button', { name: 'Models' }).click();
  const models = page.getByRole('dialog', { name: 'Models' });
  await expect(models.getByTestId('model-versions-source')).toContainText('hr-team');
  await expect(models.getByTestId('model-version')).toHaveCount(after.length);
  await models.getByRole('button', { name: 'Close' }).click();

  // The badge opens the workspace's run records.
  await page.getByTestId('studio-badge').click();
  await expect(page.getByTestId('studio-runs').locator('li')).toHaveCount(1);
  await page.getByTestId('studio-runs').getByRole('button').first().click();
  await expect(page.getByRole('dialog', { name: 'Studio workspace' }).locator('pre')).toContainText('"status": "ok"');
  const axe = await new AxeBuilder({ page }).include('.cf-header').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  expect(errors).toEqual([]);
});

test('without the token the page is in browser-only mode and the API refuses it', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const origin = new URL(studioUrl).origin;
  await page.goto(`${origin}/`);
  await new DesignerPage(page).dismissGallery();
  await expect(page.getByTestId('studio-badge')).toHaveText('Browser only');
  await expect(page.getByTestId('studio-badge')).toHaveAttribute('title', /no valid session token/);
  const status = await page.evaluate(() => fetch('/api/datasets').then((r) => r.status));
  expect(status).toBe(401);
  await context.close();
});
