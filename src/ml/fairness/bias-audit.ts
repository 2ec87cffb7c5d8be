/**
 * A bias audit in the form NYC Local Law 144 (6 RCNY §5-301) asks for: per category of sex, of
 * race/ethnicity and of their intersections, the selection rate (binary decisions) or the scoring rate
 * (share scoring above the sample median), the impact ratio against the most selected category, the
 * number of people in an unknown category, and optionally the exclusion of categories under 2% of the
 * data from the impact ratios — which the rule allows only with a written justification.
 */
import { NodeError } from '../../core/errors.ts';
import type { Table } from '../../core/table/table.ts';
import { encodeColumn } from './groups.ts';
import { csvLine, escapeHtml } from '../../core/escape.ts';
import { fmt } from './html.ts';
import { justificationProblem } from './bias-audit-justification.ts';

export interface BiasAuditOptions {
  sexColumn?: string;
  raceColumn?: string;
  /** 'selection': outcome is selected/not; 'score': scoring rate above the median. */
  outcome: 'selection' | 'score';
  outcomeColumn: string;
  /** Selection mode: the value meaning "selected". */
  selectedValue?: string;
  /** Values that mean "unknown" (in addition to missing), compared case-insensitively. */
  unknownValues?: string[];
  excludeSmall?: boolean;
  justification?: string;
  title?: string;
  /** Share below which a category may be excluded (LL 144: 2%). */
  smallShare?: number;
}

export interface AuditRow {
  category: string;
  n: number;
  selected: number;
  rate: number;
  /** Undefined for excluded categories. */
  impactRatio?: number;
  share: number;
  excluded: boolean;
  fourFifthsFlag: boolean;
}

export interface AuditTable {
  dimension: string;
  rows: AuditRow[];
  mostSelected?: string;
  unknown: number;
}

export interface BiasAudit {
  title: string;
  outcome: BiasAuditOptions['outcome'];
  outcomeColumn: string;
  /** Score mode: the sample median the scoring rate uses. */
  median?: number;
  total: number;
  tables: AuditTable[];
  excludeSmall: boolean;
  justification?: string;
  html: string;
  csv: string;
}

const RATE_NAME = { selection: 'Selection rate', score: 'Scoring rate' } as const;

// In a module of its own so the bias-audit node's description (designer main thread) needs no audit code.
export { justificationProblem };

function outcomeVector(t: Table, o: BiasAuditOptions): { hit: Int8Array; median?: number } {
  const c = t.columns.find((x) => x.name === o.outcomeColumn);
  if (!c) {
    throw new NodeError(`Outcome column "${o.outcomeColumn}" is not in the input. Choose the decision or score column.`, {
      column: o.outcomeColumn,
      field: 'outcomeColumn',
    });
  }
  const n = t.nRows;
  const hit = new Int8Array(n);
  if (o.outcome === 'score') {
    if (c.type === 'category' || c.type === 'text') {
      throw new NodeError(`Scoring rate needs a numeric score, but "${c.name}" is ${c.type}. Choose a score column or use selection rates.`, {
        column: c.name,
        field: 'outcomeColumn',
      });
    }
    const finite = c.values.filter((v) => !Number.isNaN(v)).sort();
    if (finite.length === 0) throw new NodeError(`Score column "${c.name}" has no values.`, { column: c.name });
    const m = finite.length;
    const median = m % 2 ? finite[(m - 1) / 2] : 0.5 * (finite[m / 2 - 1] + finite[m / 2]);
    for (let i = 0; i < n; i++) hit[i] = Number.isNaN(c.values[i]) ? -1 : c.values[i] > median ? 1 : 0;
    return { hit, median };
  }
  const sel = (o.selectedValue ?? '1').trim();
  if (c.type === 'category') {
    const k = c.categories.indexOf(sel);
    if (k < 0) {
      throw new NodeError(`The selected value "${sel}" does not occur in "${c.name}" (values: ${c.categories.slice(0, 20).join(', ')}).`, {
        column: c.name,
        field: 'selectedValue',
      });
    }
    for (let i = 0; i < n; i++) hit[i] = c.codes[i] < 0 ? -1 : c.codes[i] === k ? 1 : 0;
  } else if (c.type === 'text') {
    for (let i = 0; i < n; i++) hit[i] = c.values[i] == null ? -1 : c.values[i]!.trim() === sel ? 1 : 0;
  } else {
    const target = c.type === 'boolean' ? (/^(true|yes|1)$/i.test(sel) ? 1 : 0) : Number(sel);
    for (let i = 0; i < n; i++) hit[i] = Number.isNaN(c.values[i]) ? -1 : c.values[i] === target ? 1 : 0;
  }
  return { hit };
}

