/**
 * Champion against challenger on the same recent holdout, side by side: AUC, Brier score, selection rate
 * and the impact ratio (lowest group's selection rate over the privileged group's), each with a seeded
 * percentile bootstrap interval, plus the paired difference (challenger − champion) with its interval:
 * both models are scored on the same resampled rows in every replicate. Pure; the CLI writes the report.
 */
import type { Model } from '../core/ports.ts';
import type { Table } from '../core/table/table.ts';
import { createRng } from '../core/rng.ts';
import { encodeGroups } from '../ml/fairness/groups.ts';
import { auc } from '../ml/metrics/classification.ts';
import { scoreTable } from '../ml/models/scorers.ts';

export type Interval = [number, number] | null;

export interface MetricSide {
  value: number | null;
  ci: Interval;
}

export interface MetricComparison {
  metric: 'auc' | 'brier' | 'selectionRate' | 'impactRatio';
  champion: MetricSide;
  challenger: MetricSide;
  /** challenger − champion. */
  difference: MetricSide;
}

export interface ModelComparison {
  rows: number;
  rowsWithOutcome: number;
  resamples: number;
  confidence: number;
  protectedColumn?: string;
  privileged?: string;
  metrics: MetricComparison[];
  /** Per group: selection rates of both models on the holdout. */
  groups: Array<{ group: string; n: number; champion: number; challenger: number }>;
  warnings: string[];
}

const threshold = (m: Model) => (typeof m.hyperParams.threshold === 'number' ? m.hyperParams.threshold : 0.5);

interface Stats {
  auc: number;
  brier: number;
  selectionRate: number;
  impactRatio: number;
}

function stats(scores: Float64Array, t: number, actual: Int8Array, groups: Int32Array | undefined, G: number, priv: number, rows: ArrayLike<number>): Stats {
  const s: number[] = [];
  const y: number[] = [];
  let brier = 0;
  let sel = 0;
  const n = new Float64Array(G);
  const k = new Float64Array(G);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j];
    const p = scores[i] >= t ? 1 : 0;
    sel += p;
    if (groups && groups[i] >= 0) {
      n[groups[i]]++;
      k[groups[i]] += p;
    }
    if (actual[i] >= 0) {
      s.push(scores[i]);
      y.push(actual[i]);
      brier += (scores[i] - actual[i]) ** 2;
    }
  }
  let ratio = NaN;
  if (groups && priv >= 0 && n[priv] > 0 && k[priv] > 0) {
    const pr = k[priv] / n[priv];
    ratio = Infinity;
    for (let g = 0; g < G; g++) if (g !== priv && n[g] > 0) ratio = Math.min(ratio, k[g] / n[g] / pr);
    if (ratio === Infinity) ratio = NaN;
  }
  return { auc: s.length ? auc(s, y) : NaN, brier: s.length ? brier / s.length : NaN, selectionRate: rows.length ? sel / rows.length : NaN, impactRatio: ratio };
}

