/**
 * One monitoring audit of a model on a batch: the batch is checked against the model's features, scored,
 * compared with the reference (drift of every feature and of the score: PSI, Jensen–Shannon, KS from
 * src/ml/drift), checked for fairness per group (src/ml/fairness) and, where outcomes are known, for
 * realised AUC and calibration. Pure: no files, no Node APIs; the CLI and the studio write the record.
 *
 * Alert rules (documented in docs/monitoring.md):
 *  - feature-drift / score-drift: a column the drift measures flag (PSI ≥ 0.25, or KS p < 0.05 with D ≥ 0.1,
 *    or Jensen–Shannon ≥ 0.1: DEFAULT_THRESHOLDS of src/ml/drift/feature-drift.ts);
 *  - new-levels: a model feature has category levels the reference never had;
 *  - four-fifths: a group's selection rate is below 0.8 × the reference group's (the privileged group, else
 *    the most selected) and the difference is statistically significant (two-proportion test, p < 0.05);
 *    below 0.8 without significance is a warning; groups under `minGroupRows` rows get a warning, not a number;
 *  - auc-drop: the realised AUC is more than `aucDrop` (0.05) below the AUC the version was registered with;
 *  - calibration: the Brier score exceeds the version's by more than `brierRise` (0.05), when both are known.
 * Fewer than `minRows` rows (default 100): drift, fairness and realised metrics are omitted with a warning.
 */
import type { Model } from '../core/ports.ts';
import type { Column, Table } from '../core/table/table.ts';
import type { FeaturizerSpec } from '../ml/features/featurizer.ts';
import { categoricalDrift, levelsOf, numericDrift, type ColumnDrift } from '../ml/drift/feature-drift.ts';
import { computeFairness, type FourFifthsComparison } from '../ml/fairness/fairness-metrics.ts';
import { encodeGroups } from '../ml/fairness/groups.ts';
import { scoreTable } from '../ml/models/scorers.ts';
import { realisedMetrics } from './calibration.ts';
import type { Alert, DriftEntry, FairnessEntry, MonitoringRecord } from './monitoring-record.ts';
import { MissingFeaturesError } from './missing-features.ts';

export const DEFAULT_MIN_ROWS = 100;
export const DEFAULT_MIN_GROUP_ROWS = 30;

// In its own module so scoring-pipeline.ts (loaded before every CLI run) does not load the drift and fairness code.
export { MissingFeaturesError };

export interface BatchAuditInput {
  model: Model;
  /** The version's registered metrics (auc, brier) to compare realised metrics with. */
  registeredMetrics?: Record<string, number | null>;
  reference: Table;
  batch: Table;
  /** Per batch row: 1 positive outcome, 0 negative, −1 unknown; absent when no outcome is known. */
  actual?: Int8Array;
  actualSource?: string;
  protectedColumn?: string;
  privileged?: string;
  minRows?: number;
  minGroupRows?: number;
  aucDrop?: number;
  brierRise?: number;
  /** Bootstrap resamples for the DI interval (0 = none). */
  resamples?: number;
  seed?: number;
}

export type BatchAudit = Pick<MonitoringRecord, 'selectionRate' | 'drift' | 'fairness' | 'outcomes' | 'alerts' | 'warnings'> & { scores: Float64Array };

/** The columns the model reads (its featurizer's inputs). */
export const modelFeatureColumns = (model: Model): string[] => (model.featurizer as FeaturizerSpec).columns.map((c) => c.name);

/** Throws MissingFeaturesError when `table` lacks any of the model's columns. */
export function checkFeatures(model: Model, table: Table, what: string): void {
  const have = new Set(table.columns.map((c) => c.name));
  const missing = modelFeatureColumns(model).filter((c) => !have.has(c));
  if (missing.length) throw new MissingFeaturesError(missing, what);
}

const threshold = (model: Model) => (typeof model.hyperParams.threshold === 'number' ? model.hyperParams.threshold : 0.5);

function driftEntry(d: ColumnDrift): DriftEntry {
  return {
    column: d.column,
    kind: d.kind,
    psi: d.psi,
    band: d.band,
    jensenShannon: d.jensenShannon,
    ...(d.ks ? { ks: { statistic: d.ks.statistic, pValue: d.ks.pValue } } : {}),
    newLevels: d.newLevels,
    flags: [...d.flags, ...(d.newLevels.length ? ['new-levels'] : [])],
    drifted: d.drifted || d.newLevels.length > 0,
  };
}

