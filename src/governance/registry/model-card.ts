/**
 * Model cards (Mitchell et al. 2019, adapted to HR and the EU AI Act's documentation duties): intended
 * use, data, metrics overall and per group, limitations, human oversight. HTML (every string escaped,
 * no scripts, inline styles only) and Markdown (table cells escaped).
 */
import { escapeHtml } from '../../core/escape.ts';
import type { ModelVersion } from './model-version.ts';
import { BUSINESS_NOTE_HEADINGS, type BusinessNote } from '../../lessons/business-note.ts';

export interface ModelCardText {
  intendedUse: string;
  outOfScope: string[];
  dataDescription: string;
  limitations: string[];
  humanOversight: string;
  owner?: string;
  contact?: string;
}

/** Defaults for HR decision support; callers override what they know better. */
export const DEFAULT_CARD_TEXT: ModelCardText = {
  intendedUse:
    'Decision support for HR professionals: the model ranks or flags people for a human reviewer, who makes the decision. It is not to be used for automated decisions about people.',
  outOfScope: [
    'Fully automated hiring, promotion, pay or dismissal decisions (GDPR Art. 22).',
    'Use on populations, roles or countries other than those in the training data.',
    'Inferring protected characteristics.',
  ],
  dataDescription: 'Historical HR records. Historical outcomes may encode past bias; see the fairness section.',
  limitations: [
    'Trained on historical decisions, which may reflect past bias; good accuracy can mean reproducing it.',
    'Metrics come from one held-out sample and vary with data; small groups have wide uncertainty.',
    'Features can act as proxies for protected attributes even when those are excluded.',
    'Performance drifts as the workforce and policies change; re-audit at least quarterly.',
  ],
  humanOversight:
    'Every recommendation passes a human-review step: a reviewer accepts or overrides it with a reason, optionally without seeing the score first, and in four-eyes mode two reviewers must agree. Decisions and runs are kept in a tamper-evident audit log, and anyone with oversight can stop the pipeline’s use.',
};

/** Features a card lists by name; text models have tens of thousands of term features. */
const LISTED_FEATURES = 40;

/**
 * The features as a reader wants them: by name when few; otherwise one-hot and term features
 * ("column:value") counted per source column, e.g. "resume_text (7,141 terms), years_experience".
 */
function featureList(features: string[]): string {
  if (features.length <= LISTED_FEATURES) return features.join(', ');
  const groups = new Map<string, number>();
  for (const f of features) {
    const k = f.indexOf(':');
    const key = k > 0 ? f.slice(0, k) : f;
    groups.set(key, (groups.get(key) ?? 0) + (k > 0 ? 1 : 0));
  }
  const parts = [...groups].map(([name, n]) => (n > 0 ? `${name} (${n.toLocaleString('en')} ${n === 1 ? 'value' : 'values'})` : name));
  const shown = parts.slice(0, LISTED_FEATURES).join(', ');
  const more = parts.length > LISTED_FEATURES ? ` … and ${parts.length - LISTED_FEATURES} more columns` : '';
  return `${shown}${more} (${features.length.toLocaleString('en')} features in all; the model file lists every one)`;
}


/**
 * Markdown inline text: escapes the characters that make emphasis, code, links, HTML and table cells,
 * and a leading character that would start a heading or a list; newlines become spaces.
 */
