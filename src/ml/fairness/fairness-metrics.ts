/**
 * Group fairness metrics with AIF360's definitions and sign convention (unprivileged − privileged),
 * Fairlearn's between-groups / to-overall aggregates, seeded bootstrap intervals, a significance test
 * for every four-fifths comparison, and warnings for groups too small to trust.
 *
 * Privileged vs unprivileged: with a chosen privileged group, the unprivileged side is every other
 * group pooled (AIF360 with unprivileged_groups = all other values). Without one, the headline
 * compares the least favoured group with the most favoured one (the worst case the four-fifths rule
 * looks at).
 */
import type { FairnessReport, GroupFairness } from '../../core/ports.ts';
import { aggregate, equalizedOdds, type Aggregate } from './aggregates.ts';
import { bootstrapCells, percentileIntervals } from './bootstrap.ts';
import { CELLS_PER_GROUP, cellIds, countCells, pooledCells, ratesOf, type GroupRates } from './cells.ts';
import { findGroup, type GroupEncoding } from './groups.ts';
import { compareProportions, type ProportionTest } from './stats.ts';
import { AUTO_REFERENCE, isAutoReference } from './reference-group.ts';

export interface FairnessInput {
  groups: GroupEncoding;
  /** 1 favourable outcome (selected), 0 not, -1 missing (row left out). */
  predicted: Int8Array;
  /** 1 positive, 0 negative, -1 unknown (rates that need the truth skip it). */
  actual: Int8Array;
  /** Score (probability of the favourable outcome), for calibration. */
  score?: Float64Array;
  weights?: Float64Array;
}

export interface FairnessOptions {
  /**
   * Privileged (reference) group label. 'auto': the group with the highest selection rate, every other
   * group pooled against it (the reference Local Law 144 impact ratios use). '' (older documents):
   * the headline compares the least favoured group with the most favoured one.
   */
  privileged?: string;
  /** Bootstrap resamples (0 = no intervals). */
  resamples?: number;
  confidence?: number;
  seed?: number;
  /** Groups with fewer rows get a warning. */
  minGroupSize?: number;
  /** 'predictions' (a model's output) or 'dataset' (the labels themselves). */
  mode?: 'predictions' | 'dataset';
  favorable?: string;
  pause?: (fraction: number) => Promise<void>;
}

export interface FourFifthsComparison {
  group: string;
  reference: string;
  impactRatio: number;
  flagged: boolean;
  test: ProportionTest['test'];
  pValue: number;
  significant: boolean;
}

export interface Sides {
  priv: Uint8Array;
  unpriv: Uint8Array;
}

/** The five AIF360 headline metrics for one privileged/unprivileged split of the cells. */
export function headline(cells: ArrayLike<number>, sides: Sides) {
  const p = ratesOf(pooledCells(cells, sides.priv));
  const u = ratesOf(pooledCells(cells, sides.unpriv));
  const dTpr = u.tpr - p.tpr;
  const dFpr = u.fpr - p.fpr;
  return {
    disparateImpact: u.selectionRate / p.selectionRate,
    statisticalParityDifference: u.selectionRate - p.selectionRate,
    equalOpportunityDifference: dTpr,
    averageOddsDifference: 0.5 * (dFpr + dTpr),
    equalizedOddsDifference: Math.max(Math.abs(dFpr), Math.abs(dTpr)),
  };
}

const HEADLINE_NAMES = [
  'disparateImpact',
  'statisticalParityDifference',
  'equalOpportunityDifference',
  'averageOddsDifference',
  'equalizedOddsDifference',
] as const;
/** Headline metrics that need predictions to compare with the truth (not applicable in dataset mode). */
export const ODDS_METRICS = ['equalOpportunityDifference', 'averageOddsDifference', 'equalizedOddsDifference'] as const;
const PER_GROUP_NAMES = ['selectionRate', 'tpr', 'fpr', 'impactRatio'] as const;

function groupRates(cells: ArrayLike<number>, G: number): GroupRates[] {
  const out: GroupRates[] = [];
  for (let g = 0; g < G; g++) out.push(ratesOf(cells, g * CELLS_PER_GROUP));
  return out;
}

