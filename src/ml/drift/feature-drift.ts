/**
 * Drift of one column between a reference table and a current table: PSI and Jensen–Shannon distance on
 * shared bins (see binning.ts), and for numeric columns the two-sample Kolmogorov–Smirnov test.
 */
import type { Column } from '../../core/table/table.ts';
import { binLabels, countSortedIntoBins, quantileEdges } from './binning.ts';
import type { PeriodEncoding } from './periods.ts';
import { jensenShannonDistance, populationStabilityIndex, psiBand, type PsiBand } from './divergence.ts';
import { ksFromStatistic, ksTwoSample, type KsResult } from './ks-two-sample.ts';
import { bucketPass } from './bucket-pass.ts';
import { sortNumbers } from './sort-numbers.ts';
import { DEFAULT_BINS } from './drift-defaults.ts';

// In a module of its own so the drift-report node's description (designer main thread) needs no drift code.
export { DEFAULT_BINS };

export interface DriftThresholds {
  /** PSI at or above this is a moderate shift (default 0.1). */
  psiModerate: number;
  /** PSI at or above this is a major shift and flags the column (default 0.25). */
  psiMajor: number;
  /** KS flags only when p < alpha AND D ≥ ksMinStatistic: with large batches every tiny shift is significant. */
  ksAlpha: number;
  ksMinStatistic: number;
  /** Jensen–Shannon distance at or above this flags the column (default 0.1). */
  jsThreshold: number;
}

export const DEFAULT_THRESHOLDS: DriftThresholds = {
  psiModerate: 0.1,
  psiMajor: 0.25,
  ksAlpha: 0.05,
  ksMinStatistic: 0.1,
  jsThreshold: 0.1,
};

export interface DriftBin {
  label: string;
  reference: number;
  current: number;
  /** This bin's term of the PSI sum. */
  psiTerm: number;
}

export interface ColumnDrift {
  column: string;
  kind: 'numeric' | 'categorical';
  /** 'score' for the model's score column, 'feature' otherwise. */
  role: 'feature' | 'score';
  nReference: number;
  nCurrent: number;
  missingReference: number;
  missingCurrent: number;
  psi: number;
  band: PsiBand;
  jensenShannon: number;
  /** Numeric columns only. */
  ks?: KsResult;
  bins: DriftBin[];
  /** Categorical: levels that occur in the current table but never in the reference. */
  newLevels: string[];
  /** Which measures crossed their threshold ('psi', 'ks', 'js'); empty = no drift flagged. */
  flags: Array<'psi' | 'ks' | 'js'>;
  drifted: boolean;
  referenceMean?: number;
  currentMean?: number;
  /** Numeric: the bin edges (from the reference's quantiles). */
  edges?: number[];
}

function finiteSorted(values: Float64Array): { sorted: Float64Array; missing: number } {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) m++;
  if (m === values.length) return { sorted: sortNumbers(values), missing: 0 };
  const out = new Float64Array(m);
  for (let i = 0, k = 0; i < values.length; i++) if (values[i] === values[i]) out[k++] = values[i];
  return { sorted: sortNumbers(out), missing: values.length - m };
}

function mean(sorted: Float64Array): number {
  let s = 0;
  for (let i = 0; i < sorted.length; i++) s += sorted[i];
  return sorted.length ? s / sorted.length : NaN;
}

function withMissingBin(counts: Float64Array, missing: number, anyMissing: boolean): Float64Array {
  if (!anyMissing) return counts;
  const out = new Float64Array(counts.length + 1);
  out.set(counts);
  out[counts.length] = missing;
  return out;
}

