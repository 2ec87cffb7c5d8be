/** A one-line description of a node's main result, for its card (kept in the saved summary too). */
import type { Summary } from '../../runtime/summarize.ts';
import type { PortType } from '../../core/ports.ts';

const fmt = (n: unknown, digits = 3) => (typeof n === 'number' ? n.toFixed(digits) : '–');
const int = (n: unknown) => (typeof n === 'number' ? n.toLocaleString('en-US') : '–');

export function headlineOf(outputs: Array<{ type: PortType; summary: Summary }>): string | undefined {
  const metrics = outputs.find((o) => o.type === 'metrics');
  if (metrics && typeof metrics.summary.auc === 'number') return `AUC ${fmt(metrics.summary.auc)}`;
  const fairness = outputs.find((o) => o.type === 'fairness');
  if (fairness && typeof fairness.summary.disparateImpact === 'number')
    return `Disparate impact ${fmt(fairness.summary.disparateImpact, 2)}`;
  if (metrics) {
    const first = Object.entries(metrics.summary).find(([k, v]) => k !== 'kind' && typeof v === 'number');
    if (first) return `${first[0]} ${fmt(first[1])}`;
  }
  const table = outputs.find((o) => o.type === 'table' || o.type === 'predictions');
  if (table && typeof table.summary.rows === 'number')
    return `${int(table.summary.rows)} rows × ${int(table.summary.columns)} columns`;
  const model = outputs.find((o) => o.type === 'model');
  if (model && typeof model.summary.features === 'number') return `${model.summary.kind ?? 'model'} · ${model.summary.features} features`;
  return undefined;
}
