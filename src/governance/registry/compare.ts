/** Two model versions side by side: what changed in data, params, features, metrics and fairness. */
import type { ModelVersion } from './model-version.ts';

export interface CompareRow {
  section: 'model' | 'data' | 'params' | 'features' | 'metrics' | 'fairness' | 'groups';
  key: string;
  a: string | number | null;
  b: string | number | null;
  /** b − a for numbers. */
  delta?: number;
  changed: boolean;
  /** For metrics/fairness: whether b is better (true), worse (false) or unclear (undefined). */
  better?: boolean;
}

const show = (v: unknown): string | number | null =>
  v === undefined || v === null ? null : typeof v === 'number' ? v : typeof v === 'string' ? v : JSON.stringify(v);

function row(section: CompareRow['section'], key: string, a: unknown, b: unknown, higherIsBetter?: boolean | 'closer-to-0' | 'closer-to-1'): CompareRow {
  const sa = show(a);
  const sb = show(b);
  const r: CompareRow = { section, key, a: sa, b: sb, changed: sa !== sb };
  if (typeof sa === 'number' && typeof sb === 'number') {
    r.delta = sb - sa;
    if (r.delta !== 0 && higherIsBetter !== undefined) {
      if (higherIsBetter === 'closer-to-0') r.better = Math.abs(sb) < Math.abs(sa);
      else if (higherIsBetter === 'closer-to-1') r.better = Math.abs(1 - sb) < Math.abs(1 - sa);
      else r.better = higherIsBetter ? sb > sa : sb < sa;
    }
  }
  return r;
}

const HIGHER_IS_BETTER = new Set(['auc', 'precision', 'recall', 'f1', 'accuracy']);

export function compareVersions(a: ModelVersion, b: ModelVersion): CompareRow[] {
  const rows: CompareRow[] = [
    row('model', 'version', a.version, b.version),
    row('model', 'kind', a.kind, b.kind),
    row('model', 'target', `${a.target.column} = ${a.target.positive}`, `${b.target.column} = ${b.target.positive}`),
    row('data', 'training data fingerprint', a.trainingData.fingerprint, b.trainingData.fingerprint),
    row('data', 'rows', a.trainingData.rows, b.trainingData.rows),
  ];
  for (const k of [...new Set([...Object.keys(a.params), ...Object.keys(b.params)])].sort()) rows.push(row('params', k, a.params[k], b.params[k]));
  const fa = new Set(a.features);
  const fb = new Set(b.features);
  const added = b.features.filter((f) => !fa.has(f));
  const removed = a.features.filter((f) => !fb.has(f));
  rows.push(row('features', 'count', a.features.length, b.features.length));
  if (added.length || removed.length) rows.push({ section: 'features', key: 'changed', a: removed.join(', ') || null, b: added.join(', ') || null, changed: true });
  for (const k of [...new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)])].sort()) {
    rows.push(row('metrics', k, a.metrics[k], b.metrics[k], HIGHER_IS_BETTER.has(k) ? true : undefined));
  }
  const attrs = [...new Set([...(a.fairness ?? []), ...(b.fairness ?? [])].map((f) => f.attribute))];
  for (const attr of attrs) {
    const x = a.fairness?.find((f) => f.attribute === attr);
    const y = b.fairness?.find((f) => f.attribute === attr);
    rows.push(row('fairness', `${attr}: disparate impact`, x?.disparateImpact, y?.disparateImpact, 'closer-to-1'));
    for (const k of ['statisticalParityDifference', 'equalOpportunityDifference', 'averageOddsDifference', 'equalizedOddsDifference'] as const) {
      rows.push(row('fairness', `${attr}: ${k}`, x?.[k], y?.[k], 'closer-to-0'));
    }
    const groups = [...new Set([...(x?.groups ?? []), ...(y?.groups ?? [])].map((g) => g.group))].sort();
    for (const g of groups) {
      rows.push(row('groups', `${attr} = ${g}: selection rate`, x?.groups.find((q) => q.group === g)?.selectionRate, y?.groups.find((q) => q.group === g)?.selectionRate));
    }
  }
  return rows;
}