function finish(
  base: Omit<ColumnDrift, 'psi' | 'band' | 'jensenShannon' | 'bins' | 'flags' | 'drifted'>,
  labels: string[],
  ref: Float64Array,
  cur: Float64Array,
  t: DriftThresholds,
): ColumnDrift {
  const { psi, terms } = populationStabilityIndex(ref, cur);
  const jensenShannon = jensenShannonDistance(ref, cur);
  const flags: ColumnDrift['flags'] = [];
  if (psi >= t.psiMajor) flags.push('psi');
  if (base.ks && base.ks.pValue < t.ksAlpha && base.ks.statistic >= t.ksMinStatistic) flags.push('ks');
  if (jensenShannon >= t.jsThreshold) flags.push('js');
  const bins = labels.map((label, k) => ({ label, reference: ref[k], current: cur[k], psiTerm: terms[k] }));
  return { ...base, psi, band: psiBand(psi, t.psiModerate, t.psiMajor), jensenShannon, bins, flags, drifted: flags.length > 0 };
}

/** Drift of a numeric (number, integer, boolean, date) column. */
export function numericDrift(
  column: string,
  reference: Float64Array,
  current: Float64Array,
  o: { bins?: number; thresholds?: DriftThresholds; role?: 'feature' | 'score'; format?: (v: number) => string } = {},
): ColumnDrift {
  const t = o.thresholds ?? DEFAULT_THRESHOLDS;
  const r = finiteSorted(reference);
  const c = finiteSorted(current);
  const edges = quantileEdges(r.sorted, o.bins ?? DEFAULT_BINS);
  const anyMissing = r.missing + c.missing > 0;
  const ref = withMissingBin(countSortedIntoBins(r.sorted, edges), r.missing, anyMissing);
  const cur = withMissingBin(countSortedIntoBins(c.sorted, edges), c.missing, anyMissing);
  const labels = binLabels(edges, o.format);
  if (anyMissing) labels.push('(missing)');
  const ks = r.sorted.length > 0 && c.sorted.length > 0 ? ksTwoSample(r.sorted, c.sorted) : undefined;
  return finish(
    {
      column,
      kind: 'numeric',
      role: o.role ?? 'feature',
      nReference: reference.length,
      nCurrent: current.length,
      missingReference: r.missing,
      missingCurrent: c.missing,
      ks,
      newLevels: [],
      referenceMean: mean(r.sorted),
      currentMean: mean(c.sorted),
      edges: Array.from(edges),
    },
    labels,
    ref,
    cur,
    t,
  );
}

/** Values of a categorical column as strings per code plus codes (-1 missing). */
export interface Levels {
  codes: Int32Array;
  levels: string[];
}

/** Drift of a categorical column: one bin per level of either table, new levels named. */
export function categoricalDrift(
  column: string,
  reference: Levels,
  current: Levels,
  o: { thresholds?: DriftThresholds; role?: 'feature' | 'score' } = {},
): ColumnDrift {
  const t = o.thresholds ?? DEFAULT_THRESHOLDS;
  // Union of levels: the reference's first (in its order), then levels new in the current table.
  const index = new Map<string, number>();
  const labels: string[] = [];
  for (const l of reference.levels) if (!index.has(l)) index.set(l, labels.push(l) - 1);
  const refCounts = new Float64Array(reference.levels.length);
  let refMissing = 0;
  for (let i = 0; i < reference.codes.length; i++) {
    const k = reference.codes[i];
    if (k < 0) refMissing++;
    else refCounts[k]++;
  }
  const curCountsByCode = new Float64Array(current.levels.length);
  let curMissing = 0;
  for (let i = 0; i < current.codes.length; i++) {
    const k = current.codes[i];
    if (k < 0) curMissing++;
    else curCountsByCode[k]++;
  }
  current.levels.forEach((l, k) => {
    if (!index.has(l) && curCountsByCode[k] > 0) index.set(l, labels.push(l) - 1);
  });
  // Levels of the dictionaries that occur in neither table are left out (filtered categories).
  const ref = new Float64Array(labels.length);
  const cur = new Float64Array(labels.length);
  reference.levels.forEach((l, k) => (ref[index.get(l)!] += refCounts[k]));
  current.levels.forEach((l, k) => {
    const j = index.get(l);
    if (j !== undefined) cur[j] += curCountsByCode[k];
  });
  const keep: number[] = [];
  for (let j = 0; j < labels.length; j++) if (ref[j] > 0 || cur[j] > 0) keep.push(j);
  const anyMissing = refMissing + curMissing > 0;
  const refK = withMissingBin(Float64Array.from(keep, (j) => ref[j]), refMissing, anyMissing);
  const curK = withMissingBin(Float64Array.from(keep, (j) => cur[j]), curMissing, anyMissing);
  const keptLabels = keep.map((j) => labels[j]);
  // New: present in the current table, never in the reference (whatever the reference's dictionary lists).
  const newLevels = keep.filter((j) => ref[j] === 0).map((j) => labels[j]);
  if (anyMissing) keptLabels.push('(missing)');
  return finish(
    {
      column,
      kind: 'categorical',
      role: o.role ?? 'feature',
      nReference: reference.codes.length,
      nCurrent: current.codes.length,
      missingReference: refMissing,
      missingCurrent: curMissing,
      newLevels,
    },
    keptLabels,
    refK,
    curK,
    t,
  );
}

