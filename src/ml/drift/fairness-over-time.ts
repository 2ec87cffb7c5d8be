/**
 * Fairness per period and its change between periods, with seeded bootstrap intervals, four-fifths
 * alerts and a trend test on the disparate impact.
 *
 * - One privileged group for every period (the one named, else the group with the highest selection
 *   rate over all periods pooled), the unprivileged side being every other group pooled (AIF360), so
 *   that DI, SPD and EOD mean the same thing in each period and their changes can be compared.
 * - Point values per period come from computeFairness (src/ml/fairness) on that period's rows.
 * - Intervals: each period is resampled on its own (a stratified bootstrap; the rows are unweighted, so
 *   each resample's cell counts are drawn as Multinomial(n, cells / n), bootstrapCellCounts); the r-th
 *   replicates of two periods are independent draws, so their differences are replicates of the change.
 * - A period with fewer rows than `minPeriodRows` is omitted (no metrics, a warning); a group with fewer
 *   rows than `minGroupRows` has no rates in that period; the headline metrics need both sides that large.
 * - Trend: weighted least squares of ln DI on the period's position (0, 1, 2, …) with inverse-variance
 *   weights from the delta method, Var(ln DI) ≈ (1 − pᵤ)/(nᵤpᵤ) + (1 − pₚ)/(nₚpₚ) (fixed-effect
 *   meta-regression); slope / SE is tested against the normal distribution. exp(slope) is the factor by
 *   which DI changes per period. At least three periods with a finite, positive DI are needed.
 */
import type { FairnessReport } from '../../core/ports.ts';
import { percentileIntervals } from '../fairness/bootstrap.ts';
import { CELLS_PER_GROUP, cellIds, countCells, ratesOf } from '../fairness/cells.ts';
import { computeFairness, headline, type FourFifthsComparison, type Sides } from '../fairness/fairness-metrics.ts';
import { findGroup, type GroupEncoding } from '../fairness/groups.ts';
import { normalCdf } from '../fairness/stats.ts';
import { bootstrapCellCounts } from './multinomial-bootstrap.ts';
import type { PeriodEncoding } from './periods.ts';

export interface FairnessOverTimeInput {
  periods: PeriodEncoding;
  groups: GroupEncoding;
  predicted: Int8Array;
  actual: Int8Array;
}

export interface FairnessOverTimeOptions {
  privileged?: string;
  resamples?: number;
  confidence?: number;
  seed?: number;
  minPeriodRows?: number;
  minGroupRows?: number;
  mode?: 'predictions' | 'dataset';
  /** Trend p-value below this raises a trend alert (with a falling DI). */
  trendAlpha?: number;
  pause?: (fraction: number) => Promise<void>;
}

type Interval = [number, number] | null;

export interface PeriodGroup {
  group: string;
  n: number;
  /** null when the group has fewer than minGroupRows rows in the period. */
  selectionRate: number | null;
  selectionRateCi: Interval;
  impactRatio: number | null;
}

export interface PeriodFairness {
  period: string;
  n: number;
  omitted: boolean;
  /** Why the period (or its headline metrics) has no numbers. */
  reason?: string;
  disparateImpact: number | null;
  statisticalParityDifference: number | null;
  equalOpportunityDifference: number | null;
  ci: { disparateImpact: Interval; statisticalParityDifference: Interval; equalOpportunityDifference: Interval };
  groups: PeriodGroup[];
  fourFifths: FourFifthsComparison[];
}

export interface MetricChange {
  metric: string;
  from: string;
  to: string;
  change: number;
  ci: Interval;
}

export interface TrendTest {
  method: 'wls-log-di';
  periods: number;
  slope: number;
  standardError: number;
  /** exp(slope): the factor DI is multiplied by per period. */
  factorPerPeriod: number;
  z: number;
  pValue: number;
  alert: boolean;
}

export interface FourFifthsAlert {
  period: string;
  group: string;
  reference: string;
  impactRatio: number;
  pValue: number;
  significant: boolean;
}

export interface FairnessOverTime {
  attribute: string;
  periodColumn: string;
  privileged: string;
  unprivileged: string;
  groups: string[];
  level: number;
  resamples: number;
  seed: number;
  periods: PeriodFairness[];
  /** Between consecutive reported periods, and from the first reported period to each later one. */
  changes: MetricChange[];
  changesFromFirst: MetricChange[];
  trend: TrendTest | null;
  alerts: FourFifthsAlert[];
  warnings: string[];
}