function mask(G: number, members: number[]): Uint8Array {
  const m = new Uint8Array(G);
  for (const g of members) m[g] = 1;
  return m;
}

function argBy(values: number[], better: (a: number, b: number) => boolean): number {
  let best = -1;
  for (let g = 0; g < values.length; g++) {
    if (Number.isNaN(values[g])) continue;
    if (best < 0 || better(values[g], values[best])) best = g;
  }
  return best;
}

function round(x: number, digits = 6): number {
  return Number.isFinite(x) ? Number(x.toFixed(digits)) : x;
}

// In a module of its own: node descriptions and the designer's fairness setup need it without this code.
export { AUTO_REFERENCE, isAutoReference };

/** Computes the full fairness report. */
export async function computeFairness(input: FairnessInput, o: FairnessOptions = {}): Promise<FairnessReport> {
  const { groups } = input;
  const G = groups.labels.length;
  const mode = o.mode ?? 'predictions';
  const minGroupSize = o.minGroupSize ?? 30;
  const warnings: string[] = [];
  const ids = cellIds(groups.codes, input.predicted, input.actual);
  const cells = countCells(ids, G, input.weights);
  const rawCells = input.weights ? countCells(ids, G) : cells;
  const rates = groupRates(cells, G);
  const raw = groupRates(rawCells, G);
  const overall = ratesOf(pooledCells(cells, new Uint8Array(G).fill(1)));

  let dropped = 0;
  for (let i = 0; i < ids.length; i++) if (ids[i] < 0 && groups.codes[i] >= 0) dropped++;
  if (groups.missing > 0) {
    warnings.push(
      `${groups.missing} row(s) have no value in ${groups.columns.join(' / ')} and are left out of every group.`,
    );
  }
  if (dropped > 0) {
    warnings.push(`${dropped} row(s) have no ${mode === 'dataset' ? 'label' : 'prediction'} and are left out.`);
  }

  const present = rates.map((r, g) => (r.n > 0 ? g : -1)).filter((g) => g >= 0);
  if (present.length < 2) {
    warnings.push('Fewer than two groups are present, so no group comparison is possible.');
  }
  const srs = rates.map((r) => (r.n > 0 ? r.selectionRate : NaN));
  const mostFavoured = argBy(srs, (a, b) => a > b);
  const leastFavoured = argBy(srs, (a, b) => a < b);
  const autoReference = isAutoReference(o.privileged);
  const privIdx = autoReference ? mostFavoured : o.privileged ? findGroup(groups, o.privileged) : -1;
  const sides: Sides =
    privIdx >= 0
      ? { priv: mask(G, [privIdx]), unpriv: mask(G, present.filter((g) => g !== privIdx)) }
      : { priv: mask(G, [mostFavoured]), unpriv: mask(G, [leastFavoured]) };
  const head = headline(cells, sides);
  if (mode === 'dataset') {
    // The label is both outcome and truth, so TPR/FPR are trivially 1/0: the odds-based metrics compare
    // decisions with the truth and are not defined for dataset labels (NaN, not a misleading 0).
    for (const k of ODDS_METRICS) head[k] = NaN;
  }

  // Four-fifths comparisons: each group's selection rate against the most favoured group's.
  const fourFifths: FourFifthsComparison[] = [];
  for (const g of present) {
    if (g === mostFavoured) continue;
    const ratio = srs[g] / srs[mostFavoured];
    const t = compareProportions(raw[g].selected, raw[g].n, raw[mostFavoured].selected, raw[mostFavoured].n);
    fourFifths.push({
      group: groups.labels[g],
      reference: groups.labels[mostFavoured],
      impactRatio: ratio,
      flagged: ratio < 0.8,
      test: t.test,
      pValue: t.pValue,
      significant: t.pValue < 0.05,
    });
  }

  // Calibration: mean score vs observed positive rate, per group, over labelled rows with a score.
  const calib = input.score ? calibration(input, G) : undefined;

  // Fairlearn aggregates.
  const fl = {
    selectionRate: aggregate(srs, overall.selectionRate),
    truePositiveRate: aggregate(
      rates.map((r) => r.tpr),
      overall.tpr,
    ),
    falsePositiveRate: aggregate(
      rates.map((r) => r.fpr),
      overall.fpr,
    ),
  };
  const eqOdds: Aggregate = equalizedOdds(fl.truePositiveRate, fl.falsePositiveRate);

  // Bootstrap intervals.
  const resamples = Math.max(0, Math.floor(o.resamples ?? 1000));
  const level = o.confidence ?? 0.95;
  let intervals: Map<string, [number, number]> | undefined;
  if (resamples > 0 && present.length >= 2) {
    intervals = await bootstrapIntervals(ids, input.weights, G, sides, mostFavoured, resamples, level, o);
  }

  const groupsOut: GroupFairness[] = rates.map((r, g) => {
    const out: GroupFairness = {
      group: groups.labels[g],
      n: r.n,
      selectionRate: r.selectionRate,
      tpr: r.tpr,
      fpr: r.fpr,
      fnr: r.fnr,
      precision: r.precision,
      baseRate: r.baseRate,
      accuracy: r.accuracy,
      impactRatioVsMostFavoured: srs[g] / srs[mostFavoured],
      impactRatioVsPrivileged: privIdx >= 0 ? srs[g] / srs[privIdx] : undefined,
      values: Object.fromEntries(groups.columns.map((c, j) => [c, groups.parts[g][j]])),
    };
    if (input.weights) out.rows = raw[g].n;
    if (calib) {
      out.meanScore = calib.meanScore[g];
      out.observedRate = calib.observed[g];
      out.calibrationGap = calib.meanScore[g] - calib.observed[g];
    }
    if (intervals) {
      out.ci = Object.fromEntries(PER_GROUP_NAMES.map((m) => [m, intervals!.get(`${m}:${g}`)]));
    }
    return out;
  });

  for (const g of present) {
    const label = groups.labels[g];
    if (raw[g].n < minGroupSize) {
      warnings.push(
        `Group "${label}" has only ${raw[g].n} row(s) (fewer than ${minGroupSize}): its rates are unreliable; read the intervals, not the point values.`,
      );
    } else if (mode === 'predictions' && raw[g].positives > 0 && raw[g].positives < 10) {
      warnings.push(`Group "${label}" has only ${raw[g].positives} actual positive(s): its true positive rate is unreliable.`);
    }
  }
  for (const f of fourFifths) {
    if (f.flagged) {
      warnings.push(
        `Four-fifths rule: group "${f.group}" is selected at ${round(f.impactRatio, 3)} times the rate of "${f.reference}" (below 0.8)` +
          (f.significant ? `, statistically significant (p = ${f.pValue.toPrecision(2)}).` : `, but not statistically significant (p = ${f.pValue.toPrecision(2)}).`),
      );
    }
  }
  if (mode === 'predictions' && overall.positives + overall.negatives === 0) {
    warnings.push('No row has a known true label, so TPR, FPR and the odds-based metrics cannot be computed.');
  }

  const privLabel = privIdx >= 0 ? groups.labels[privIdx] : groups.labels[mostFavoured];
  const report: FairnessReport = {
    attribute: groups.columns.join(' × '),
    privileged: privLabel,
    favorable: o.favorable ?? (mode === 'predictions' ? 'predicted = 1' : '1'),
    groups: groupsOut,
    ...head,
    warnings,
    extra: {
      mode,
      protectedColumns: groups.columns,
      privilegedChosen: privIdx >= 0,
      privilegedAuto: autoReference,
      unprivileged: privIdx >= 0 ? 'all other groups pooled' : groups.labels[leastFavoured],
      mostFavoured: groups.labels[mostFavoured],
      leastFavoured: groups.labels[leastFavoured],
      overall: {
        n: overall.n,
        selectionRate: overall.selectionRate,
        baseRate: overall.baseRate,
        tpr: overall.tpr,
        fpr: overall.fpr,
        accuracy: overall.accuracy,
        precision: overall.precision,
      },
      accuracy: overall.accuracy,
      baseRate: overall.baseRate,
      fairlearn:
        mode === 'dataset'
          ? { demographicParity: fl.selectionRate }
          : {
              demographicParity: fl.selectionRate,
              truePositiveRate: fl.truePositiveRate,
              falsePositiveRate: fl.falsePositiveRate,
              equalizedOdds: eqOdds,
            },
      fourFifths,
      ci: intervals
        ? {
            level,
            resamples,
            seed: o.seed ?? 0,
            ...Object.fromEntries(
              HEADLINE_NAMES.filter((m) => !(mode === 'dataset' && (ODDS_METRICS as readonly string[]).includes(m))).map((m) => [m, intervals!.get(m)]),
            ),
            demographicParityDifference: intervals.get('dpDifference'),
            demographicParityRatio: intervals.get('dpRatio'),
          }
        : undefined,
      weighted: input.weights !== undefined,
      missingGroupRows: groups.missing,
    },
  };
  return report;
}

