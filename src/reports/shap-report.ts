/**
 * SHAP summary: global importance (mean |SHAP| per feature) and each person's top drivers (the
 * features that pushed their score up or down most), as an HTML page and two CSVs.
 */
import { csvLine, escapeHtml } from '../core/escape.ts';
import type { ShapExplanationData } from '../ml/explain/explanation.ts';
import { csvNum, htmlPage, num, type ReportContext } from './report-page.ts';

export interface Driver {
  feature: string;
  shap: number;
  value: string;
}

function valueOf(d: ShapExplanationData, row: number, f: number): string {
  const label = d.featureLabels[f]?.[row];
  if (label != null) return label;
  const v = d.featureValues[row * d.features.length + f];
  return Number.isFinite(v) ? String(Number(v.toFixed(6))) : '';
}

/** The k features with the largest |SHAP| for one row, largest first. */
export function topDrivers(d: ShapExplanationData, row: number, k: number): Driver[] {
  const F = d.features.length;
  const idx = Array.from({ length: F }, (_, f) => f).sort((a, b) => Math.abs(d.shap[row * F + b]) - Math.abs(d.shap[row * F + a]));
  return idx.slice(0, k).map((f) => ({ feature: d.features[f], shap: d.shap[row * F + f], value: valueOf(d, row, f) }));
}

/** A value for reading (3 decimals at most); the CSV keeps it whole. */
function shortValue(v: string): string {
  const x = Number(v);
  return v !== '' && Number.isFinite(x) ? String(Number(x.toFixed(3))) : v;
}

export function shapImportanceCsv(d: ShapExplanationData): string {
  const lines = [csvLine(['rank', 'feature', 'mean_abs_shap'])];
  d.importance.forEach((x, i) => lines.push(csvLine([i + 1, x.feature, csvNum(x.meanAbs)])));
  return lines.join('\n') + '\n';
}

/** One row per person: id, score, then feature / value / SHAP for each of the top k drivers. */
export function shapDriversCsv(d: ShapExplanationData, k = 3): string {
  const head: string[] = ['id', 'score'];
  for (let j = 1; j <= k; j++) head.push(`driver_${j}`, `driver_${j}_value`, `driver_${j}_shap`);
  const lines = [csvLine(head)];
  for (let i = 0; i < d.rows; i++) {
    const cells: unknown[] = [d.rowIds[i], csvNum(d.scores[i])];
    for (const t of topDrivers(d, i, k)) cells.push(t.feature, t.value, csvNum(t.shap));
    lines.push(csvLine(cells));
  }
  return lines.join('\n') + '\n';
}

export function shapHtml(d: ShapExplanationData, context: ReportContext, k = 3, maxPeople = 50): string {
  const e = escapeHtml;
  const max = d.importance[0]?.meanAbs || 1;
  const body: string[] = [];
  body.push(
    `<p class="note">SHAP values (${e(d.method)} explainer, ${e(d.outputScale)} scale) for ${d.rows} people scored by a ${e(d.modelKind)} model. ` +
      'Global importance is the mean absolute SHAP value of each feature; a person’s drivers are the features that moved their score most ' +
      '(positive: towards the favourable outcome’s score, negative: away from it).' +
      (d.note ? ` ${e(d.note)}.` : '') +
      '</p>',
  );
  body.push('<h2>Global importance</h2><table><thead><tr><th>Feature</th><th>Mean |SHAP|</th><th></th></tr></thead><tbody>');
  for (const x of d.importance) {
    body.push(`<tr><td>${e(x.feature)}</td><td>${num(x.meanAbs, 4)}</td><td style="text-align:left;width:40%"><span class="bar" style="width:${(100 * x.meanAbs) / max}%"></span></td></tr>`);
  }
  body.push('</tbody></table>');
  const shown = Math.min(d.rows, maxPeople);
  body.push(`<h2>Top ${k} drivers per person</h2><p class="muted">The first ${shown} of ${d.rows}; every person is in the drivers CSV.</p>`);
  body.push(`<table><thead><tr><th>Id</th><th>Score</th>${Array.from({ length: k }, (_, j) => `<th class="text">Driver ${j + 1}</th>`).join('')}</tr></thead><tbody>`);
  for (let i = 0; i < shown; i++) {
    const cells = topDrivers(d, i, k).map((t) => `<td class="text">${e(t.feature)} = ${e(shortValue(t.value) || '…')} <span class="muted">(${t.shap >= 0 ? '+' : ''}${num(t.shap)})</span></td>`);
    body.push(`<tr><td>${e(d.rowIds[i])}</td><td>${num(d.scores[i])}</td>${cells.join('')}</tr>`);
  }
  body.push('</tbody></table>');
  return htmlPage('SHAP summary', context, body.join('\n'));
}