function auditTable(
  dimension: string,
  codes: Int32Array,
  labels: string[],
  hit: Int8Array,
  o: BiasAuditOptions,
): AuditTable {
  const G = labels.length;
  const n = new Float64Array(G);
  const s = new Float64Array(G);
  let unknown = 0;
  let known = 0;
  for (let i = 0; i < codes.length; i++) {
    if (hit[i] < 0) continue;
    const g = codes[i];
    if (g < 0) {
      unknown++;
      continue;
    }
    n[g]++;
    s[g] += hit[i];
    known++;
  }
  const small = o.smallShare ?? 0.02;
  const rows: AuditRow[] = labels.map((category, g) => ({
    category,
    n: n[g],
    selected: s[g],
    rate: s[g] / n[g],
    share: n[g] / known,
    excluded: Boolean(o.excludeSmall) && n[g] / known < small,
    fourFifthsFlag: false,
  }));
  const candidates = rows.filter((r) => !r.excluded && r.n > 0);
  const top = candidates.reduce<AuditRow | undefined>((b, r) => (!b || r.rate > b.rate ? r : b), undefined);
  for (const r of candidates) {
    r.impactRatio = top && top.rate > 0 ? r.rate / top.rate : NaN;
    r.fourFifthsFlag = r.impactRatio !== undefined && r.impactRatio < 0.8;
  }
  return { dimension, rows: rows.filter((r) => r.n > 0), mostSelected: top?.category, unknown };
}

/** Codes of one column with "unknown" values turned into -1. */
function categoryCodes(t: Table, column: string, unknownValues: string[]) {
  const { codes, labels } = encodeColumn(t, column);
  const unknown = new Set(unknownValues.map((u) => u.trim().toLowerCase()).filter(Boolean));
  const keep = labels.map((l) => !unknown.has(l.trim().toLowerCase()));
  const remap = new Int32Array(labels.length).fill(-1);
  const kept: string[] = [];
  labels.forEach((l, k) => {
    if (keep[k]) remap[k] = kept.push(l) - 1;
  });
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = codes[i] < 0 ? -1 : remap[codes[i]];
  return { codes: out, labels: kept };
}

export function buildBiasAudit(t: Table, o: BiasAuditOptions): BiasAudit {
  const problem = justificationProblem(Boolean(o.excludeSmall), o.justification);
  if (problem) throw new NodeError(problem, { field: 'justification' });
  if (!o.sexColumn && !o.raceColumn) {
    throw new NodeError('Choose a sex column, a race/ethnicity column, or both.', { field: 'sexColumn' });
  }
  const unknownValues = o.unknownValues ?? ['unknown'];
  const { hit, median } = outcomeVector(t, o);
  const dims: Array<{ name: string; codes: Int32Array; labels: string[] }> = [];
  const sex = o.sexColumn ? categoryCodes(t, o.sexColumn, unknownValues) : undefined;
  const race = o.raceColumn ? categoryCodes(t, o.raceColumn, unknownValues) : undefined;
  if (sex) dims.push({ name: `Sex (${o.sexColumn})`, ...sex });
  if (race) dims.push({ name: `Race/ethnicity (${o.raceColumn})`, ...race });
  if (sex && race) {
    const R = race.labels.length;
    const codes = new Int32Array(t.nRows);
    for (let i = 0; i < t.nRows; i++) codes[i] = sex.codes[i] < 0 || race.codes[i] < 0 ? -1 : sex.codes[i] * R + race.codes[i];
    const labels = sex.labels.flatMap((a) => race.labels.map((b) => `${a} & ${b}`));
    dims.push({ name: 'Intersectional (sex & race/ethnicity)', codes, labels });
  }
  const tables = dims.map((d) => auditTable(d.name, d.codes, d.labels, hit, o));
  let total = 0;
  for (let i = 0; i < hit.length; i++) if (hit[i] >= 0) total++;
  const audit: Omit<BiasAudit, 'html' | 'csv'> = {
    title: o.title?.trim() || 'Bias audit',
    outcome: o.outcome,
    outcomeColumn: o.outcomeColumn,
    median,
    total,
    tables,
    excludeSmall: Boolean(o.excludeSmall),
    justification: o.excludeSmall ? o.justification?.trim() : undefined,
  };
  return { ...audit, html: auditHtml(audit), csv: auditCsv(audit) };
}

