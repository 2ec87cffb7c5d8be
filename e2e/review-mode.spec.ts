import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';

/**
 * Review mode (issue 19): the promotion template runs to its human-review panel (a few hundred people);
 * the full-screen review mode filters, decides with j/k/a/o/u, bulk-accepts, bulk-overrides with a
 * four-eyes confirmation (refused with the same name, accepted with a second one), reaches N of N,
 * continues the run, and the audit log shows the bulk entries. A second test measures keypress to
 * next case with 1,000 cases (printed for BENCHMARKS.md).
 */

async function openReviewMode(page: Page, queue: Locator): Promise<Locator> {
  await queue.getByTestId('review-mode-open').click();
  const mode = page.getByTestId('review-mode');
  await expect(mode).toBeVisible();
  await expect(mode.getByTestId('review-mode-list')).toBeFocused();
  return mode;
}

/**
 * Waits until the review node waits for people. A run that fails or stalls before that is reported
 * with every node's status (and the failed nodes' errors), so a hang says where it stopped.
 */
async function waitForReview(d: DesignerPage, nodeId: string, timeout: number): Promise<void> {
  const statuses = async () => {
    const cards = d.canvas.locator('[data-testid="node-card"]');
    const ids = await cards.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-node-id')}: ${e.querySelector('[data-testid="node-status"]')?.textContent ?? '?'}`));
    const errors = await cards.filter({ has: d.page.locator('.cf-card-error') }).allTextContents();
    return `${ids.join(', ')}${errors.length ? `; errors: ${errors.join(' | ')}` : ''}`;
  };
  try {
    await expect(d.nodeStatus(nodeId)).toContainText(/Waiting for review|Error/, { timeout });
  } catch {
    throw new Error(`The run did not reach review within ${timeout / 1000} s. Nodes: ${await statuses()}`);
  }
  if ((await d.nodeStatus(nodeId).textContent())?.includes('Error')) throw new Error(`The run failed before review. Nodes: ${await statuses()}`);
}

/** How many cases the filters leave listed. */
const totalOf = async (mode: Locator) => Number(/^(\d+) of \d+ cases shown/.exec((await mode.getByTestId('review-mode-count').textContent()) ?? '')?.[1]);
/** Waits until every listed row is in this group (the list and the count render together). */
const onlyGroup = (mode: Locator, group: string) => expect(mode.locator('.cf-rm-row .cf-rm-group').filter({ hasNotText: new RegExp(`^${group}$`) })).toHaveCount(0);
const currentId = (mode: Locator) => mode.getByTestId('review-mode-detail').getAttribute('data-item-id');

