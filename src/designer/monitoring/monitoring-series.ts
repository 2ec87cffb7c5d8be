/**
 * Monitoring records (as the studio API lists them) turned into chart points: one point per record,
 * labelled by its period (or the audit time when a batch was not split), carrying which batch it came
 * from. Pure; the view and its tests share it.
 */
import type { Alert, MonitoringRecord } from '../../monitoring/monitoring-record.ts';

export type ListedRecord = MonitoringRecord & { version: number; stage?: string | null; file: string };

export interface MonitoringPoint {
  /** x position: "v1 · 2025-Q3" or "v1 · 2026-12-07 20:38". */
  label: string;
  version: number;
  period?: string;
  at: string;
  batch: string;
  fingerprint: string;
  rows: number;
  source: MonitoringRecord['source'];
  selectionRate: number | null;
  disparateImpact: number | null;
  scorePsi: number | null;
  maxFeaturePsi: number | null;
  auc: number | null;
  brier: number | null;
  alerts: Alert[];
  warnings: string[];
}

export interface PsiPoint {
  label: string;
  column: string;
  psi: number;
}

const pointLabel = (r: ListedRecord) => `v${r.version} · ${r.batch.period ?? r.at.slice(0, 16).replace('T', ' ')}`;

export function monitoringPoints(records: ListedRecord[]): MonitoringPoint[] {
  return records.map((r) => ({
    label: pointLabel(r),
    version: r.version,
    period: r.batch.period,
    at: r.at,
    batch: r.batch.file,
    fingerprint: r.batch.fingerprint,
    rows: r.batch.rows,
    source: r.source,
    selectionRate: r.selectionRate,
    disparateImpact: r.fairness?.disparateImpact ?? null,
    scorePsi: r.drift?.score?.psi ?? null,
    maxFeaturePsi: r.drift && r.drift.features.length ? Math.max(...r.drift.features.map((d) => d.psi)) : null,
    auc: r.outcomes?.auc ?? null,
    brier: r.outcomes?.brier ?? null,
    alerts: r.alerts,
    warnings: r.warnings,
  }));
}

/** PSI of every feature and of the score per point (records without drift give no rows). */
export function psiSeries(records: ListedRecord[]): PsiPoint[] {
  return records.flatMap((r) =>
    r.drift ? [...r.drift.features.map((d) => ({ label: pointLabel(r), column: d.column, psi: d.psi })), ...(r.drift.score ? [{ label: pointLabel(r), column: 'score', psi: r.drift.score.psi }] : [])] : [],
  );
}

/** Every alert with the point it belongs to, newest first. */
export function alertList(points: MonitoringPoint[]): Array<Alert & { label: string; batch: string }> {
  return points
    .flatMap((p) => p.alerts.map((a) => ({ ...a, label: p.label, batch: p.batch })))
    .reverse();
}