export function escapeMarkdown(s: unknown): string {
  return String(s ?? '')
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/^(\s*)(#{1,6}|[+\-=]|\d+[.)])(?=\s|$)/, '$1\\$2');
}

const fmt = (v: number | null | undefined, digits = 3) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : Number(v.toFixed(digits)).toString());
const pct = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)}%`);

interface Section {
  title: string;
  paragraphs?: string[];
  bullets?: string[];
  table?: { head: string[]; rows: string[][] };
}

/** The card's content once, rendered to either format. */
function sections(v: ModelVersion, t: ModelCardText): Section[] {
  const out: Section[] = [];
  out.push({
    title: 'Model details',
    table: {
      head: ['Field', 'Value'],
      rows: [
        ['Name', v.name],
        ['Version', String(v.version)],
        ['Created', v.createdAt],
        ['Model type', v.kind],
        ['Target', `${v.target.column} = ${v.target.positive}`],
        ['Fingerprint', v.fingerprint],
        ...(v.pipeline ? [['Pipeline', v.pipeline.name + (v.pipeline.nodeId ? ` (node ${v.pipeline.nodeId})` : '')]] : []),
        ...(t.owner ? [['Owner', t.owner]] : []),
        ...(t.contact ? [['Contact', t.contact]] : []),
        ...Object.entries(v.params).map(([k, p]) => [`Parameter: ${k}`, typeof p === 'string' ? p : JSON.stringify(p)]),
      ],
    },
  });
  if (v.business) {
    // The pipeline's own business-understanding note (nodes/business-understanding), before the generic intended use.
    const rows = (Object.keys(BUSINESS_NOTE_HEADINGS) as (keyof BusinessNote)[])
      .filter((k) => v.business?.[k] !== undefined)
      .map((k) => {
        const value = v.business![k]!;
        return [BUSINESS_NOTE_HEADINGS[k], Array.isArray(value) ? value.join(', ') : value.replace(/\s*\n+\s*/g, ' ')];
      });
    out.push({ title: 'Business understanding', table: { head: ['Field', 'Value'], rows } });
  }
  out.push({ title: 'Intended use', paragraphs: [t.intendedUse], bullets: t.outOfScope.map((s) => `Out of scope: ${s}`) });
  out.push({
    title: 'Data',
    paragraphs: [t.dataDescription],
    table: {
      head: ['Field', 'Value'],
      rows: [
        ['Training data fingerprint', v.trainingData.fingerprint],
        ...(v.trainingData.rows !== undefined ? [['Training rows', String(v.trainingData.rows)]] : []),
        ...Object.entries(v.trainingData.datasets ?? {}).map(([k, fp]) => [`Dataset ${k}`, fp ?? 'unknown']),
        ['Features', featureList(v.features)],
      ],
    },
  });
  const metricRows = Object.entries(v.metrics).map(([k, m]) => [k, fmt(m)]);
  out.push({
    title: v.metricsSource === 'cross-validated' ? 'Metrics (overall, cross-validated)' : 'Metrics (overall)',
    ...(v.metricsSource === 'cross-validated'
      ? { paragraphs: ['This model has no held-out evaluation of its own: these are the fold averages of a time-series cross-validation of the same model kind on the same data and features.'] }
      : {}),
    table: { head: ['Metric', 'Value'], rows: metricRows.length ? metricRows : [['(none recorded)', '—']] },
  });
  if (v.fairness?.length) {
    for (const f of v.fairness) {
      out.push({
        title: `Metrics per group: ${f.attribute}`,
        paragraphs: [
          `Disparate impact ${fmt(f.disparateImpact)} (four-fifths rule: at least 0.8), statistical parity difference ${fmt(f.statisticalParityDifference)}, equal opportunity difference ${fmt(f.equalOpportunityDifference)}, average odds difference ${fmt(f.averageOddsDifference)}${f.privileged ? `; privileged group: ${f.privileged}` : ''}.`,
        ],
        table: {
          head: ['Group', 'n', 'Selection rate', 'True positive rate', 'False positive rate'],
          rows: f.groups.map((g) => [g.group, String(g.n), pct(g.selectionRate), pct(g.tpr), pct(g.fpr)]),
        },
        bullets: f.warnings,
      });
    }
  } else {
    out.push({ title: 'Metrics per group', paragraphs: ['No fairness report was recorded for this version. Run a fairness metrics node on its predictions before use.'] });
  }
  out.push({ title: 'Limitations', bullets: t.limitations });
  out.push({ title: 'Human oversight', paragraphs: [t.humanOversight] });
  return out;
}

export function modelCardMarkdown(v: ModelVersion, text: Partial<ModelCardText> = {}): string {
  const t = { ...DEFAULT_CARD_TEXT, ...text };
  const lines: string[] = [`# Model card: ${escapeMarkdown(v.name)} v${v.version}`, ''];
  for (const s of sections(v, t)) {
    lines.push(`## ${escapeMarkdown(s.title)}`, '');
    for (const p of s.paragraphs ?? []) lines.push(escapeMarkdown(p), '');
    if (s.table) {
      lines.push(`| ${s.table.head.map(escapeMarkdown).join(' | ')} |`, `|${s.table.head.map(() => ' --- ').join('|')}|`);
      for (const r of s.table.rows) lines.push(`| ${r.map(escapeMarkdown).join(' | ')} |`);
      lines.push('');
    }
    if (s.bullets?.length) {
      for (const b of s.bullets) lines.push(`- ${escapeMarkdown(b)}`);
      lines.push('');
    }
  }
  return lines.join('\n');
}

export function modelCardHtml(v: ModelVersion, text: Partial<ModelCardText> = {}): string {
  const t = { ...DEFAULT_CARD_TEXT, ...text };
  const body: string[] = [`<h1>Model card: ${escapeHtml(v.name)} v${escapeHtml(v.version)}</h1>`];
  for (const s of sections(v, t)) {
    body.push(`<section><h2>${escapeHtml(s.title)}</h2>`);
    for (const p of s.paragraphs ?? []) body.push(`<p>${escapeHtml(p)}</p>`);
    if (s.table) {
      body.push('<table><thead><tr>' + s.table.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('') + '</tr></thead><tbody>');
      for (const r of s.table.rows) body.push('<tr>' + r.map((c) => `<td>${escapeHtml(c)}</td>`).join('') + '</tr>');
      body.push('</tbody></table>');
    }
    if (s.bullets?.length) body.push('<ul>' + s.bullets.map((b) => `<li>${escapeHtml(b)}</li>`).join('') + '</ul>');
    body.push('</section>');
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Model card: ${escapeHtml(v.name)} v${escapeHtml(v.version)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:900px;margin:2rem auto;padding:0 1rem;color:#1b1f24}table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccd;padding:.25rem .6rem;text-align:left;vertical-align:top}th{background:#f3f4f8}h2{margin-top:2rem}</style>
</head><body>
${body.join('\n')}
</body></html>
`;
}