const HEAD = ['disparateImpact', 'statisticalParityDifference', 'equalOpportunityDifference'] as const;

function subset<T extends Int8Array | Int32Array>(a: T, rows: Int32Array): T {
  const out = new (a.constructor as new (n: number) => T)(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = a[rows[k]];
  return out;
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export async function fairnessOverTime(input: FairnessOverTimeInput, o: FairnessOverTimeOptions = {}): Promise<FairnessOverTime> {
  const { periods, groups } = input;
  const P = periods.labels.length;
  const G = groups.labels.length;
  const resamples = Math.max(0, Math.floor(o.resamples ?? 400));
  const level = o.confidence ?? 0.95;
  const seed = o.seed ?? 0;
  const minPeriodRows = o.minPeriodRows ?? 100;
  const minGroupRows = o.minGroupRows ?? 20;
  const mode = o.mode ?? 'predictions';
  const warnings: string[] = [];
  if (periods.missing > 0) warnings.push(`${periods.missing} row(s) have no ${periods.column} and belong to no period; they are left out.`);

  // Rows of each period (counting sort), and the pooled cells for the privileged choice.
  const ids = cellIds(groups.codes, input.predicted, input.actual);
  const sizes = new Int32Array(P);
  for (let i = 0; i < ids.length; i++) if (periods.codes[i] >= 0 && ids[i] >= 0) sizes[periods.codes[i]]++;
  const rowsOf = Array.from(sizes, (s) => new Int32Array(s));
  const fill = new Int32Array(P);
  for (let i = 0; i < ids.length; i++) {
    const p = periods.codes[i];
    if (p >= 0 && ids[i] >= 0) rowsOf[p][fill[p]++] = i;
  }
  const pooled = countCells(ids, G);
  let privIdx = o.privileged ? findGroup(groups, o.privileged) : -1;
  if (privIdx < 0) {
    let best = -1;
    for (let g = 0; g < G; g++) {
      const r = ratesOf(pooled, g * CELLS_PER_GROUP);
      if (r.n > 0 && (best < 0 || r.selectionRate > ratesOf(pooled, best * CELLS_PER_GROUP).selectionRate)) best = g;
    }
    privIdx = best;
  }
  const privileged = groups.labels[privIdx] ?? '';
  const sides: Sides = { priv: new Uint8Array(G), unpriv: new Uint8Array(G) };
  for (let g = 0; g < G; g++) (g === privIdx ? sides.priv : sides.unpriv)[g] = 1;

  const nStats = HEAD.length + G;
  const statistic = (cells: Float64Array, out: Float64Array) => {
    const h = headline(cells, sides);
    out[0] = h.disparateImpact;
    out[1] = h.statisticalParityDifference;
    out[2] = h.equalOpportunityDifference;
    for (let g = 0; g < G; g++) out[3 + g] = ratesOf(cells, g * CELLS_PER_GROUP).selectionRate;
  };

  const out: PeriodFairness[] = [];
  const samplesOf = new Map<number, Float64Array>();
  const usable = new Map<number, { head: boolean; groupOk: boolean[] }>();
  // Unfiltered per-group counts of each period, for the trend test's variances.
  const rawCounts = new Map<number, Array<{ n: number; selected: number }>>();
  for (let p = 0; p < P; p++) {
    const label = periods.labels[p];
    const rows = rowsOf[p];
    const base: PeriodFairness = {
      period: label,
      n: rows.length,
      omitted: true,
      disparateImpact: null,
      statisticalParityDifference: null,
      equalOpportunityDifference: null,
      ci: { disparateImpact: null, statisticalParityDifference: null, equalOpportunityDifference: null },
      groups: [],
      fourFifths: [],
    };
    if (rows.length < minPeriodRows) {
      base.reason = `only ${rows.length} row(s), fewer than ${minPeriodRows}`;
      warnings.push(`Period ${label}: only ${rows.length} row(s) (fewer than ${minPeriodRows}), so its fairness metrics are omitted.`);
      out.push(base);
      continue;
    }
    const codes = subset(groups.codes, rows);
    const report: FairnessReport = await computeFairness(
      { groups: { ...groups, codes, missing: 0 }, predicted: subset(input.predicted, rows), actual: subset(input.actual, rows) },
      { privileged, resamples: 0, mode, minGroupSize: minGroupRows },
    );
    const cells = countCells(subset(ids, rows), G);
    const groupRates = Array.from({ length: G }, (_, g) => ratesOf(cells, g * CELLS_PER_GROUP));
    rawCounts.set(p, groupRates.map((r) => ({ n: r.n, selected: r.selected })));
    const groupN = groupRates.map((r) => r.n);
    const groupOk = groupN.map((n) => n >= minGroupRows);
    let unprivN = 0;
    for (let g = 0; g < G; g++) if (sides.unpriv[g]) unprivN += groupN[g];
    const headOk = groupN[privIdx] >= minGroupRows && unprivN >= minGroupRows;
    base.omitted = false;
    if (!headOk) {
      base.reason = `the privileged group "${privileged}" or the other groups have fewer than ${minGroupRows} row(s)`;
      warnings.push(`Period ${label}: ${base.reason}, so DI, SPD and EOD are omitted.`);
    } else {
      base.disparateImpact = finiteOrNull(report.disparateImpact);
      base.statisticalParityDifference = finiteOrNull(report.statisticalParityDifference);
      base.equalOpportunityDifference = finiteOrNull(report.equalOpportunityDifference);
    }
    for (let g = 0; g < G; g++) {
      if (groupN[g] > 0 && !groupOk[g]) {
        warnings.push(`Period ${label}: group "${groups.labels[g]}" has only ${groupN[g]} row(s) (fewer than ${minGroupRows}); its rates are omitted.`);
      }
    }
    const privRate = report.groups[privIdx]?.selectionRate ?? NaN;
    base.groups = report.groups.map((gr, g) => ({
      group: gr.group,
      n: gr.n,
      selectionRate: groupOk[g] ? finiteOrNull(gr.selectionRate) : null,
      selectionRateCi: null,
      impactRatio: groupOk[g] && groupOk[privIdx] ? finiteOrNull(gr.selectionRate / privRate) : null,
    }));
    const fourFifths = (report.extra?.fourFifths as FourFifthsComparison[] | undefined) ?? [];
    base.fourFifths = fourFifths.filter((f) => groupOk[groups.labels.indexOf(f.group)] && groupOk[groups.labels.indexOf(f.reference)]);
    if (resamples > 0) {
      // Rows are unweighted, so resampling them gives multinomial cell counts: drawn directly
      // (multinomial-bootstrap.ts). Independent seeds per period (one seed would correlate the periods' replicates).
      const samples = await bootstrapCellCounts(cells, nStats, statistic, {
        resamples,
        seed: (seed ^ Math.imul(p + 1, 0x9e3779b1)) >>> 0,
        pause: o.pause ? (f) => o.pause!((p + f) / P) : undefined,
      });
      samplesOf.set(p, samples);
      const iv = percentileIntervals(samples, nStats, resamples, level);
      if (headOk) {
        base.ci = { disparateImpact: iv[0], statisticalParityDifference: iv[1], equalOpportunityDifference: iv[2] };
      }
      base.groups.forEach((gr, g) => (gr.selectionRateCi = groupOk[g] ? iv[3 + g] : null));
    }
    if (mode === 'dataset') {
      base.equalOpportunityDifference = null;
      base.ci.equalOpportunityDifference = null;
    }
    usable.set(p, { head: headOk, groupOk });
    out.push(base);
  }

  // Changes: consecutive reported periods, and the first reported period to each later one.
  const names = [...HEAD, ...groups.labels.map((l) => `selectionRate:${l}`)];
  const change = (a: number, b: number): MetricChange[] => {
    const pa = out[a];
    const pb = out[b];
    const ua = usable.get(a)!;
    const ub = usable.get(b)!;
    const res: MetricChange[] = [];
    for (let k = 0; k < nStats; k++) {
      if (k < HEAD.length ? !(ua.head && ub.head) : !(ua.groupOk[k - HEAD.length] && ub.groupOk[k - HEAD.length])) continue;
      if (mode === 'dataset' && k === 2) continue;
      const va = k < HEAD.length ? pa[HEAD[k]] : pa.groups[k - HEAD.length].selectionRate;
      const vb = k < HEAD.length ? pb[HEAD[k]] : pb.groups[k - HEAD.length].selectionRate;
      if (va === null || vb === null) continue;
      let ci: Interval = null;
      const sa = samplesOf.get(a);
      const sb = samplesOf.get(b);
      if (sa && sb) {
        const d = new Float64Array(resamples);
        for (let r = 0; r < resamples; r++) d[r] = sb[k * resamples + r] - sa[k * resamples + r];
        ci = percentileIntervals(d, 1, resamples, level)[0];
      }
      res.push({ metric: names[k], from: pa.period, to: pb.period, change: vb - va, ci });
    }
    return res;
  };
  const reported = [...usable.keys()].sort((a, b) => a - b);
  const changes: MetricChange[] = [];
  const changesFromFirst: MetricChange[] = [];
  for (let j = 1; j < reported.length; j++) {
    changes.push(...change(reported[j - 1], reported[j]));
    changesFromFirst.push(...change(reported[0], reported[j]));
  }

  const trend = trendOfDisparateImpact(out, reported, rawCounts, privIdx, sides, o.trendAlpha ?? 0.05, warnings);

  const alerts: FourFifthsAlert[] = [];
  for (const p of out) {
    for (const f of p.fourFifths) {
      if (f.flagged) alerts.push({ period: p.period, group: f.group, reference: f.reference, impactRatio: f.impactRatio, pValue: f.pValue, significant: f.significant });
    }
  }

  return {
    attribute: groups.columns.join(' × '),
    periodColumn: periods.column,
    privileged,
    unprivileged: groups.labels.filter((_, g) => g !== privIdx).join(', '),
    groups: groups.labels,
    level,
    resamples,
    seed,
    periods: out,
    changes,
    changesFromFirst,
    trend,
    alerts,
    warnings,
  };
}

/** Inputs of the trend test per period: position, DI and the delta-method variance of ln DI. */
export interface TrendPoint {
  x: number;
  di: number;
  variance: number;
}

/** Weighted least squares of ln DI on x with weights 1/variance; normal test of the slope. */
export function weightedLogTrend(points: TrendPoint[], alpha = 0.05): TrendTest | null {
  if (points.length < 3) return null;
  let sw = 0;
  let swx = 0;
  let swy = 0;
  for (const p of points) {
    const w = 1 / p.variance;
    sw += w;
    swx += w * p.x;
    swy += w * Math.log(p.di);
  }
  const xbar = swx / sw;
  const ybar = swy / sw;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    const w = 1 / p.variance;
    sxx += w * (p.x - xbar) ** 2;
    sxy += w * (p.x - xbar) * (Math.log(p.di) - ybar);
  }
  const slope = sxy / sxx;
  const standardError = Math.sqrt(1 / sxx);
  const z = slope / standardError;
  const pValue = 2 * (1 - normalCdf(Math.abs(z)));
  return { method: 'wls-log-di', periods: points.length, slope, standardError, factorPerPeriod: Math.exp(slope), z, pValue, alert: pValue < alpha && slope < 0 };
}

function trendOfDisparateImpact(
  out: PeriodFairness[],
  reported: number[],
  rawCounts: Map<number, Array<{ n: number; selected: number }>>,
  privIdx: number,
  sides: Sides,
  alpha: number,
  warnings: string[],
): TrendTest | null {
  const points: TrendPoint[] = [];
  for (const p of reported) {
    const pf = out[p];
    if (pf.disparateImpact === null) continue;
    const counts = rawCounts.get(p)!;
    let nu = 0;
    let su = 0;
    counts.forEach((c, g) => {
      if (!sides.unpriv[g]) return;
      nu += c.n;
      su += c.selected;
    });
    const np = counts[privIdx].n;
    const pu = su / nu;
    const pp = counts[privIdx].selected / np;
    if (!(pu > 0 && pp > 0)) {
      warnings.push(`Period ${pf.period}: a side has no selections, so DI is 0 or undefined there and the trend test leaves it out.`);
      continue;
    }
    points.push({ x: p, di: pf.disparateImpact, variance: (1 - pu) / (nu * pu) + (1 - pp) / (np * pp) });
  }
  if (points.length < 3) {
    warnings.push(`The trend test needs at least three periods with a disparate impact; there are ${points.length}.`);
    return null;
  }
  return weightedLogTrend(points, alpha);
}
