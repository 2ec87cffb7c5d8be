/**
 * The shell every printable report shares: one HTML page with screen and print CSS (A4, tables that
 * do not split rows across pages, links and buttons hidden on paper). Pure: produces strings.
 * Escaping is src/core/escape.ts, the project's one HTML escaper.
 */
import { escapeHtml } from '../core/escape.ts';
import { BUSINESS_NOTE_HEADINGS, type BusinessNote } from '../lessons/business-note.ts';

/** Who made the report, from what: printed at the top of every report. */
export interface ReportContext {
  /** The pipeline's name. */
  pipeline: string;
  /** The node whose output this is, and its label on the canvas. */
  nodeId: string;
  nodeLabel?: string;
  /** When the report was made (ISO 8601); the audit date of a bias audit. */
  generatedAt: string;
  /** The datasets the results come from (source nodes' file names). */
  dataSources: string[];
  /** What the data is (the pipeline's description or the analyst's explanation). */
  dataExplanation?: string;
  /** The pipeline's business-understanding note: why the model exists and under which rules. */
  business?: BusinessNote;
}

const CSS = `
:root{color-scheme:light}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#111}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:1.6rem 0 .4rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.8rem 0;padding:.6rem .8rem;background:#f4f6f8;border:1px solid #d8dde3}
.meta dt{font-weight:600}.meta dd{margin:0}.meta dd p{margin:0 0 .4rem}.meta dd p:last-child{margin:0}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}
th,td{border:1px solid #b8bec6;padding:4px 8px;text-align:right;vertical-align:top}
th{background:#eef1f4}th:first-child,td:first-child,td.text,th.text{text-align:left}
.flag{color:#a00000;font-weight:600}.muted{color:#555}.note{max-width:48rem}
.bar{display:inline-block;height:.7em;background:#3b6ea8;vertical-align:middle}
.print{margin:.5rem 0 1rem;padding:.3rem .8rem}
@page{size:A4;margin:16mm}
@media print{body{margin:0;max-width:none;font-size:11pt}.print{display:none}h2{break-after:avoid}tr,.meta{break-inside:avoid}
a{color:inherit;text-decoration:none}.bar{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
`;

export function htmlPage(title: string, context: ReportContext, body: string, extraMeta: Array<[string, string]> = [], dateLabel = 'Date'): string {
  const e = escapeHtml;
  const rows: Array<[string, string]> = [
    [dateLabel, context.generatedAt.slice(0, 10)],
    ['Pipeline', context.pipeline],
    ['Step', context.nodeLabel ? `${context.nodeLabel} (${context.nodeId})` : context.nodeId],
    ['Data source', context.dataSources.length ? context.dataSources.join(', ') : 'not recorded'],
    ...(context.dataExplanation ? ([['About the data', context.dataExplanation]] as Array<[string, string]>) : []),
    ...extraMeta,
  ];
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${e(title)}</title><style>${CSS}</style></head><body>`,
    `<h1>${e(title)}</h1>`,
    `<dl class="meta">${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>`,
    context.business ? businessNoteHtml(context.business) : '',
    body,
    `<p class="muted">Made by Crispflow on ${e(context.generatedAt)}.</p>`,
    '</body></html>',
  ].join('\n');
}

/**
 * The business-understanding note as a section of its own, before the results: a reader (works
 * council, auditor, manager) sees what the model is for before its numbers. Every value is escaped;
 * the note's paragraphs (several notes are merged with blank lines) stay paragraphs.
 */
export function businessNoteHtml(note: BusinessNote): string {
  const e = escapeHtml;
  const rows = (Object.keys(BUSINESS_NOTE_HEADINGS) as (keyof BusinessNote)[])
    .filter((k) => note[k] !== undefined)
    .map((k) => {
      const v = note[k]!;
      const value = Array.isArray(v)
        ? e(v.join(', '))
        : v
            .split(/\n\s*\n/)
            .map((para) => `<p>${e(para.trim()).replace(/\n/g, '<br>')}</p>`)
            .join('');
      return `<dt>${e(BUSINESS_NOTE_HEADINGS[k])}</dt><dd>${value}</dd>`;
    });
  return `<section class="business" aria-labelledby="business-understanding"><h2 id="business-understanding">Business understanding</h2><dl class="meta">${rows.join('')}</dl></section>`;
}

/** A number for a report cell: fixed digits, an em dash when not defined. */
export function num(x: number | undefined, digits = 3): string {
  return x !== undefined && Number.isFinite(x) ? x.toFixed(digits) : '—';
}

/** A number for a CSV cell: full precision (rounded to 6 places), empty when not defined. */
export function csvNum(x: number | undefined): number | string {
  return x !== undefined && Number.isFinite(x) ? Number(x.toFixed(6)) : '';
}
