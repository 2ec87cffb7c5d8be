/**
 * A monitoring record: one dated audit of one model version on one batch (or one period of a batch).
 * Kept with the version in the registry, `<registry>/<model>/v<N>/monitoring/<timestamp>[-<period>].json`.
 * Plain JSON, versioned by `format`; readers accept records of this format only.
 */
import type { PsiBand } from '../ml/drift/divergence.ts';
import type { RealisedMetrics } from './calibration.ts';

export const MONITORING_RECORD_FORMAT = 'crispflow-monitoring-record/1';

export interface DriftEntry {
  column: string;
  kind: 'numeric' | 'categorical';
  psi: number;
  band: PsiBand;
  jensenShannon: number;
  ks?: { statistic: number; pValue: number };
  /** Category levels the reference never had (reported as drift). */
  newLevels: string[];
  flags: string[];
  drifted: boolean;
}

export interface GroupRate {
  group: string;
  n: number;
  /** Share selected by the model; null when the group is too small to say. */
  selectionRate: number | null;
  /** Share with the positive outcome, where outcomes are known. */
  outcomeRate?: number | null;
}

export interface FairnessEntry {
  attribute: string;
  privileged?: string;
  disparateImpact: number | null;
  disparateImpactCi?: [number, number] | null;
  statisticalParityDifference: number | null;
  equalOpportunityDifference: number | null;
  groups: GroupRate[];
  /** Groups whose impact ratio is below 0.8 (four-fifths rule). */
  belowFourFifths: string[];
}

export type AlertKind = 'feature-drift' | 'score-drift' | 'new-levels' | 'four-fifths' | 'auc-drop' | 'calibration';

export interface Alert {
  kind: AlertKind;
  /** The column, group or metric concerned. */
  subject: string;
  message: string;
  value?: number;
  threshold?: number;
}

export interface MonitoringRecord {
  format: typeof MONITORING_RECORD_FORMAT;
  /** When the audit ran (ISO). */
  at: string;
  model: { name: string; version: number; fingerprint: string };
  /** Who ran it: "cli", "studio" (the designer with a studio) or "browser" (the designer alone, kept in IndexedDB). */
  source: 'cli' | 'studio' | 'browser';
  batch: { file: string; fingerprint: string; rows: number; period?: string; periodColumn?: string };
  reference: { file: string; fingerprint: string; rows: number };
  /** Share of the batch the model selects (score ≥ its threshold). */
  selectionRate: number | null;
  drift: { features: DriftEntry[]; score: DriftEntry | null } | null;
  fairness: FairnessEntry | null;
  /** Realised metrics over rows whose outcome is known (from --outcomes or the batch's target column). */
  outcomes: (RealisedMetrics & { source: string }) | null;
  alerts: Alert[];
  /** Metrics left out and why (too few rows, no protected column, …). */
  warnings: string[];
}

/** Field names a record file name may carry: the time, made safe for every file system. */
export const recordFileName = (at: string, period?: string) =>
  `${at.replace(/[:.]/g, '-')}${period ? `-${period.replace(/[^\w-]+/g, '_')}` : ''}.json`;

/** A parsed record, or a message saying what is wrong with it. */
export function parseMonitoringRecord(json: unknown): MonitoringRecord | string {
  const r = json as Partial<MonitoringRecord> | null;
  if (!r || typeof r !== 'object') return 'not a JSON object';
  if (r.format !== MONITORING_RECORD_FORMAT) return `format ${String(r.format)} (expected ${MONITORING_RECORD_FORMAT})`;
  if (typeof r.at !== 'string' || !r.model || typeof r.model.version !== 'number' || !r.batch || !Array.isArray(r.alerts)) return 'missing fields (at, model, batch, alerts)';
  return r as MonitoringRecord;
}