function auditCsv(a: Omit<BiasAudit, 'html' | 'csv'>): string {
  const rate = RATE_NAME[a.outcome].toLowerCase().replace(' ', '_');
  const lines = [csvLine(['dimension', 'category', 'n', a.outcome === 'score' ? 'above_median' : 'selected', rate, 'impact_ratio', 'share', 'excluded', 'four_fifths_flag'])];
  for (const t of a.tables) {
    for (const r of t.rows) {
      lines.push(
        csvLine([t.dimension, r.category, r.n, r.selected, r.rate.toFixed(6), r.impactRatio === undefined ? '' : r.impactRatio.toFixed(6), r.share.toFixed(6), r.excluded, r.fourFifthsFlag]),
      );
    }
    lines.push(csvLine([t.dimension, 'Unknown (not included)', t.unknown, '', '', '', '', true, false]));
  }
  return lines.join('\n') + '\n';
}

function auditHtml(a: Omit<BiasAudit, 'html' | 'csv'>): string {
  const e = escapeHtml;
  const rateName = RATE_NAME[a.outcome];
  const parts: string[] = [];
  parts.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(a.title)}</title>`);
  parts.push(
    '<style>body{font-family:system-ui,sans-serif;margin:2em;color:#111}table{border-collapse:collapse;margin:1em 0}' +
      'th,td{border:1px solid #999;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}' +
      '.flag{color:#a00;font-weight:bold}.note{max-width:50em}@media print{body{margin:0}}</style></head><body>',
  );
  parts.push(`<h1>${e(a.title)}</h1>`);
  parts.push(
    `<p class="note">${e(rateName)}s per category, and impact ratios against the most ${a.outcome === 'score' ? 'highly scored' : 'selected'} category, ` +
      `as NYC Local Law 144 bias audits report them. Outcome column: <code>${e(a.outcomeColumn)}</code>. ` +
      (a.outcome === 'score' ? `Scoring rate = share of people scoring above the sample median (${e(fmt(a.median ?? NaN, 4))}). ` : '') +
      `People with a known outcome: ${a.total}. Impact ratios below 0.80 are flagged (EEOC four-fifths rule of thumb).</p>`,
  );
  for (const t of a.tables) {
    parts.push(`<h2>${e(t.dimension)}</h2><table><thead><tr><th>Category</th><th>Number</th><th>${e(rateName)}</th><th>Impact ratio</th><th>Share of data</th><th>Note</th></tr></thead><tbody>`);
    for (const r of t.rows) {
      const note = r.excluded ? 'Excluded (under 2%)' : r.fourFifthsFlag ? '<span class="flag">Below 0.80</span>' : '';
      parts.push(
        `<tr><td>${e(r.category)}</td><td>${r.n}</td><td>${fmt(r.rate)}</td><td>${r.impactRatio === undefined ? '—' : fmt(r.impactRatio)}</td><td>${fmt(100 * r.share, 1)}%</td><td>${note}</td></tr>`,
      );
    }
    parts.push(`</tbody></table><p>Individuals in an unknown category (not included above): ${t.unknown}.</p>`);
  }
  if (a.excludeSmall) {
    parts.push(`<h2>Excluded categories</h2><p class="note">Categories with less than 2% of the data are left out of the impact ratios. Justification:</p><blockquote>${e(a.justification ?? '')}</blockquote>`);
  }
  parts.push('<p class="note">An impact ratio below 0.80 is a signal to investigate, not a legal finding. Have the audit reviewed by an independent auditor as LL 144 requires.</p>');
  parts.push('</body></html>');
  return parts.join('\n');
}
