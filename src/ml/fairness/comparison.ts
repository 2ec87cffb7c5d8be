/**
 * Shapes fairness reports for comparison views: per-group rates with their bootstrap intervals, and
 * the accuracy ↔ disparate impact trade-off across mitigations (one report per pipeline branch).
 */
import type { FairnessReport } from '../../core/ports.ts';

export interface NamedReport {
  name: string;
  report: FairnessReport;
}

type Interval = [number, number] | undefined;

export interface GroupRateRow {
  group: string;
  measure: 'selectionRate' | 'tpr' | 'fpr' | 'impactRatio';
  value: number;
  lo: number;
  hi: number;
}

const MEASURES: GroupRateRow['measure'][] = ['selectionRate', 'tpr', 'fpr', 'impactRatio'];

/** One row per group × measure, with interval bounds (NaN when the report has no intervals). */
export function groupRateRows(report: FairnessReport): GroupRateRow[] {
  const rows: GroupRateRow[] = [];
  for (const g of report.groups) {
    const ci = (g.ci ?? {}) as Record<string, Interval>;
    for (const m of MEASURES) {
      const value = m === 'impactRatio' ? Number(g.impactRatioVsMostFavoured ?? NaN) : Number(g[m] ?? NaN);
      const iv = ci[m];
      rows.push({ group: g.group, measure: m, value, lo: iv ? iv[0] : NaN, hi: iv ? iv[1] : NaN });
    }
  }
  return rows;
}

export interface TradeOffPoint {
  name: string;
  accuracy: number;
  disparateImpact: number;
  diLo: number;
  diHi: number;
  equalizedOddsDifference: number;
  statisticalParityDifference: number;
}

/** Accuracy (from the report's overall confusion) against disparate impact, per report. */
export function tradeOffPoints(reports: NamedReport[]): TradeOffPoint[] {
  return reports.map(({ name, report }) => {
    const extra = (report.extra ?? {}) as { accuracy?: number; ci?: Record<string, Interval> };
    const di = extra.ci?.disparateImpact;
    return {
      name,
      accuracy: typeof extra.accuracy === 'number' ? extra.accuracy : NaN,
      disparateImpact: report.disparateImpact,
      diLo: di ? di[0] : NaN,
      diHi: di ? di[1] : NaN,
      equalizedOddsDifference: report.equalizedOddsDifference,
      statisticalParityDifference: report.statisticalParityDifference,
    };
  });
}

/** Accepts one report or several named ones (the dashboard's `value`). */
export function asNamedReports(value: unknown): NamedReport[] {
  if (Array.isArray(value)) {
    return value.filter(
      (v): v is NamedReport => typeof v === 'object' && v !== null && typeof (v as NamedReport).name === 'string' && isReport((v as NamedReport).report),
    );
  }
  return isReport(value) ? [{ name: value.attribute, report: value }] : [];
}

function isReport(v: unknown): v is FairnessReport {
  return typeof v === 'object' && v !== null && Array.isArray((v as FairnessReport).groups) && typeof (v as FairnessReport).disparateImpact === 'number';
}
