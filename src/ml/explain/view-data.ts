/**
 * Data for the explanation views (SHAP view, manager view), computed from the explanation document
 * without the DOM: importance bars, beeswarm and dependence points, one person's waterfall, the
 * risk list with plain-language drivers, and its CSV export.
 */
import type { Column, Table } from '../../core/table/table.ts';
import { toProbability, type ShapExplanationData } from './explanation.ts';
import { topDrivers, type Driver } from './plain-language.ts';

/** The person's value of slot g (number, category label, or null). */
export function slotValue(d: ShapExplanationData, i: number, g: number): number | string | null {
  const labels = d.featureLabels[g];
  if (labels) return labels[i];
  const v = d.featureValues[i * d.features.length + g];
  return Number.isNaN(v) ? null : v;
}

export function rowContributions(d: ShapExplanationData, i: number): Float64Array {
  const k = d.features.length;
  return d.shap.subarray(i * k, i * k + k);
}

export interface BeeswarmPoint {
  feature: string;
  /** Row position of the feature in the chart (0 = most important). */
  lane: number;
  shap: number;
  /** Value scaled to 0..1 within the feature (rank), NaN for categories and missing values. */
  level: number;
  row: number;
}

/** Points of the beeswarm for the `top` most important features, at most `maxRows` rows (evenly spaced). */
export function beeswarmPoints(d: ShapExplanationData, top = 12, maxRows = 2000): BeeswarmPoint[] {
  const k = d.features.length;
  const feats = d.importance.slice(0, top).map((x) => d.features.indexOf(x.feature));
  const step = Math.max(1, d.rows / maxRows);
  const rows: number[] = [];
  for (let r = 0; r < d.rows; r += step) rows.push(Math.floor(r));
  const out: BeeswarmPoint[] = [];
  feats.forEach((g, lane) => {
    // Rank-scale the values so one outlier does not wash out the colours.
    const vals = rows.map((i) => d.featureValues[i * k + g]).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    const rank = (v: number) => {
      if (Number.isNaN(v) || vals.length < 2) return NaN;
      let lo = 0;
      let hi = vals.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (vals[mid] < v) lo = mid + 1;
        else hi = mid;
      }
      return lo / (vals.length - 1);
    };
    for (const i of rows) out.push({ feature: d.features[g], lane, shap: d.shap[i * k + g], level: rank(d.featureValues[i * k + g]), row: i });
  });
  return out;
}

export interface DependencePoint {
  x: number | string;
  shap: number;
  row: number;
}

/** Feature value vs its SHAP value for every row (missing values left out). */
export function dependencePoints(d: ShapExplanationData, feature: string, maxRows = 5000): DependencePoint[] {
  const g = d.features.indexOf(feature);
  if (g < 0) return [];
  const k = d.features.length;
  const step = Math.max(1, d.rows / maxRows);
  const out: DependencePoint[] = [];
  for (let r = 0; r < d.rows; r += step) {
    const i = Math.floor(r);
    const x = slotValue(d, i, g);
    if (x === null) continue;
    out.push({ x, shap: d.shap[i * k + g], row: i });
  }
  return out;
}

export interface WaterfallStep {
  label: string;
  start: number;
  end: number;
  contribution: number;
  text: string;
}

/** From the expected value through the largest contributions (the rest summed) to the row's output. */
export function waterfallSteps(d: ShapExplanationData, i: number, maxSteps = 10): { steps: WaterfallStep[]; output: number; probability: number } {
  const c = rowContributions(d, i);
  const order = d.features.map((_, g) => g).sort((a, b) => Math.abs(c[b]) - Math.abs(c[a]));
  const shown = order.slice(0, maxSteps);
  const rest = order.slice(maxSteps);
  let x = d.expectedValue;
  const steps: WaterfallStep[] = [];
  for (const g of shown) {
    const value = slotValue(d, i, g);
    const driver = topDrivers([d.features[g]], [c[g]], [value], 1)[0];
    steps.push({ label: d.features[g], start: x, end: x + c[g], contribution: c[g], text: driver.text });
    x += c[g];
  }
  if (rest.length > 0) {
    let s = 0;
    for (const g of rest) s += c[g];
    steps.push({ label: `${rest.length} other columns`, start: x, end: x + s, contribution: s, text: '' });
    x += s;
  }
  return { steps, output: x, probability: toProbability(d.outputScale, x) };
}

export interface RiskRow {
  row: number;
  id: string;
  score: number;
  drivers: Driver[];
}

/** Everyone, highest score first, with the drivers that raise their risk most. */
export function riskList(d: ShapExplanationData, k = 3): RiskRow[] {
  const out: RiskRow[] = [];
  for (let i = 0; i < d.rows; i++) {
    const values = d.features.map((_, g) => slotValue(d, i, g));
    out.push({ row: i, id: d.rowIds[i], score: d.scores[i], drivers: topDrivers(d.features, rowContributions(d, i), values, k, true) });
  }
  return out.sort((a, b) => b.score - a.score);
}

/** Scores and top drivers as a table for CSV export (Power BI / Tableau): one row per person. */
export function riskTable(list: RiskRow[], k = 3): Table {
  const n = list.length;
  const text = (name: string, f: (r: RiskRow) => string): Column => ({ name, type: 'text', values: list.map(f) });
  const columns: Column[] = [
    text('id', (r) => r.id),
    { name: 'risk_score', type: 'number', values: Float64Array.from(list, (r) => r.score) },
    { name: 'risk_rank', type: 'integer', values: Float64Array.from({ length: n }, (_, i) => i + 1) },
  ];
  for (let j = 0; j < k; j++) {
    columns.push(text(`driver_${j + 1}`, (r) => r.drivers[j]?.text ?? ''));
    columns.push(text(`driver_${j + 1}_column`, (r) => r.drivers[j]?.feature ?? ''));
    columns.push({ name: `driver_${j + 1}_effect`, type: 'number', values: Float64Array.from(list, (r) => r.drivers[j]?.contribution ?? NaN) });
  }
  return { nRows: n, columns };
}