const isNumeric = (c: Column) => c.type !== 'category' && c.type !== 'text';

function columnDrift(name: string, ref: Column, cur: Column, role: 'feature' | 'score'): ColumnDrift {
  if (isNumeric(ref) && isNumeric(cur)) return numericDrift(name, ref.values as Float64Array, cur.values as Float64Array, { role });
  if (!isNumeric(ref) && !isNumeric(cur)) return categoricalDrift(name, levelsOf(ref), levelsOf(cur), { role });
  throw new Error(`Column "${name}" is ${isNumeric(ref) ? 'numeric' : 'categorical'} in the reference but ${isNumeric(cur) ? 'numeric' : 'categorical'} in the batch; fix the batch's values so the column has one type.`);
}

const fmt = (x: number) => (Math.abs(x) >= 0.001 ? x.toFixed(3) : x.toExponential(2));

/** Runs the audit (see the rules at the top). */
export async function auditBatch(input: BatchAuditInput): Promise<BatchAudit> {
  const { model, batch, reference } = input;
  checkFeatures(model, batch, 'The batch');
  checkFeatures(model, reference, 'The reference data');
  const minRows = input.minRows ?? DEFAULT_MIN_ROWS;
  const minGroupRows = input.minGroupRows ?? DEFAULT_MIN_GROUP_ROWS;
  const warnings: string[] = [];
  const alerts: Alert[] = [];
  const scores = scoreTable(model, batch);
  const t = threshold(model);
  let selected = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] >= t) selected++;
  const enough = batch.nRows >= minRows;
  if (!enough) warnings.push(`Only ${batch.nRows} rows (at least ${minRows} are needed): drift, fairness and realised metrics are omitted for this batch, not estimated from too few rows.`);

  let drift: BatchAudit['drift'] = null;
  if (enough) {
    const features: DriftEntry[] = [];
    for (const name of modelFeatureColumns(model)) {
      const d = driftEntry(columnDrift(name, reference.columns.find((c) => c.name === name)!, batch.columns.find((c) => c.name === name)!, 'feature'));
      features.push(d);
      if (d.newLevels.length) alerts.push({ kind: 'new-levels', subject: name, message: `"${name}" has level(s) the reference never had: ${d.newLevels.join(', ')}.` });
      if (d.drifted && d.flags.some((f) => f !== 'new-levels')) {
        alerts.push({ kind: 'feature-drift', subject: name, message: `"${name}" drifted (PSI ${fmt(d.psi)}, ${d.band}; JS ${fmt(d.jensenShannon)}${d.ks ? `; KS D ${fmt(d.ks.statistic)}, p ${fmt(d.ks.pValue)}` : ''}).`, value: d.psi, threshold: 0.25 });
      }
    }
    const refScores = scoreTable(model, reference);
    const score = driftEntry(numericDrift('score', refScores, scores, { role: 'score' }));
    if (score.drifted) alerts.push({ kind: 'score-drift', subject: 'score', message: `The model's score drifted (PSI ${fmt(score.psi)}, ${score.band}; JS ${fmt(score.jensenShannon)}${score.ks ? `; KS D ${fmt(score.ks.statistic)}` : ''}).`, value: score.psi, threshold: 0.25 });
    drift = { features, score };
  }

  let fairness: FairnessEntry | null = null;
  if (!input.protectedColumn) warnings.push('No protected column (--protected, or a fairness report registered with the version): fairness per group is omitted.');
  else if (!batch.columns.some((c) => c.name === input.protectedColumn)) warnings.push(`The batch has no column "${input.protectedColumn}": fairness per group is omitted.`);
  else if (enough) fairness = await groupFairness(input, scores, t, minGroupRows, warnings, alerts);

  let outcomes: BatchAudit['outcomes'] = null;
  if (input.actual && enough) {
    const m = realisedMetrics(scores, input.actual);
    if (!m) warnings.push('No batch row has a known outcome yet: realised metrics are omitted.');
    else if (m.n < minRows) warnings.push(`Only ${m.n} rows have a known outcome (at least ${minRows} are needed): realised metrics are omitted.`);
    else {
      outcomes = { ...m, source: input.actualSource ?? 'outcomes' };
      const regAuc = input.registeredMetrics?.auc;
      const drop = input.aucDrop ?? 0.05;
      if (m.auc !== null && typeof regAuc === 'number' && m.auc < regAuc - drop) {
        alerts.push({ kind: 'auc-drop', subject: 'auc', message: `Realised AUC ${fmt(m.auc)} is more than ${drop} below the registered ${fmt(regAuc)}.`, value: m.auc, threshold: regAuc - drop });
      }
      const regBrier = input.registeredMetrics?.brier;
      const rise = input.brierRise ?? 0.05;
      if (typeof regBrier === 'number' && m.brier > regBrier + rise) {
        alerts.push({ kind: 'calibration', subject: 'brier', message: `Realised Brier score ${fmt(m.brier)} is more than ${rise} above the registered ${fmt(regBrier)}.`, value: m.brier, threshold: regBrier + rise });
      }
    }
  }
  return { scores, selectionRate: batch.nRows ? selected / batch.nRows : null, drift, fairness, outcomes, alerts, warnings };
}

