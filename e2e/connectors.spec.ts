/**
 * Live HR data in a real browser: `crispflow studio` over a fresh workspace and a local BambooHR stand-in
 * (src/connectors/testing, answering as BambooHR's API does) serving the sample employees through a custom
 * report. In the Connections dialog: add the connection with its API key, test it, preview the fields, map
 * them to the employees table, save, pull a snapshot and copy it to the canvas; then the attrition template
 * runs with its employees source on that snapshot. The key is in no page, answer or workspace file but
 * the owner-only secrets file.
 */
import { expect, test } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBambooStandIn } from '../src/connectors/testing/bamboohr-stand-in.ts';
import type { StandInEmployee } from '../src/connectors/testing/hr-data.ts';
import type { StandIn } from '../src/connectors/testing/stand-in-server.ts';
import { DesignerPage } from './pages/designer-page.ts';
import { startStudio, stopStudio } from './pages/studio-process.ts';

const root = path.resolve(import.meta.dirname, '..');
const base = mkdtempSync(path.join(os.tmpdir(), 'crispflow-connectors-e2e-'));
const workspace = path.join(base, 'hr-live');
const KEY = 'e2e-bamboo-key-3c9a71f0b2';
let studio: ChildProcess | undefined;
let studioUrl = '';
let bamboo: StandIn;

/** The sample employees as BambooHR would hold them. */
function sampleEmployees(): StandInEmployee[] {
  const [, ...lines] = readFileSync(path.join(root, 'public', 'samples', 'employees.csv'), 'utf8').trim().split('\n');
  return lines.map((l) => {
    const [id, department, gender, age, hireDate, location] = l.split(',');
    return { id, displayName: `Employee ${id}`, department, gender, age: Number(age), hireDate, location, salary: 0 };
  });
}

function allFiles(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(path.join(d, e.name)) : [path.join(d, e.name)]));
}

test.beforeAll(async () => {
  bamboo = await startBambooStandIn({ company: 'acme', apiKey: KEY, employees: sampleEmployees() });
  ({ studio, url: studioUrl } = await startStudio(workspace, path.join(base, 'audit.key')));
});

test.afterAll(async () => {
  await stopStudio(studio);
  await bamboo?.close();
});

test('connect BambooHR, map, pull, and run the attrition template on the snapshot', async ({ page }) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const answers: string[] = [];
  page.on('response', async (r) => {
    if (r.url().includes('/api/')) answers.push(await r.text().catch(() => ''));
  });
  await page.goto(studioUrl);
  const d = new DesignerPage(page);
  await d.dismissGallery();
  await expect(page.getByTestId('studio-badge')).toHaveText('Studio: hr-live');

  await page.getByTestId('connections-button').click();
  const dialog = page.getByRole('dialog', { name: 'Connections' });
  const status = dialog.getByTestId('connections-status');
  await dialog.getByLabel('Name').fill('bamboo');
  await dialog.getByLabel('Connector').selectOption('bamboohr');
  await dialog.getByLabel('Company subdomain *').fill('acme');
  await dialog.getByLabel('Data').selectOption('report');
  await dialog.getByLabel('Report fields').fill('id, department, gender, age, hireDate, location');
  await dialog.getByLabel('API host').fill(bamboo.url);
  await dialog.getByLabel('API key *').fill(KEY);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(status).toHaveText('Saved "bamboo".');
  await expect(dialog.getByLabel('API key *')).toHaveAttribute('placeholder', 'set (type to replace)');
  await expect(dialog.getByLabel('API key *')).toHaveValue('');

  await dialog.getByRole('button', { name: 'Test' }).click();
  await expect(status).toHaveText('Connected: the custom report answered; read the first 5 records with 6 fields.');
  await dialog.getByRole('button', { name: 'Preview fields' }).click();
  await expect(dialog.getByTestId('connection-fields').locator('tbody tr')).toHaveCount(6);
  await expect(dialog.getByTestId('connection-fields')).toContainText('hireDate');
  await dialog.getByLabel('Canonical table').selectOption('employees');
  // The proposed mapping, from the field names.
  await expect(dialog.getByLabel(/^hire_date/)).toHaveValue('hireDate');
  await expect(dialog.getByLabel(/^employee_id/)).toHaveValue('id');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(status).toHaveText('Saved "bamboo".');
  await dialog.getByRole('button', { name: 'Pull' }).click();
  await expect(status).toContainText('Pulled 2,000 rows into snapshot', { timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Use on canvas' }).click();
  await expect(status).toContainText('The latest snapshot is now the dataset "snapshot:bamboo/latest"', { timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The snapshot in the workspace: mapped columns, the mapping recorded.
  const snapDir = path.join(workspace, 'snapshots', 'bamboo');
  const [id] = readdirSync(snapDir).filter((n) => !n.startsWith('.'));
  expect(readFileSync(path.join(snapDir, id, 'data.csv'), 'utf8')).toBe(readFileSync(path.join(root, 'public', 'samples', 'employees.csv'), 'utf8').replace(/\r\n/g, '\n'));
  expect(JSON.parse(readFileSync(path.join(snapDir, id, 'meta.json'), 'utf8'))).toMatchObject({ rows: 2000, table: 'employees' });

  // The attrition template with its employees from the snapshot.
  await page.getByRole('button', { name: 'Templates' }).click();
  await d.chooseTemplate('attrition');
  await d.select('employees');
  await d.setSelect('source', 'upload');
  await d.setText('name', 'snapshot:bamboo/latest');
  await d.runAll();
  // The template opens at a readable zoom with its sources in view; Fit view brings its last node on screen.
  await d.toolbarButton('Fit view').click();
  await expect(d.nodeStatus('explain')).toContainText('Done', { timeout: 240_000 });
  await expect(d.nodeStatus('employees')).toContainText('Done');

  // The key only in the owner-only secrets file.
  const secrets = path.join(workspace, 'secrets.json');
  expect(statSync(secrets).mode & 0o777).toBe(0o600);
  const files = allFiles(workspace).filter((f) => f !== secrets && !f.endsWith('.key'));
  const texts = [...files.map((f) => readFileSync(f, 'utf8')), ...answers, await page.content()];
  for (const t of texts) expect(t.includes(KEY)).toBe(false);
  expect(errors).toEqual([]);
});
