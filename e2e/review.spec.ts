import { expect, test } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';

/**
 * Human review in the designer (issue 7): the run stops at the review node; a reviewer writes an
 * assessment before seeing each score, accepts or overrides with a reason; decisions survive a reload,
 * a second tab sees them, the audit log verifies, and "Continue" completes the run.
 *
 * Needs the app's wiring of <ReviewQueue> (src/designer/review): shown when a waiting human-review node
 * is selected (with RunResult.waiting[nodeId], or without a request after a reload: it then loads the
 * saved queue), and `onComplete` resuming the run with { decisions: { [nodeId]: decisions } }.
 */

test('review queue: assess, accept, override with reason, reload, second tab, audit, continue', async ({ page, context }) => {
  test.setTimeout(150_000);
  const d = new DesignerPage(page);
  await d.runPromotionToReview({ groupColumn: 'group', scope: 'recommended' });
  await expect(d.nodeStatus('evaluate')).toContainText(/Done|Cached/);

  let queue = await d.openReviewQueue();
  const items = queue.getByTestId('review-item');
  await expect(items).toHaveCount(4);
  await queue.getByTestId('reviewer-name').fill('Ana');

  // Hide-score mode: no score until the reviewer has written an assessment.
  const first = items.nth(0);
  await expect(first.getByTestId('score-hidden')).toBeVisible();
  await expect(first.getByTestId('review-score')).toHaveCount(0);
  await first.getByTestId('assessment').fill('Consistently strong KPIs and peer ratings.');
  await first.getByTestId('show-score').click();
  await expect(first.getByTestId('review-score')).toContainText(/score 0\.9\d/);
  await first.getByTestId('accept').click();
  await expect(first.getByTestId('review-message')).toHaveText('Saved.');

  // Override needs a reason: the confirm button stays disabled until there is one.
  const second = items.nth(1);
  await second.getByTestId('assessment').fill('Few projects led.');
  await second.getByTestId('show-score').click();
  await second.getByTestId('override').click();
  await expect(second.getByTestId('confirm-override')).toBeDisabled();
  await second.getByTestId('override-reason').fill('Led only one project; wait for next cycle.');
  await second.getByTestId('confirm-override').click();
  await expect(second.getByTestId('review-message')).toHaveText('Saved.');

  // A reload loses nothing that was confirmed.
  await page.reload();
  // After a reload the run's outputs are gone; the queue comes back from IndexedDB.
  queue = await d.openReviewQueue();
  await queue.getByRole('radio', { name: /All/ }).check();
  await expect(queue.locator('[data-testid="review-item"][data-status="decided"]')).toHaveCount(2);
  await expect(queue.getByTestId('rates-reviewer')).toContainText('Ana');
  await expect(queue.getByTestId('rates-reviewer')).toContainText('50%');

  // A second tab decides the third item; the first tab sees it without reloading.
  const tab2 = await context.newPage();
  const d2 = new DesignerPage(tab2);
  await tab2.goto('/');
  const queue2 = await d2.openReviewQueue();
  await queue2.getByTestId('reviewer-name').fill('Bo');
  const third2 = queue2.getByTestId('review-item').first();
  const thirdId = await third2.getAttribute('data-item-id');
  await third2.getByTestId('assessment').fill('Good training scores.');
  await third2.getByTestId('show-score').click();
  await third2.getByTestId('accept').click();
  await expect(third2.getByTestId('review-message')).toHaveText('Saved.');
  await expect(queue.locator(`[data-testid="review-item"][data-item-id="${thirdId}"]`)).toHaveAttribute('data-status', 'decided');
  await tab2.close();

  const last = queue.locator('[data-testid="review-item"][data-status="open"]');
  await expect(last).toHaveCount(1);
  await last.getByTestId('assessment').fill('Strong all round.');
  await last.getByTestId('show-score').click();
  await last.getByTestId('accept').click();

  // The audit log verifies.
  await queue.getByText('Audit log').click();
  await queue.getByTestId('audit-verify').click();
  await expect(queue.getByTestId('audit-result')).toContainText(/Intact: \d+ entries/);

  await queue.getByTestId('review-continue').click();
  await expect(d.nodeStatus('human-review')).toContainText(/Done|Cached/, { timeout: 60_000 });
  await d.screenshot('review-complete');
});