function percentile(sorted: number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

function interval(samples: number[], level: number): Interval {
  const ok = samples.filter(Number.isFinite).sort((a, b) => a - b);
  if (ok.length < samples.length * 0.9 || ok.length < 10) return null;
  return [percentile(ok, (1 - level) / 2), percentile(ok, 1 - (1 - level) / 2)];
}

const val = (x: number) => (Number.isFinite(x) ? x : null);

export function compareOnHoldout(
  champion: Model,
  challenger: Model,
  holdout: Table,
  actual: Int8Array,
  o: {
    protectedColumn?: string;
    privileged?: string;
    resamples?: number;
    confidence?: number;
    seed?: number;
    /** Each model's scores of the holdout rows when its input is prepared from them (scoring pipelines); else the holdout is scored as it is. */
    scores?: { champion: Float64Array; challenger: Float64Array };
  } = {},
): ModelComparison {
  const warnings: string[] = [];
  const B = o.resamples ?? 500;
  const level = o.confidence ?? 0.95;
  const a = o.scores?.champion ?? scoreTable(champion, holdout);
  const b = o.scores?.challenger ?? scoreTable(challenger, holdout);
  if (a.length !== holdout.nRows || b.length !== holdout.nRows) throw new Error(`Both models need one score per holdout row (${holdout.nRows}); got ${a.length} and ${b.length}.`);
  const ta = threshold(champion);
  const tb = threshold(challenger);
  let groups: Int32Array | undefined;
  let labels: string[] = [];
  let priv = -1;
  if (o.protectedColumn) {
    if (!holdout.columns.some((c) => c.name === o.protectedColumn)) warnings.push(`The holdout has no column "${o.protectedColumn}": no impact ratio.`);
    else {
      const enc = encodeGroups(holdout, [o.protectedColumn]);
      groups = enc.codes;
      labels = enc.labels;
      if (o.privileged) {
        priv = labels.indexOf(o.privileged);
        if (priv < 0) warnings.push(`No group "${o.privileged}" in "${o.protectedColumn}" (groups: ${labels.join(', ')}); the champion's most selected group is the reference.`);
      }
      if (priv < 0) {
        // The group the champion selects most often: the same reference for both models.
        const n = new Float64Array(labels.length);
        const k = new Float64Array(labels.length);
        for (let i = 0; i < holdout.nRows; i++) {
          if (groups[i] < 0) continue;
          n[groups[i]]++;
          if (a[i] >= ta) k[groups[i]]++;
        }
        priv = labels.reduce((best, _, g) => (n[g] && k[g] / n[g] > (n[best] ? k[best] / n[best] : -1) ? g : best), 0);
      }
    }
  } else warnings.push('No protected column: the comparison has no impact ratio.');
  const all = Int32Array.from({ length: holdout.nRows }, (_, i) => i);
  const G = labels.length;
  const pa = stats(a, ta, actual, groups, G, priv, all);
  const pb = stats(b, tb, actual, groups, G, priv, all);
  const rng = createRng(o.seed ?? 7);
  const keys = ['auc', 'brier', 'selectionRate', 'impactRatio'] as const;
  const sa: Record<string, number[]> = Object.fromEntries(keys.map((k) => [k, []]));
  const sb: Record<string, number[]> = Object.fromEntries(keys.map((k) => [k, []]));
  const sd: Record<string, number[]> = Object.fromEntries(keys.map((k) => [k, []]));
  const rows = new Int32Array(holdout.nRows);
  for (let r = 0; r < B; r++) {
    for (let i = 0; i < rows.length; i++) rows[i] = Math.floor(rng.next() * rows.length);
    const x = stats(a, ta, actual, groups, G, priv, rows);
    const y = stats(b, tb, actual, groups, G, priv, rows);
    for (const k of keys) {
      sa[k].push(x[k]);
      sb[k].push(y[k]);
      sd[k].push(y[k] - x[k]);
    }
  }
  const rowsWithOutcome = actual.reduce((m, v) => m + (v >= 0 ? 1 : 0), 0);
  if (rowsWithOutcome === 0) warnings.push('No holdout row has a known outcome: AUC and Brier cannot be compared.');
  const metrics: MetricComparison[] = keys.map((k) => ({
    metric: k,
    champion: { value: val(pa[k]), ci: interval(sa[k], level) },
    challenger: { value: val(pb[k]), ci: interval(sb[k], level) },
    difference: { value: val(pb[k] - pa[k]), ci: interval(sd[k], level) },
  }));
  const groupRows = labels.map((group, g) => {
    let n = 0;
    let ka = 0;
    let kb = 0;
    for (let i = 0; i < holdout.nRows; i++) {
      if (groups![i] !== g) continue;
      n++;
      if (a[i] >= ta) ka++;
      if (b[i] >= tb) kb++;
    }
    return { group, n, champion: n ? ka / n : NaN, challenger: n ? kb / n : NaN };
  });
  return { rows: holdout.nRows, rowsWithOutcome, resamples: B, confidence: level, protectedColumn: o.protectedColumn, privileged: priv >= 0 ? labels[priv] : undefined, metrics, groups: groupRows, warnings };
}

const f = (x: number | null) => (x === null ? '—' : x.toFixed(3));
const ci = (c: Interval) => (c ? `[${c[0].toFixed(3)}, ${c[1].toFixed(3)}]` : '');
const NAMES = { auc: 'AUC (higher is better)', brier: 'Brier score (lower is better)', selectionRate: 'Selection rate', impactRatio: 'Impact ratio, lowest group / privileged (≥ 0.8 passes four fifths)' };

/** The comparison as Markdown for the review panel. */
export function comparisonMarkdown(c: ModelComparison, o: { champion: string; challenger: string; holdout: string }): string {
  const lines = [
    `# Champion vs challenger`,
    '',
    `Champion **${o.champion}**, challenger **${o.challenger}**, on the same holdout ${o.holdout} (${c.rows} rows, ${c.rowsWithOutcome} with a known outcome).`,
    `Intervals: ${Math.round(c.confidence * 100)}% percentile bootstrap over ${c.resamples} resamples of the holdout rows (paired for the difference).`,
    '',
    '| Metric | Champion | Challenger | Challenger − champion |',
    '|---|---|---|---|',
    ...c.metrics.map((m) => `| ${NAMES[m.metric]} | ${f(m.champion.value)} ${ci(m.champion.ci)} | ${f(m.challenger.value)} ${ci(m.challenger.ci)} | ${f(m.difference.value)} ${ci(m.difference.ci)} |`),
    '',
  ];
  if (c.groups.length) {
    lines.push(`Selection rate per group of "${c.protectedColumn}" (privileged: ${c.privileged ?? '—'}):`, '', '| Group | Rows | Champion | Challenger |', '|---|---|---|---|');
    for (const g of c.groups) lines.push(`| ${g.group} | ${g.n} | ${f(g.champion)} | ${f(g.challenger)} |`);
    lines.push('');
  }
  for (const w of c.warnings) lines.push(`> ${w}`);
  lines.push('', `Promotion needs a recorded human approval by someone other than the requester: \`crispflow approve "${o.challenger}" --approver <name>\`.`, '');
  return lines.join('\n');
}
