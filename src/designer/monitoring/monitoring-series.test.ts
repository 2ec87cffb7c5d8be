import { describe, expect, it } from 'vitest';
import { MONITORING_RECORD_FORMAT } from '../../monitoring/monitoring-record.ts';
import { alertList, monitoringPoints, psiSeries, type ListedRecord } from './monitoring-series.ts';

const drift = (psiKpi: number) => ({
  features: [
    { column: 'kpi_score', kind: 'numeric' as const, psi: psiKpi, band: 'stable' as const, jensenShannon: 0.01, newLevels: [], flags: [], drifted: false },
    { column: 'awards', kind: 'numeric' as const, psi: 0.01, band: 'stable' as const, jensenShannon: 0.01, newLevels: [], flags: [], drifted: false },
  ],
  score: { column: 'score', kind: 'numeric' as const, psi: 0.02, band: 'stable' as const, jensenShannon: 0.01, newLevels: [], flags: [], drifted: false },
});

const record = (period: string | undefined, psiKpi: number, alerts: ListedRecord['alerts'] = []): ListedRecord => ({
  format: MONITORING_RECORD_FORMAT,
  at: '2026-12-07T20:38:46.000Z',
  model: { name: 'M', version: 1, fingerprint: 'f' },
  source: 'cli',
  batch: { file: 'q.csv', fingerprint: 'abcdef0123', rows: 1000, ...(period ? { period } : {}) },
  reference: { file: 'r.csv', fingerprint: 'r', rows: 5000 },
  selectionRate: 0.14,
  drift: drift(psiKpi),
  fairness: { attribute: 'group', disparateImpact: 0.9, statisticalParityDifference: -0.01, equalOpportunityDifference: null, groups: [], belowFourFifths: [] },
  outcomes: null,
  alerts,
  warnings: [],
  version: 1,
  file: 'registry/m/v1/monitoring/x.json',
});

describe('monitoring series', () => {
  it('labels points by version and period (or time) and keeps the batch they came from', () => {
    const points = monitoringPoints([record('2025-Q2', 0.02), record(undefined, 0.3)]);
    expect(points.map((p) => p.label)).toEqual(['v1 · 2025-Q2', 'v1 · 2026-12-07 20:38']);
    expect(points[1]).toMatchObject({ batch: 'q.csv', fingerprint: 'abcdef0123', rows: 1000, disparateImpact: 0.9, maxFeaturePsi: 0.3, scorePsi: 0.02, auc: null });
  });

  it('gives the PSI of each feature and of the score, and alerts newest first', () => {
    const a = { kind: 'feature-drift' as const, subject: 'kpi_score', message: 'drifted' };
    const recs = [record('2025-Q2', 0.02), record('2025-Q3', 0.2, [a])];
    expect(psiSeries(recs).filter((p) => p.column === 'kpi_score').map((p) => p.psi)).toEqual([0.02, 0.2]);
    expect(psiSeries(recs).filter((p) => p.column === 'score')).toHaveLength(2);
    expect(alertList(monitoringPoints(recs))).toEqual([{ ...a, label: 'v1 · 2025-Q3', batch: 'q.csv' }]);
  });
});
