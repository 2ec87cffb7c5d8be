import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';
import { ResultsPage } from './pages/results-page.ts';

/** Serious and critical axe violations inside one panel. */
async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

test('attrition: run the template, read the SHAP view, open the manager view', async ({ page }) => {
  test.setTimeout(240_000);
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('attrition');
  // The template opens at a readable zoom with its sources in view; Fit view shows its last node too.
  await d.toolbarButton('Fit view').click();
  await expect(d.node('explain')).toBeVisible();
  await d.runAll();
  await expect(d.nodeStatus('explain')).toContainText('Done', { timeout: 180_000 });
  await expect(page.getByTestId('run-status')).toHaveText(/Last run finished/, { timeout: 60_000 });

  await d.select('explain');
  const results = new ResultsPage(page);
  const shap = results.dock.getByTestId('shap-view');
  await expect(shap).toBeVisible();
  // The charts are drawn (Observable Plot SVG) and a person's score is shown.
  await expect(shap.locator('svg').first()).toBeVisible();
  await d.screenshot('shap-view');
  await shap.getByRole('tab', { name: 'One person (waterfall)' }).click();
  await expect(shap.getByTestId('shap-person-score')).toHaveText(/^\d+(\.\d)?%$/);
  await expect(shap.getByTestId('shap-waterfall').locator('svg')).toBeVisible();
  await d.screenshot('shap-waterfall');

  // The boosting node's log (a tab after its outputs) says the trees grew with the WebAssembly kernels
  // in this browser's worker, not the JavaScript fallback.
  await d.select('train-gb');
  await results.dock.getByTestId('result-tab-log').click();
  await expect(results.dock.getByTestId('node-log')).toContainText('with the WebAssembly SIMD kernels');
  await d.screenshot('node-log');
  await d.select('explain');

  await page.getByTestId('open-manager-view').click();
  const manager = page.getByRole('dialog', { name: /Manager view/ });
  await expect(manager).toBeVisible();
  const rows = manager.locator('.cf-manager-table tbody tr');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(10);
  // Highest risk first, with reasons in plain words (no raw feature names with underscores).
  const risks = await rows.locator('td:nth-child(2)').allInnerTexts();
  const pcts = risks.slice(0, 10).map((t) => Number(/(\d+)%/.exec(t)?.[1]));
  expect(pcts).toEqual([...pcts].sort((a, b) => b - a));
  const reasons = await rows.locator('td:nth-child(3)').allInnerTexts();
  expect(reasons[0]).toMatch(/market|engagement|rating|years in the company|survey|salary/);
  expect(reasons.slice(0, 10).join(' ')).not.toMatch(/[a-z]_[a-z]/);
  // Read-only: no pipeline editing controls on the page.
  await expect(manager.getByRole('button', { name: /Run all|Delete|Undo/ })).toHaveCount(0);
  // A person's details with the what-if (the model and rows came from the explain node's inputs).
  await rows.first().getByRole('button').click();
  await expect(manager.getByTestId('manager-person')).toBeVisible();
  const whatIf = manager.getByTestId('manager-whatif');
  await expect(whatIf).toBeVisible();
  // The what-if's driver list reads in plain words too.
  expect((await whatIf.locator('option').allInnerTexts()).join(' ')).not.toMatch(/[a-z]_[a-z]/);
  await whatIf.getByTestId('manager-whatif-value').fill('1.3');
  await expect(whatIf.getByTestId('manager-whatif-result')).toContainText(/Risk \d+% → \d+%/);
  await d.screenshot('manager-view');
  expect(await seriousViolations(page, '[data-testid="manager-panel"]'), 'manager view').toEqual([]);
  await manager.getByRole('button', { name: 'Close' }).click();
  await expect(manager).toBeHidden();

  // The run was recorded: a model version and an audit entry whose chain verifies.
  await page.getByRole('button', { name: 'Models' }).click();
  const models = page.getByRole('dialog', { name: 'Models' });
  await expect(models.getByTestId('model-version').first()).toBeVisible();
  expect(await seriousViolations(page, '[data-testid="models-panel"]'), 'models panel').toEqual([]);
  await d.screenshot('model-versions');
  await models.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Audit log' }).click();
  const audit = page.getByRole('dialog', { name: 'Audit log' });
  // Newest first: the model version registered after the run, then the run itself.
  await expect(audit.getByTestId('audit-entry').first()).toContainText(/model.*v\d+ registered/);
  await expect(audit.getByTestId('audit-entry').filter({ has: page.getByRole('cell', { name: 'run', exact: true }) }).first()).toContainText('run ok');
  await audit.getByTestId('audit-verify').click();
  await expect(audit.getByTestId('audit-result')).toContainText('Intact');
  expect(await seriousViolations(page, '[data-testid="audit-panel"]'), 'audit panel').toEqual([]);
  await d.screenshot('audit-log');
});

test('resume screening: run to the keyword-bias report and read the term view', async ({ page }) => {
  test.setTimeout(180_000);
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('resume-screening');
  await expect(d.node('keyword-bias')).toBeVisible();
  await d.select('keyword-bias');
  await d.runToHere();
  await expect(d.nodeStatus('keyword-bias')).toContainText('Done', { timeout: 150_000 });
  const term = new ResultsPage(page).dock.getByTestId('term-view');
  await expect(term).toBeVisible();
  await expect(term.getByTestId('term-view-outcomes').first()).toBeVisible();
  await expect(term.getByTestId('term-view-proxies').first()).toBeVisible();
  await d.screenshot('term-view');
});

test('a pipeline stopped in the review queue refuses to run its review step', async ({ page }) => {
  test.setTimeout(120_000);
  const d = new DesignerPage(page);
  await d.runPromotionToReview();

  const queue = await d.openReviewQueue();
  await queue.getByTestId('reviewer-name').fill('Ana');
  await queue.getByTestId('stop-open').click();
  await queue.getByTestId('stop-reason').fill('Group B is under-selected');
  await queue.getByTestId('stop-confirm').click();
  await expect(queue.getByTestId('halted')).toContainText('Group B is under-selected');

  // The next run hands the halt to the review node, which fails with who stopped it and why.
  await d.runAll();
  await expect(d.node('human-review').locator('.cf-card-error')).toContainText(/stopped by Ana.*Group B is under-selected/, { timeout: 60_000 });
});