function calibration(input: FairnessInput, G: number) {
  const sumScore = new Float64Array(G);
  const sumPos = new Float64Array(G);
  const sumW = new Float64Array(G);
  const { codes } = input.groups;
  const score = input.score!;
  for (let i = 0; i < codes.length; i++) {
    const g = codes[i];
    if (g < 0 || input.actual[i] < 0 || score[i] !== score[i]) continue;
    const w = input.weights ? input.weights[i] : 1;
    sumScore[g] += w * score[i];
    sumPos[g] += w * input.actual[i];
    sumW[g] += w;
  }
  const meanScore = Array.from(sumScore, (s, g) => s / sumW[g]);
  const observed = Array.from(sumPos, (s, g) => s / sumW[g]);
  return { meanScore, observed };
}

async function bootstrapIntervals(
  allIds: Int32Array,
  weights: Float64Array | undefined,
  G: number,
  sides: Sides,
  reference: number,
  resamples: number,
  level: number,
  o: FairnessOptions,
): Promise<Map<string, [number, number]>> {
  // Only rows that count take part in the resampling.
  let m = 0;
  for (let i = 0; i < allIds.length; i++) if (allIds[i] >= 0) m++;
  const ids = new Int32Array(m);
  const w = weights ? new Float64Array(m) : undefined;
  for (let i = 0, k = 0; i < allIds.length; i++) {
    if (allIds[i] < 0) continue;
    ids[k] = allIds[i];
    if (w) w[k] = weights![i];
    k++;
  }
  const names: string[] = [...HEADLINE_NAMES, 'dpDifference', 'dpRatio'];
  for (let g = 0; g < G; g++) for (const p of PER_GROUP_NAMES) names.push(`${p}:${g}`);
  const srs = new Float64Array(G);
  const statistic = (cells: Float64Array, out: Float64Array) => {
    const h = headline(cells, sides);
    out[0] = h.disparateImpact;
    out[1] = h.statisticalParityDifference;
    out[2] = h.equalOpportunityDifference;
    out[3] = h.averageOddsDifference;
    out[4] = h.equalizedOddsDifference;
    let max = -Infinity;
    let min = Infinity;
    for (let g = 0; g < G; g++) {
      const r = ratesOf(cells, g * CELLS_PER_GROUP);
      srs[g] = r.selectionRate;
      if (r.n > 0) {
        if (r.selectionRate > max) max = r.selectionRate;
        if (r.selectionRate < min) min = r.selectionRate;
      }
      const base = 7 + g * PER_GROUP_NAMES.length;
      out[base] = r.selectionRate;
      out[base + 1] = r.tpr;
      out[base + 2] = r.fpr;
    }
    out[5] = max - min;
    out[6] = min / max;
    for (let g = 0; g < G; g++) out[7 + g * PER_GROUP_NAMES.length + 3] = srs[g] / srs[reference];
  };
  const samples = await bootstrapCells(ids, w, G * CELLS_PER_GROUP, names.length, statistic, {
    resamples,
    seed: o.seed ?? 0,
    pause: o.pause,
  });
  const iv = percentileIntervals(samples, names.length, resamples, level);
  return new Map(names.map((nm, k) => [nm, iv[k]]));
}
