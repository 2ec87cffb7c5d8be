/**
 * The fairness report with its intervals: per group the size, selection rate, TPR, FPR and the impact
 * ratio with their bootstrap intervals, and the headline disparity metrics (AIF360 sign convention,
 * unprivileged − privileged) with theirs. From a fairness-metrics node's report; HTML and CSV.
 */
import { csvLine, escapeHtml } from '../core/escape.ts';
import type { FairnessReport } from '../core/ports.ts';
import { csvNum, htmlPage, num, type ReportContext } from './report-page.ts';

type Interval = [number, number] | undefined;

interface Extra {
  mode?: string;
  privilegedAuto?: boolean;
  unprivileged?: string;
  ci?: { level?: number; resamples?: number } & Record<string, unknown>;
}

const HEADLINE: Array<[keyof FairnessReport & string, string]> = [
  ['disparateImpact', 'Disparate impact (ratio of selection rates)'],
  ['statisticalParityDifference', 'Statistical parity difference'],
  ['equalOpportunityDifference', 'Equal opportunity difference (TPR)'],
  ['averageOddsDifference', 'Average odds difference'],
  ['equalizedOddsDifference', 'Equalized odds difference'],
];

const PER_GROUP: Array<['selectionRate' | 'tpr' | 'fpr', string]> = [
  ['selectionRate', 'Selection rate'],
  ['tpr', 'True positive rate'],
  ['fpr', 'False positive rate'],
];

/** In dataset mode the label is both outcome and truth: TPR and FPR are trivially 1 and 0, so left out. */
function perGroupMetrics(x: Extra) {
  return x.mode === 'dataset' ? PER_GROUP.filter(([k]) => k === 'selectionRate') : PER_GROUP;
}

function interval(x: unknown): Interval {
  return Array.isArray(x) && x.length === 2 && typeof x[0] === 'number' ? (x as [number, number]) : undefined;
}

function withCi(v: number | undefined, ci: Interval): string {
  return ci ? `${num(v)} <span class="muted">[${num(ci[0])}, ${num(ci[1])}]</span>` : num(v);
}

function referenceText(r: FairnessReport, x: Extra): string {
  if (x.privilegedAuto) return `${r.privileged} (chosen automatically: the highest selection rate)`;
  return r.privileged ?? '';
}

export function fairnessHtml(r: FairnessReport, context: ReportContext): string {
  const e = escapeHtml;
  const x = (r.extra ?? {}) as Extra;
  const level = x.ci?.level;
  const body: string[] = [];
  body.push(
    `<p class="note">Group fairness of ${x.mode === 'dataset' ? 'the historical labels' : 'the model’s decisions'} by <b>${e(r.attribute)}</b>. ` +
      `Favourable outcome: ${e(r.favorable ?? '')}. Compared group: ${e(x.unprivileged ?? 'the other groups')}. ` +
      (level ? `In brackets: ${Math.round(level * 100)}% bootstrap intervals (${x.ci?.resamples ?? '?'} resamples).` : 'No intervals were computed (0 resamples).') +
      '</p>',
  );
  body.push('<h2>Disparity metrics</h2><table><thead><tr><th>Metric</th><th>Value [interval]</th><th>Fair value</th></tr></thead><tbody>');
  for (const [k, label] of HEADLINE) {
    const v = r[k] as number;
    if (!Number.isFinite(v) && x.mode === 'dataset' && k !== 'disparateImpact' && k !== 'statisticalParityDifference') continue;
    const flag = k === 'disparateImpact' && v < 0.8 ? ' <span class="flag">below 0.80</span>' : '';
    body.push(`<tr><td>${e(label)}</td><td>${withCi(v, interval(x.ci?.[k]))}${flag}</td><td>${k === 'disparateImpact' ? '1' : '0'}</td></tr>`);
  }
  body.push('</tbody></table>');
  body.push(
    '<h2>Per group</h2><table><thead><tr><th>Group</th><th>People</th>' +
      perGroupMetrics(x).map(([, l]) => `<th>${e(l)}</th>`).join('') +
      '<th>Impact ratio vs most favoured</th></tr></thead><tbody>',
  );
  for (const g of r.groups) {
    const ci = (g.ci ?? {}) as Record<string, unknown>;
    body.push(
      `<tr><td>${e(g.group)}${g.group === r.privileged ? ' <span class="muted">(reference)</span>' : ''}</td><td>${g.n}</td>` +
        perGroupMetrics(x).map(([k]) => `<td>${withCi(g[k], interval(ci[k]))}</td>`).join('') +
        `<td>${withCi(g.impactRatioVsMostFavoured as number | undefined, interval(ci.impactRatio))}</td></tr>`,
    );
  }
  body.push('</tbody></table>');
  if (r.warnings.length) body.push(`<h2>Warnings</h2><ul>${r.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul>`);
  return htmlPage(`Fairness report: ${r.attribute}`, context, body.join('\n'), [['Reference group', referenceText(r, x)]]);
}

/** One row per metric: scope (overall or a group), metric, value, interval bounds. */
export function fairnessCsv(r: FairnessReport, context: ReportContext): string {
  const x = (r.extra ?? {}) as Extra;
  const lines = [csvLine(['date', 'attribute', 'reference_group', 'scope', 'metric', 'value', 'ci_low', 'ci_high', 'ci_level', 'n'])];
  const date = context.generatedAt.slice(0, 10);
  const ref = r.privileged ?? '';
  const level = x.ci?.level ?? '';
  for (const [k] of HEADLINE) {
    const ci = interval(x.ci?.[k]);
    lines.push(csvLine([date, r.attribute, ref, 'overall', k, csvNum(r[k] as number), csvNum(ci?.[0]), csvNum(ci?.[1]), ci ? level : '', '']));
  }
  for (const g of r.groups) {
    const ci = (g.ci ?? {}) as Record<string, unknown>;
    for (const [k] of perGroupMetrics(x)) {
      const c = interval(ci[k]);
      lines.push(csvLine([date, r.attribute, ref, g.group, k, csvNum(g[k]), csvNum(c?.[0]), csvNum(c?.[1]), c ? level : '', g.n]));
    }
    const c = interval(ci.impactRatio);
    lines.push(csvLine([date, r.attribute, ref, g.group, 'impactRatio', csvNum(g.impactRatioVsMostFavoured as number | undefined), csvNum(c?.[0]), csvNum(c?.[1]), c ? level : '', g.n]));
  }
  return lines.join('\n') + '\n';
}