test('review mode: filter, decide with the keyboard, bulk accept, four-eyes bulk override, continue, audit', async ({ page }) => {
  test.setTimeout(300_000);
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('promotion');
  await d.toolbarButton('Fit view').click();
  await expect(d.node('panel-review')).toBeVisible();
  await d.select('panel-review');
  // Bulk decisions need the scores visible (a queue that hides them asks for one assessment per person).
  await d.param('hideScore').uncheck();
  await expect(d.param('hideScore')).not.toBeChecked();
  await d.runToHere();
  await waitForReview(d, 'panel-review', 240_000);

  const queue = page.getByTestId('review-queue');
  await expect(queue).toBeVisible();
  await queue.getByTestId('reviewer-name').fill('Ana');

  // Opens full-screen, Escape leaves and gives the focus back to the button.
  let mode = await openReviewMode(page, queue);
  await page.keyboard.press('Escape');
  await expect(mode).toBeHidden();
  await expect(queue.getByTestId('review-mode-open')).toBeFocused();
  mode = await openReviewMode(page, queue);

  const n = await totalOf(mode);
  expect(n).toBeGreaterThan(100);
  const progress = mode.getByTestId('review-mode-progress');
  await expect(progress).toHaveText(`0 of ${n} decided`);
  await expect(mode.getByTestId('review-mode-features')).toContainText('kpi_score');
  await expect(mode.getByTestId('review-mode-drivers')).toBeVisible();
  await expect(mode.getByTestId('review-mode-fairness')).toContainText('disparate impact');

  // Axe: no violations in review mode.
  const axe = await new AxeBuilder({ page }).include('[data-testid="review-mode"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((x) => x.target.join(' ')).join(', ')}`)).toEqual([]);

  // ? lists the keys; Escape closes only that list.
  await page.keyboard.press('?');
  await expect(page.getByTestId('review-mode-help')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('review-mode-help')).toBeHidden();
  await expect(mode).toBeVisible();

  // Filters: group B only, every listed row is in B; / focuses the id search.
  await mode.getByTestId('review-mode-filter-group').selectOption('B');
  await onlyGroup(mode, 'B');
  const inB = await totalOf(mode);
  expect(inB).toBeGreaterThan(12);
  expect(inB).toBeLessThan(n);
  await expect(mode.getByTestId('review-mode-count')).toHaveText(`${inB} of ${n} cases shown`);
  await mode.getByTestId('review-mode-filter-group').selectOption('');
  await mode.getByTestId('review-mode-list').focus();
  const firstRow = mode.getByTestId('review-mode-row').first();
  const someId = (await firstRow.getAttribute('data-item-id'))!;
  await page.keyboard.press('/');
  await expect(mode.getByTestId('review-mode-search')).toBeFocused();
  await page.keyboard.type(someId);
  await expect(mode.getByTestId('review-mode-row').first()).toHaveAttribute('data-item-id', someId);
  await mode.getByTestId('review-mode-search').fill('');
  await mode.getByTestId('review-mode-list').focus();

  // Keyboard flow: j moves, a accepts (and moves on), k goes back, o asks for a reason inline.
  const rows = mode.getByTestId('review-mode-row');
  const id0 = (await rows.nth(0).getAttribute('data-item-id'))!;
  const id1 = (await rows.nth(1).getAttribute('data-item-id'))!;
  await expect.poll(() => currentId(mode)).toBe(id0);
  await page.keyboard.press('j');
  await expect.poll(() => currentId(mode)).toBe(id1);
  await page.keyboard.press('a');
  await expect(progress).toHaveText(`1 of ${n} decided`);
  await expect(mode.locator(`[data-testid="review-mode-row"][data-item-id="${id1}"]`)).toHaveAttribute('data-status', 'decided');
  await page.keyboard.press('k');
  await page.keyboard.press('k');
  await expect.poll(() => currentId(mode)).toBe(id0);
  await page.keyboard.press('o');
  const reason = mode.getByTestId('review-mode-reason');
  await expect(reason).toBeFocused();
  // Escape cancels the override, not review mode.
  await page.keyboard.press('Escape');
  await expect(reason).toBeHidden();
  await expect(mode).toBeVisible();
  await page.keyboard.press('o');
  await expect(reason).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(mode.getByTestId('review-mode-message')).toHaveText(/needs a reason/);
  await expect(progress).toHaveText(`1 of ${n} decided`);
  await reason.fill('Peer ratings contradict the KPI trend');
  await page.keyboard.press('Enter');
  await expect(progress).toHaveText(`2 of ${n} decided`);
  // The focus is back on the list, ready for the next key.
  await expect(mode.getByTestId('review-mode-list')).toBeFocused();
  // u takes it back (audited), then decide it again.
  await page.keyboard.press('k');
  await expect.poll(() => currentId(mode)).toBe(id0);
  await page.keyboard.press('u');
  await expect(progress).toHaveText(`1 of ${n} decided`);
  await expect(mode.getByTestId('review-mode-message')).toHaveText(`Undid your override of case ${id0}.`);
  await page.keyboard.press('o');
  await reason.fill('Peer ratings contradict the KPI trend');
  await page.keyboard.press('Enter');
  await expect(progress).toHaveText(`2 of ${n} decided`);

  // Bulk accept: every undecided case of group A, one reason, no second reviewer needed.
  await mode.getByTestId('review-mode-filter-decided').selectOption('undecided');
  await mode.getByTestId('review-mode-filter-group').selectOption('A');
  await onlyGroup(mode, 'A');
  await expect(mode.locator('[data-testid="review-mode-row"][data-status="decided"]')).toHaveCount(0);
  const inA = await totalOf(mode);
  await mode.getByTestId('review-mode-select-all').click();
  await expect(mode.getByTestId('review-mode-selected')).toHaveText(`${inA} selected`);
  await mode.getByTestId('review-mode-bulk-accept').click();
  const bulkForm = mode.getByTestId('review-mode-bulk-form');
  await expect(bulkForm.getByTestId('review-mode-four-eyes')).toHaveCount(0);
  await bulkForm.getByTestId('review-mode-bulk-reason').fill('Clear cases: high KPI and peer ratings, drivers checked');
  await bulkForm.getByTestId('review-mode-bulk-confirm').click();
  await expect(mode.getByTestId('review-mode-message')).toHaveText(`Accepted ${inA} cases.`);
  let decided = 2 + inA;
  await expect(progress).toHaveText(`${decided} of ${n} decided`);

  // Bulk override of 12 group-B cases (lowest scores), selected with x and Shift+j: four-eyes.
  await mode.getByTestId('review-mode-filter-group').selectOption('B');
  await onlyGroup(mode, 'B');
  await mode.getByTestId('review-mode-sort').selectOption('score-asc');
  await expect
    .poll(async () => {
      const scores = (await mode.locator('.cf-rm-row .cf-rm-score').allTextContents()).slice(0, 12).map(Number);
      return scores.every((v, i) => i === 0 || scores[i - 1] <= v);
    })
    .toBe(true);
  // Shift-click selects a range (from the clicked case to the shift-clicked one).
  await rows.nth(0).click();
  await rows.nth(2).click({ modifiers: ['Shift'] });
  await expect(mode.getByTestId('review-mode-selected')).toHaveText('3 selected');
  await mode.getByRole('button', { name: 'Clear selection' }).click();
  await expect(mode.getByTestId('review-mode-selected')).toHaveText('0 selected');
  await mode.getByTestId('review-mode-list').focus();
  await page.keyboard.press('Home');
  const overriddenId = (await rows.first().getAttribute('data-item-id'))!;
  await expect.poll(() => currentId(mode)).toBe(overriddenId);
  await page.keyboard.press('x');
  for (let i = 0; i < 11; i++) await page.keyboard.press('Shift+J');
  await expect(mode.getByTestId('review-mode-selected')).toHaveText('12 selected');
  await mode.getByTestId('review-mode-bulk-override').click();
  await expect(bulkForm.getByTestId('review-mode-four-eyes')).toContainText('it overrides 12 cases (more than 10)');
  await bulkForm.getByTestId('review-mode-bulk-reason').fill('Borderline scores: reassess next cycle');
  await bulkForm.getByTestId('review-mode-second-reviewer').fill('ana');
  await bulkForm.getByTestId('review-mode-bulk-confirm').click();
  await expect(bulkForm.getByTestId('review-mode-bulk-problem')).toHaveText('The second reviewer must be someone other than Ana: four-eyes means two different people.');
  await expect(progress).toHaveText(`${decided} of ${n} decided`);
  await bulkForm.getByTestId('review-mode-second-reviewer').fill('Bo');
  await expect(bulkForm.getByTestId('review-mode-bulk-problem')).toHaveCount(0);
  const axeBulk = await new AxeBuilder({ page }).include('[data-testid="review-mode"]').analyze();
  expect(axeBulk.violations.map((v) => `${v.id}: ${v.nodes.map((x) => x.target.join(' ')).join(', ')}`)).toEqual([]);
  await d.screenshot('review-mode');
  await bulkForm.getByTestId('review-mode-bulk-confirm').click();
  await expect(mode.getByTestId('review-mode-message')).toHaveText('Overrode 12 cases, confirmed by Bo.');
  decided += 12;
  await expect(progress).toHaveText(`${decided} of ${n} decided`);

  // The rest of group B: bulk accept; progress reaches N of N.
  await mode.getByTestId('review-mode-select-all').click();
  await mode.getByTestId('review-mode-bulk-accept').click();
  await bulkForm.getByTestId('review-mode-bulk-reason').fill('Remaining group B cases reviewed as a batch');
  await bulkForm.getByTestId('review-mode-bulk-confirm').click();
  await expect(progress).toHaveText(`${n} of ${n} decided`);

  // Submit: the run continues past the panel.
  await mode.getByTestId('review-mode-continue').click();
  await expect(mode).toBeHidden();
  await expect(d.nodeStatus('panel-review')).toContainText(/Done|Cached/, { timeout: 90_000 });
  await expect(d.nodeStatus('recommendations')).toContainText(/Done|Cached/, { timeout: 90_000 });

  // The audit log has the bulk override (with who confirmed it) and verifies.
  await page.getByRole('button', { name: 'Audit log', exact: true }).click();
  const audit = page.getByTestId('audit-log');
  await expect(audit.getByTestId('audit-entry').filter({ hasText: `override on item ${overriddenId} (Borderline scores: reassess next cycle; bulk of 12, confirmed by Bo)` })).toHaveCount(1);
  await expect(audit.getByTestId('audit-entry').filter({ hasText: 'bulk of 12, confirmed by Bo' })).toHaveCount(12);
  await audit.getByTestId('audit-verify').click();
  await expect(audit.getByTestId('audit-result')).toContainText(/Intact: \d+ entries/);
});

test('review mode stays fast with 1,000 cases: keypress to next case', async ({ page }) => {
  test.setTimeout(180_000);
  const d = new DesignerPage(page);
  await page.goto('/');
  await d.chooseTemplate('promotion-baseline');
  await expect(d.node('train-lr')).toBeVisible();
  // A 20 % test split of the 5,000 employees: 1,000 people, all of them reviewed.
  await d.select('split');
  await d.setNumber('testFraction', 0.2);
  await d.addWithKeyboard('human-review');
  await d.connect({ node: 'train-lr', port: 'predictions' }, { node: 'human-review', port: 'predictions' });
  await d.setSelect('itemColumn', 'employee_id');
  await d.setSelect('groupColumn', 'group');
  await d.setSelect('scope', 'all');
  await d.param('hideScore').uncheck();
  await d.runAll();
  await waitForReview(d, 'human-review', 120_000);
  const queue = await d.openReviewQueue();
  const mode = await openReviewMode(page, queue);
  await expect(mode.getByTestId('review-mode-count')).toHaveText('1000 of 1000 cases shown');

  // Virtualised: a few dozen rows in the page, not 1,000.
  const rendered = await mode.getByTestId('review-mode-row').count();
  expect(rendered).toBeLessThan(80);

  // In the page: keydown → the detail pane shows the next case (DOM), and → the next frame.
  await page.evaluate(() => {
    const w = window as unknown as { __rm: Array<{ dom: number; frame: number }>; __rmT0?: number };
    w.__rm = [];
    document.addEventListener('keydown', (e) => {
      if (e.key === 'j') w.__rmT0 = performance.now();
    }, true);
    const detail = document.querySelector('[data-testid="review-mode-detail"]')!;
    new MutationObserver(() => {
      const t0 = w.__rmT0;
      if (t0 === undefined) return;
      w.__rmT0 = undefined;
      const dom = performance.now() - t0;
      requestAnimationFrame(() => w.__rm.push({ dom, frame: performance.now() - t0 }));
    }).observe(detail, { attributes: true, attributeFilter: ['data-item-id'] });
  });
  const presses = 60;
  for (let i = 1; i <= presses; i++) {
    await page.keyboard.press('j');
    await expect.poll(() => page.evaluate(() => (window as unknown as { __rm: unknown[] }).__rm.length)).toBe(i);
  }
  const times = await page.evaluate(() => (window as unknown as { __rm: Array<{ dom: number; frame: number }> }).__rm);
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  const dom = times.map((t) => t.dom);
  const frame = times.map((t) => t.frame);
  console.log(
    `PERF review mode, 1,000 cases, ${presses} × j: keydown→DOM median ${q(dom, 0.5).toFixed(1)} ms, p95 ${q(dom, 0.95).toFixed(1)} ms; keydown→next frame median ${q(frame, 0.5).toFixed(1)} ms, p95 ${q(frame, 0.95).toFixed(1)} ms; rows in DOM ${rendered}`,
  );
  // The list still renders only the rows in view after moving through it.
  expect(await mode.getByTestId('review-mode-row').count()).toBeLessThan(80);
  const strict = process.env.CRISPFLOW_PERF_STRICT === '1';
  expect(q(frame, 0.5)).toBeLessThan(strict ? 50 : 150);

  // The whole queue in one bulk accept: 1,000 decisions and their audit entries in one transaction.
  await mode.getByTestId('review-mode-reviewer').fill('Ana');
  await mode.getByTestId('review-mode-select-all').click();
  await expect(mode.getByTestId('review-mode-selected')).toHaveText('1000 selected');
  await mode.getByTestId('review-mode-bulk-accept').click();
  await mode.getByTestId('review-mode-bulk-reason').fill('Benchmark: the whole queue in one bulk decision');
  const started = Date.now();
  await mode.getByTestId('review-mode-bulk-confirm').click();
  await expect(mode.getByTestId('review-mode-progress')).toHaveText('1000 of 1000 decided', { timeout: 60_000 });
  console.log(`PERF review mode: bulk accept of 1,000 cases (decisions + audit entries, one transaction) shown after ${Date.now() - started} ms`);
});
