/**
 * The bias audit in the form the NYC Local Law 144 rules (6 RCNY § 5-301) ask a summary of results to
 * have: the date of the audit, the source and an explanation of the data, the number of applicants or
 * candidates, the number in the unknown category, and per sex, race/ethnicity and intersectional
 * category the selection or scoring rate and the impact ratio; categories under 2% of the data left out
 * of the impact ratios only with the stated justification. Built from the bias-audit node's data
 * (src/ml/fairness/bias-audit.ts computes it); HTML for printing and a CSV of every number.
 */
import { csvLine, escapeHtml } from '../core/escape.ts';
import type { AuditTable, BiasAudit } from '../ml/fairness/bias-audit.ts';
import { csvNum, htmlPage, num, type ReportContext } from './report-page.ts';

export type BiasAuditData = Omit<BiasAudit, 'html' | 'csv'>;

const RATE = { selection: 'Selection rate', score: 'Scoring rate' } as const;

function dimensionKind(t: AuditTable): 'sex' | 'race/ethnicity' | 'intersectional' {
  if (t.dimension.startsWith('Intersectional')) return 'intersectional';
  return t.dimension.startsWith('Race') ? 'race/ethnicity' : 'sex';
}

export function biasAuditHtml(a: BiasAuditData, context: ReportContext): string {
  const e = escapeHtml;
  const rateName = RATE[a.outcome];
  const body: string[] = [];
  body.push(
    `<p class="note">${e(rateName)}s and impact ratios per category, as a bias audit under NYC Local Law 144 reports them. ` +
      (a.outcome === 'selection'
        ? `Selection rate = share of people in the category who were selected (outcome <code>${e(a.outcomeColumn)}</code>). `
        : `Scoring rate = share of people in the category scoring above the median score of the whole sample (${e(num(a.median, 4))}, column <code>${e(a.outcomeColumn)}</code>). `) +
      `Impact ratio = the category's rate divided by the rate of the most ${a.outcome === 'score' ? 'highly scored' : 'selected'} category.</p>`,
  );
  body.push(`<h2>Number of applicants or candidates</h2><p>${a.total} people with a known outcome were assessed.</p>`);
  const unknowns = a.tables.filter((t) => dimensionKind(t) !== 'intersectional');
  if (unknowns.length) {
    body.push(
      `<p>In the unknown category (no value, or a value meaning unknown; not included in the rates below): ${unknowns
        .map((t) => `${e(t.dimension)}: ${t.unknown}`)
        .join('; ')}.</p>`,
    );
  }
  for (const t of a.tables) {
    body.push(
      `<h2>${e(t.dimension)}</h2><table><thead><tr><th>Category</th><th>Number of applicants</th><th>${a.outcome === 'score' ? 'Scored above median' : 'Selected'}</th>` +
        `<th>${e(rateName)}</th><th>Impact ratio</th><th>Share of data</th><th class="text">Note</th></tr></thead><tbody>`,
    );
    for (const r of t.rows) {
      const note = r.excluded ? 'Excluded from impact ratios (under 2%)' : r.fourFifthsFlag ? '<span class="flag">Impact ratio below 0.80</span>' : r.category === t.mostSelected ? 'Reference (highest rate)' : '';
      body.push(
        `<tr><td>${e(r.category)}</td><td>${r.n}</td><td>${r.selected}</td><td>${num(r.rate)}</td><td>${r.excluded ? '—' : num(r.impactRatio)}</td><td>${num(100 * r.share, 1)}%</td><td class="text">${note}</td></tr>`,
      );
    }
    body.push(`</tbody></table><p class="muted">Unknown category: ${t.unknown} ${t.unknown === 1 ? 'person' : 'people'} (not included).</p>`);
  }
  const excluded = a.tables.flatMap((t) => t.rows.filter((r) => r.excluded).map((r) => `${t.dimension}: ${r.category} (${num(100 * r.share, 2)}%)`));
  body.push('<h2>Categories under 2% of the data</h2>');
  if (a.excludeSmall) {
    body.push(
      `<p>Excluded from the impact ratios: ${excluded.length ? e(excluded.join('; ')) : 'none (no category is under 2%)'}.</p>` +
        `<p>Justification given by the auditor:</p><blockquote>${e(a.justification ?? '')}</blockquote>`,
    );
  } else {
    body.push('<p>No category was excluded: every category is in the impact ratios.</p>');
  }
  body.push(
    '<p class="note muted">An impact ratio below 0.80 (the EEOC four-fifths rule of thumb) is a signal to investigate, not a legal finding. ' +
      'Local Law 144 requires the audit to be done by an independent auditor and its summary published before the tool is used.</p>',
  );
  return htmlPage(
    a.title,
    context,
    body.join('\n'),
    [
    ['Rate reported', `${rateName} (${a.outcomeColumn})`],
    ['Applicants / candidates', String(a.total)],
    ],
    'Date of the audit',
  );
}

/** Every number of the audit, one row per category, with the audit's date and data source on each row. */
export function biasAuditCsv(a: BiasAuditData, context: ReportContext): string {
  const rate = a.outcome === 'score' ? 'scoring_rate' : 'selection_rate';
  const lines = [
    csvLine(['audit_date', 'data_source', 'dimension', 'dimension_kind', 'category', 'applicants', a.outcome === 'score' ? 'above_median' : 'selected', rate, 'impact_ratio', 'share', 'excluded', 'impact_ratio_below_0_8', 'unknown_category', 'total_applicants']),
  ];
  const date = context.generatedAt.slice(0, 10);
  const source = context.dataSources.join('; ');
  for (const t of a.tables) {
    const kind = dimensionKind(t);
    for (const r of t.rows) {
      lines.push(
        csvLine([date, source, t.dimension, kind, r.category, r.n, r.selected, csvNum(r.rate), r.excluded ? '' : csvNum(r.impactRatio), csvNum(r.share), r.excluded, r.fourFifthsFlag, t.unknown, a.total]),
      );
    }
  }
  return lines.join('\n') + '\n';
}
