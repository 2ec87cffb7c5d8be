/** `crispflow monitor history`: the series of a model's records as a readable table. */
import type { MonitoringRecord } from './monitoring-record.ts';

const f = (x: number | null | undefined, d = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));

export interface HistoryRow {
  version: number;
  record: MonitoringRecord;
}

/** One line per record: when, which batch (and period), rows, selection rate, DI, worst PSI, realised AUC, alerts. */
export function formatHistory(rows: HistoryRow[]): string {
  const header = ['version', 'audited at', 'batch', 'period', 'rows', 'selected', 'DI', 'max PSI', 'score PSI', 'AUC', 'Brier', 'alerts'];
  const body = rows.map(({ version, record: r }) => {
    const maxPsi = r.drift?.features.reduce((m, d) => Math.max(m, d.psi), 0);
    return [
      `v${version}`,
      r.at.slice(0, 19).replace('T', ' '),
      `${r.batch.file} (${r.batch.fingerprint.slice(0, 8)})`,
      r.batch.period ?? '—',
      String(r.batch.rows),
      f(r.selectionRate),
      f(r.fairness?.disparateImpact),
      f(maxPsi),
      f(r.drift?.score?.psi),
      f(r.outcomes?.auc),
      f(r.outcomes?.brier),
      r.alerts.length ? r.alerts.map((a) => `${a.kind}:${a.subject}`).join(', ') : 'none',
    ];
  });
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((b) => b[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === cells.length - 1 ? c : c.padEnd(widths[j]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