/** Category codes and levels of a table column (text values dictionary-encoded on the fly). */
export function levelsOf(c: Column): Levels {
  if (c.type === 'category') return { codes: c.codes, levels: c.categories };
  if (c.type === 'text') {
    const index = new Map<string, number>();
    const levels: string[] = [];
    const codes = new Int32Array(c.values.length);
    for (let i = 0; i < c.values.length; i++) {
      const v = c.values[i];
      if (v == null || v === '') {
        codes[i] = -1;
        continue;
      }
      let k = index.get(v);
      if (k === undefined) index.set(v, (k = levels.push(v) - 1));
      codes[i] = k;
    }
    return { codes, levels };
  }
  throw new Error(`Column "${c.name}" is numeric; use numericDrift.`);
}

export interface PeriodDrift {
  period: string;
  n: number;
  /** null when the period has too few rows to say anything. */
  psi: number | null;
  jensenShannon: number | null;
  band: PsiBand | null;
}

/** First index j with v < edges[j] (numpy.searchsorted(edges, v, side='right')). */
function binOf(edges: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v >= edges[mid]) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * PSI and Jensen–Shannon distance of each period of the current table against the reference, on the
 * bins of the overall comparison (`overall`, from numericDrift / categoricalDrift of the same column).
 * Periods with fewer than `minRows` rows get nulls (the caller warns). No sorting: one bin look-up per row.
 */
export function driftByPeriod(current: Column, overall: ColumnDrift, periods: PeriodEncoding, minRows: number, t: DriftThresholds = DEFAULT_THRESHOLDS): PeriodDrift[] {
  const P = periods.labels.length;
  const K = overall.bins.length;
  const hasMissingBin = overall.bins[K - 1]?.label === '(missing)';
  const missingBin = hasMissingBin ? K - 1 : -1;
  const counts = new Float64Array(P * K);
  const codes = periods.codes;
  const n = codes.length;
  let outside = 0; // values with no bin: missing when neither table had a missing value is impossible
  if (overall.kind === 'numeric') {
    if (current.type === 'category' || current.type === 'text') throw new Error(`Column "${current.name}" is not numeric.`);
    const edges = Float64Array.from(overall.edges ?? []);
    const v = current.values;
    for (let i = 0; i < n; i++) {
      const p = codes[i];
      if (p < 0) continue;
      const x = v[i];
      const k = x !== x ? missingBin : binOf(edges, x);
      if (k < 0) outside++;
      else counts[p * K + k]++;
    }
  } else {
    const lv = levelsOf(current);
    const index = new Map(overall.bins.map((b, k) => [b.label, k]));
    const binOfCode = Int32Array.from(lv.levels, (l) => index.get(l) ?? -1);
    for (let i = 0; i < n; i++) {
      const p = codes[i];
      if (p < 0) continue;
      const c = lv.codes[i];
      const k = c < 0 ? missingBin : binOfCode[c];
      if (k < 0) outside++;
      else counts[p * K + k]++;
    }
  }
  if (outside > 0) throw new Error(`Internal: ${outside} value(s) of "${current.name}" fell outside the overall bins.`);
  const ref = Float64Array.from(overall.bins, (b) => b.reference);
  const out: PeriodDrift[] = [];
  for (let p = 0; p < P; p++) {
    const cur = counts.subarray(p * K, (p + 1) * K);
    let m = 0;
    for (let k = 0; k < K; k++) m += cur[k];
    if (m < minRows) {
      out.push({ period: periods.labels[p], n: m, psi: null, jensenShannon: null, band: null });
      continue;
    }
    const psi = populationStabilityIndex(ref, cur).psi;
    out.push({ period: periods.labels[p], n: m, psi, jensenShannon: jensenShannonDistance(ref, cur), band: psiBand(psi, t.psiModerate, t.psiMajor) });
  }
  return out;
}

