/**
 * The Monitoring view in a real browser (issue 15): a workspace whose registry holds a model audited
 * quarter by quarter with `crispflow monitor`; the studio's Models panel opens the model's Monitoring view:
 * the series as charts, the alerts of the drifted quarters, and which batch each point came from.
 */
import { expect, test } from '@playwright/test';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DesignerPage } from './pages/designer-page.ts';
import { startStudio, stopStudio } from './pages/studio-process.ts';

const root = path.resolve(import.meta.dirname, '..');
const base = mkdtempSync(path.join(os.tmpdir(), 'crispflow-monitoring-e2e-'));
const workspace = path.join(base, 'hr-team');
const keyFile = path.join(base, 'audit.key');
const samples = path.join(root, 'public', 'samples');
let studio: ChildProcess | undefined;
let studioUrl = '';

function crispflow(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/crispflow.mjs'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CRISPFLOW_AUDIT_KEY_FILE: keyFile } });
  return { code: r.status, stderr: r.stderr };
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const registry = path.join(workspace, 'registry');
  expect(crispflow(['run', path.join(root, 'src/monitoring/testing/capability-model.pipeline.json'), '--out', path.join(base, 'out'), '--registry', registry]).code).toBe(0);
  const m = crispflow(['monitor', 'Capability model@v1', '--registry', registry, '--data', path.join(samples, 'promotion_decisions.csv'), '--reference', path.join(samples, 'promotion.csv'), '--outcomes', path.join(samples, 'promotion_outcomes.csv'), '--period', 'decision_date', '--protected', 'group']);
  expect(m.code, m.stderr).toBe(4);
  ({ studio, url: studioUrl } = await startStudio(workspace, keyFile));
});

test.afterAll(async () => {
  await stopStudio(studio);
});

test('the Models panel opens a Monitoring view: charts, alerts of the drifted quarters, the batch of each point', async ({ page }) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(studioUrl);
  await new DesignerPage(page).dismissGallery();
  await page.getByRole('button', { name: 'Models' }).click();
  const models = page.getByRole('dialog', { name: 'Models' });
  await models.getByRole('button', { name: 'Monitoring' }).first().click();
  const view = models.getByTestId('monitoring-view');
  await expect(view.getByRole('heading', { name: 'Monitoring: Capability model' })).toBeVisible();
  await expect(view.getByTestId('monitoring-point')).toHaveCount(8);
  await expect(view.getByTestId('monitoring-point').first()).toContainText('promotion_decisions.csv');
  const alerts = view.getByTestId('monitoring-alerts');
  await expect(alerts).toContainText('v1 · 2025-Q3');
  await expect(alerts).toContainText('kpi_score');
  await expect(alerts).not.toContainText('2025-Q2');
  for (const id of ['monitoring-di', 'monitoring-psi', 'monitoring-outcomes']) await expect(view.getByTestId(id).locator('svg').first()).toBeVisible();
  expect(errors).toEqual([]);
});