async function groupFairness(input: BatchAuditInput, scores: Float64Array, t: number, minGroupRows: number, warnings: string[], alerts: Alert[]): Promise<FairnessEntry> {
  const { batch } = input;
  const attribute = input.protectedColumn!;
  const groups = encodeGroups(batch, [attribute]);
  const predicted = Int8Array.from(scores, (s) => (s >= t ? 1 : 0));
  const actual = input.actual ?? new Int8Array(batch.nRows).fill(-1);
  const report = await computeFairness(
    { groups, predicted, actual, score: scores },
    { privileged: input.privileged ?? '', resamples: input.resamples ?? 200, seed: input.seed ?? 1, minGroupSize: minGroupRows },
  );
  const counts = new Float64Array(groups.labels.length);
  const sel = new Float64Array(groups.labels.length);
  const pos = new Float64Array(groups.labels.length);
  const known = new Float64Array(groups.labels.length);
  for (let i = 0; i < batch.nRows; i++) {
    const g = groups.codes[i];
    if (g < 0) continue;
    counts[g]++;
    sel[g] += predicted[i];
    if (actual[i] >= 0) {
      known[g]++;
      pos[g] += actual[i];
    }
  }
  const privileged = report.privileged ?? '';
  const rates = groups.labels.map((_, g) => (counts[g] >= minGroupRows ? sel[g] / counts[g] : null));
  const small = new Set(groups.labels.filter((_, g) => counts[g] < minGroupRows));
  for (const label of small) warnings.push(`Group "${label}" of "${attribute}" has only ${counts[groups.labels.indexOf(label)]} rows (at least ${minGroupRows} are needed): its rates are omitted.`);
  // Four fifths, two-pronged: below 0.8 AND significant (computeFairness's two-proportion test), so that
  // a quarter's sampling noise on a few dozen selections does not raise an alarm; below 0.8 alone is a warning.
  const below: string[] = [];
  const comparisons = ((report.extra as { fourFifths?: FourFifthsComparison[] } | undefined)?.fourFifths ?? []).filter((f) => !small.has(f.group) && !small.has(f.reference));
  for (const f of comparisons) {
    if (!f.flagged) continue;
    below.push(f.group);
    const text = `Group "${f.group}" is selected at ${(f.impactRatio * 100).toFixed(1)}% of the rate of "${f.reference}" (below four fifths; p = ${f.pValue.toPrecision(2)}).`;
    if (f.significant) alerts.push({ kind: 'four-fifths', subject: f.group, message: text, value: f.impactRatio, threshold: 0.8 });
    else warnings.push(`${text} Not statistically significant with these counts, so no alert; watch the next periods.`);
  }
  const ci = (report.extra as { ci?: Record<string, [number, number] | null | undefined> } | undefined)?.ci?.disparateImpact;
  const num = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    attribute,
    ...(privileged ? { privileged } : {}),
    disparateImpact: num(report.disparateImpact),
    ...(ci ? { disparateImpactCi: ci } : {}),
    statisticalParityDifference: num(report.statisticalParityDifference),
    equalOpportunityDifference: num(report.equalOpportunityDifference),
    groups: groups.labels.map((group, g) => ({
      group,
      n: counts[g],
      selectionRate: rates[g],
      ...(input.actual ? { outcomeRate: known[g] >= minGroupRows ? pos[g] / known[g] : null } : {}),
    })),
    belowFourFifths: below,
  };
}