/**
 * Numeric drift of a large current sample (and, with `periods`, per period) without sorting it: one
 * pass counts each value into a few thousand buckets, a second one refines KS in the few buckets that
 * can hold its maximum (bucket-pass.ts). Same results as numericDrift
 * (bins, PSI, JS, KS statistic and p-value), and the per-period PSI / JS of driftByPeriod.
 */
export function numericDriftByRank(
  column: string,
  reference: Float64Array,
  current: Float64Array,
  o: {
    bins?: number;
    thresholds?: DriftThresholds;
    role?: 'feature' | 'score';
    format?: (v: number) => string;
    periods?: PeriodEncoding;
    minPeriodRows?: number;
    /** Buckets of the one-pass KS (bucket-pass.ts); tests set few to exercise the refinement. */
    buckets?: number;
  } = {},
): { drift: ColumnDrift; byPeriod?: PeriodDrift[] } {
  const t = o.thresholds ?? DEFAULT_THRESHOLDS;
  const r = finiteSorted(reference);
  const edges = quantileEdges(r.sorted, o.bins ?? DEFAULT_BINS);
  const B = edges.length + 1;
  const P = o.periods ? o.periods.labels.length : 0;
  const pass = bucketPass(r.sorted, current, edges, o.periods?.codes, P, o.buckets);
  const { periodCounts, missing, sum } = pass;
  const curCounts = pass.binCounts;
  const nCur = current.length - missing;
  const anyMissing = r.missing + missing > 0;
  const refCounts = withMissingBin(countSortedIntoBins(r.sorted, edges), r.missing, anyMissing);
  const cur = withMissingBin(curCounts, missing, anyMissing);
  const labels = binLabels(edges, o.format);
  if (anyMissing) labels.push('(missing)');
  const ks = r.sorted.length > 0 && nCur > 0 ? ksFromStatistic(pass.ks, r.sorted.length, nCur) : undefined;
  const drift = finish(
    {
      column,
      kind: 'numeric',
      role: o.role ?? 'feature',
      nReference: reference.length,
      nCurrent: current.length,
      missingReference: r.missing,
      missingCurrent: missing,
      ks,
      newLevels: [],
      referenceMean: mean(r.sorted),
      currentMean: nCur ? sum / nCur : NaN,
      edges: Array.from(edges),
    },
    labels,
    refCounts,
    cur,
    t,
  );
  if (!o.periods) return { drift };
  const byPeriod: PeriodDrift[] = [];
  const K = refCounts.length;
  for (let p = 0; p < P; p++) {
    const row = periodCounts.subarray(p * (B + 1), p * (B + 1) + K);
    let m = 0;
    for (let k = 0; k < K; k++) m += row[k];
    if (m < (o.minPeriodRows ?? 1)) {
      byPeriod.push({ period: o.periods.labels[p], n: m, psi: null, jensenShannon: null, band: null });
      continue;
    }
    const psi = populationStabilityIndex(refCounts, row).psi;
    byPeriod.push({ period: o.periods.labels[p], n: m, psi, jensenShannon: jensenShannonDistance(refCounts, row), band: psiBand(psi, t.psiModerate, t.psiMajor) });
  }
  return { drift, byPeriod };
}
