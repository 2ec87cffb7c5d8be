/**
 * The keyword-bias before/after report as files: selection rates and impact ratios per group before and
 * after anonymising, the words the model rewards, and the proxies (heavily weighted words tied to a
 * group). From a keyword-bias-report node's data.
 */
import { csvLine, escapeHtml } from '../core/escape.ts';
import type { GroupOutcome, GroupTerms, ModelTerms, ProxyTerm } from '../ml/bias/keyword-bias.ts';
import { csvNum, htmlPage, num, type ReportContext } from './report-page.ts';

interface Side {
  label: string;
  outcomes: GroupOutcome[];
  reference: string;
  focusGroup: string;
  groupTerms: GroupTerms[];
  model?: ModelTerms;
  proxies: ProxyTerm[];
}

export interface KeywordBiasData {
  protected: string;
  textColumn: string;
  before: Side;
  after?: Side;
}

function sides(d: KeywordBiasData): Side[] {
  return d.after ? [d.before, d.after] : [d.before];
}

export function keywordBiasHtml(d: KeywordBiasData, context: ReportContext): string {
  const e = escapeHtml;
  const body: string[] = [];
  body.push(
    `<p class="note">How each ${e(d.protected)} group fares with a model reading <code>${e(d.textColumn)}</code>` +
      (d.after ? ', before and after anonymising the text' : '') +
      '. Impact ratio = the group’s selection rate divided by the reference group’s (below 0.80 is flagged).</p>',
  );
  body.push('<h2>Selection rates</h2><table><thead><tr><th>Group</th>');
  for (const s of sides(d)) body.push(`<th>${e(s.label)}: selected</th><th>rate</th><th>impact ratio</th>`);
  body.push('</tr></thead><tbody>');
  for (const o of d.before.outcomes) {
    body.push(`<tr><td>${e(o.group)}</td>`);
    for (const s of sides(d)) {
      const x = s.outcomes.find((y) => y.group === o.group);
      const flag = x && x.impactRatio < 0.8 ? ' class="flag"' : '';
      body.push(x ? `<td>${x.selected} / ${x.n}</td><td>${num(x.selectionRate)}</td><td${flag}>${num(x.impactRatio)}</td>` : '<td>—</td><td>—</td><td>—</td>');
    }
    body.push('</tr>');
  }
  body.push(`</tbody></table><p class="muted">Reference group: ${sides(d).map((s) => `${e(s.label)}: ${e(s.reference)}`).join('; ')}.</p>`);
  for (const s of sides(d)) {
    body.push(`<h2>${e(s.label)}</h2>`);
    if (s.proxies.length) {
      body.push(`<p>Proxies: words the model weighs heavily that give away a group (${e(s.focusGroup)} is selected least).</p>`);
      body.push('<table><thead><tr><th>Word</th><th>Model weight</th><th class="text">Used more by</th><th>z (association)</th></tr></thead><tbody>');
      for (const p of s.proxies) body.push(`<tr><td>${e(p.term)}</td><td>${num(p.weight, 4)}</td><td class="text">${p.z >= 0 ? e(p.group) : `groups other than ${e(p.group)}`}</td><td>${num(p.z, 2)}</td></tr>`);
      body.push('</tbody></table>');
    } else {
      body.push('<p>No proxy words were found.</p>');
    }
    if (s.model) {
      body.push(`<p>Words the model rewards most: ${s.model.positive.map((t) => `${e(t.term)} (${num(t.weight, 3)})`).join(', ') || '—'}.</p>`);
    }
  }
  return htmlPage(`Keyword bias by ${d.protected}`, context, body.join('\n'));
}

/** Selection rates per group and side, then the proxies per side. */
export function keywordBiasCsv(d: KeywordBiasData): string {
  const lines = [csvLine(['section', 'side', 'group_or_word', 'n', 'selected', 'selection_rate', 'impact_ratio', 'reference_group', 'model_weight', 'z'])];
  for (const s of sides(d)) {
    for (const o of s.outcomes) lines.push(csvLine(['selection', s.label, o.group, o.n, o.selected, csvNum(o.selectionRate), csvNum(o.impactRatio), s.reference, '', '']));
  }
  for (const s of sides(d)) {
    for (const p of s.proxies) lines.push(csvLine(['proxy', s.label, p.term, '', '', '', '', p.group, csvNum(p.weight), csvNum(p.z)]));
  }
  return lines.join('\n') + '\n';
}
