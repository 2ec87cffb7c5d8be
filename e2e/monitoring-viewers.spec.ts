import { expect, test } from '@playwright/test';
import { DesignerPage } from './pages/designer-page.ts';
import { ResultsPage } from './pages/results-page.ts';

/**
 * The monitoring viewers in a real browser: a logistic regression trained on the promotion history
 * scores the later decisions (promotion_decisions.csv, several quarters, drift from 2025-Q3); a
 * drift report compares those batches with the model's test predictions per quarter, and
 * fairness-over-time follows the decisions per quarter.
 */
const FEATURES = ['department', 'tenure_years', 'kpi_score', 'training_score', 'peer_rating', 'projects_led', 'awards'];

function monitoringPipeline() {
  const node = (id: string, type: string, params: Record<string, unknown>, x: number, y: number) => ({ id, type, version: 1, params, position: { x, y } });
  return {
    schemaVersion: 1,
    metadata: { name: 'Monitoring viewers', seed: 42 },
    nodes: [
      node('history', 'dataset-source', { source: 'sample', name: 'promotion.csv' }, 0, 0),
      node('split', 'train-test-split', { testFraction: 0.25, stratify: 'promoted', seed: 42 }, 240, 0),
      node('train', 'logistic-regression', { target: 'promoted', positive: '1', features: FEATURES, threshold: 0.5, C: 1, classWeight: 'none', maxIter: 1000, tol: 0.0001 }, 480, 0),
      node('decisions', 'dataset-source', { source: 'sample', name: 'promotion_decisions.csv' }, 240, 220),
      node('score', 'predict', { thresholdFrom: 'model', threshold: 0.5 }, 720, 220),
      node('drift', 'drift-report', { features: [], score: 'score', period: 'decision_date', granularity: 'quarter' }, 960, 60),
      node('over-time', 'fairness-over-time', { mode: 'predictions', period: 'decision_date', granularity: 'quarter', protected: ['group'], privileged: '' }, 960, 300),
    ],
    edges: [
      { from: { node: 'history', port: 'table' }, to: { node: 'split', port: 'table' } },
      { from: { node: 'split', port: 'train' }, to: { node: 'train', port: 'train' } },
      { from: { node: 'split', port: 'test' }, to: { node: 'train', port: 'test' } },
      { from: { node: 'train', port: 'model' }, to: { node: 'score', port: 'model' } },
      { from: { node: 'decisions', port: 'table' }, to: { node: 'score', port: 'table' } },
      { from: { node: 'train', port: 'predictions' }, to: { node: 'drift', port: 'reference' } },
      { from: { node: 'score', port: 'predictions' }, to: { node: 'drift', port: 'current' } },
      { from: { node: 'train', port: 'model' }, to: { node: 'drift', port: 'model' } },
      { from: { node: 'score', port: 'predictions' }, to: { node: 'over-time', port: 'data' } },
    ],
  };
}

test('drift report and fairness over time render their charts', async ({ page }) => {
  test.setTimeout(180_000);
  const d = new DesignerPage(page);
  const results = new ResultsPage(page);
  // A tall window and dock, so each chart is seen whole in the screenshots.
  await page.setViewportSize({ width: 1440, height: 1100 });
  await page.addInitScript(() => window.localStorage.setItem('crispflow.dockHeight', '700'));
  await d.openFresh();
  await page.getByTestId('open-file-input').setInputFiles({
    name: 'monitoring.pipeline.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(monitoringPipeline())),
  });
  await expect(d.node('over-time')).toBeVisible();
  await d.runAll();
  await expect(d.nodeStatus('drift')).toContainText(/Done|Cached/, { timeout: 120_000 });
  await expect(d.nodeStatus('over-time')).toContainText(/Done|Cached/, { timeout: 120_000 });

  // Drift report: summary, PSI bars with bands, the column × quarter heat map, the measures table.
  await d.select('drift');
  await results.openTab('report');
  const drift = results.dock.getByTestId('drift-viewer');
  await expect(drift).toBeVisible();
  await expect(drift.getByTestId('drift-psi-bars').getByRole('img').first()).toBeVisible();
  await expect(drift.getByTestId('drift-psi-bars').getByRole('img').first()).toContainText('kpi_score');
  const heat = drift.getByTestId('drift-heat-map');
  await expect(heat.getByRole('img').first()).toBeVisible();
  await expect(heat.getByRole('img').first()).toContainText('2025-Q3');
  // The sample's injected shift (kpi_score from 2025-Q3) is named in the summary.
  await expect(drift.getByTestId('drift-periods')).toContainText('kpi_score in 2025-Q3');
  await expect(drift.locator('table.cf-drift-table tbody tr')).toHaveCount(FEATURES.length + 1);
  await expect(drift.getByText('score (model score)').first()).toBeVisible();
  await drift.getByTestId('drift-psi-bars').screenshot({ path: 'e2e/screenshots/drift-psi-bars.png' });
  await heat.screenshot({ path: 'e2e/screenshots/drift-heat-map.png' });
  await d.screenshot('drift-report');

  // Fairness over time: DI series with the four-fifths band, selection rates, differences, trend.
  await d.select('over-time');
  await results.openTab('report');
  const fot = results.dock.getByTestId('fairness-over-time-viewer');
  await expect(fot).toBeVisible();
  const di = fot.getByTestId('fot-di-series');
  await expect(di.getByRole('img').first()).toBeVisible();
  await expect(di.getByRole('img').first()).toContainText('four-fifths');
  await expect(fot.getByTestId('fot-selection-rates').getByRole('img').first()).toBeVisible();
  await expect(fot.getByTestId('fot-trend')).toContainText('per period');
  await di.screenshot({ path: 'e2e/screenshots/fairness-over-time-di.png' });
  await fot.getByTestId('fot-selection-rates').screenshot({ path: 'e2e/screenshots/fairness-over-time-rates.png' });
  await d.screenshot('fairness-over-time');
});
