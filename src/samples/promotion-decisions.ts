/**
 * Seeded generator of the promotion template's quarterly audit data (issue 15), kept apart from
 * `promotion.csv`, whose columns DESIGN.md fixes:
 *
 * - `promotion_decisions.csv`: the candidates considered each quarter, with the model's features (the
 *   promotion.csv columns but `promoted`) and `decision_date`; ids start at 50001 and never repeat.
 * - `promotion_outcomes.csv`: what the panel decided, `id, outcome, outcome_date` (1 = promoted; the
 *   date a few weeks after the decision), to join back with `crispflow monitor --outcomes`.
 *
 * Quarters before `driftFrom` are drawn like promotion.csv (same capability model, a mild historical
 * bias). From `driftFrom` on, a drift is injected: group B's KPI scores are shifted down (a changed KPI
 * process that under-rates roles where B is over-represented), so the KPI distribution shifts, the
 * model's score shifts, and group B's selection rate falls below four fifths of group A's; the panel's
 * decisions follow the KPIs and become more biased too.
 */
import { createRng } from '../core/rng.ts';
import type { Table } from '../core/table/table.ts';
import { DEPARTMENTS } from './promotion.ts';

export interface PromotionDecisionOptions {
  quarters?: number;
  rowsPerQuarter?: number;
  /** First quarter (0-based, from `startYear`-Q1) with the injected drift; quarters >= this drift. */
  driftFrom?: number;
  /** KPI points taken from group B in drifted quarters. */
  kpiShift?: number;
  startYear?: number;
  seed?: number;
}

export const PROMOTION_DECISION_COLUMNS = [
  'employee_id',
  'group',
  'department',
  'tenure_years',
  'kpi_score',
  'training_score',
  'peer_rating',
  'projects_led',
  'awards',
  'decision_date',
] as const;
export const PROMOTION_OUTCOME_COLUMNS = ['id', 'outcome', 'outcome_date'] as const;

const DEPT_WEIGHTS_A = [0.26, 0.18, 0.2, 0.14, 0.14, 0.08];
const DEPT_WEIGHTS_B = [0.14, 0.1, 0.2, 0.14, 0.26, 0.16];
const DEPT_EFFECT = [0.25, 0.2, 0, 0, -0.2, -0.25];
const DAY = 86_400_000;

function poisson(rng: { next(): number }, lambda: number): number {
  const l = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > l) {
    k++;
    p *= rng.next();
  }
  return k;
}

function pick(u: number, w: readonly number[]): number {
  let acc = 0;
  for (let k = 0; k < w.length; k++) if (u < (acc += w[k])) return k;
  return w.length - 1;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Quarter label of quarter index q (0 = startYear-Q1). */
export const quarterLabel = (startYear: number, q: number) => `${startYear + Math.floor(q / 4)}-Q${(q % 4) + 1}`;

/** Both tables, deterministic for a seed. */
export function generatePromotionDecisions(o: PromotionDecisionOptions = {}): { decisions: Table; outcomes: Table; driftQuarters: string[] } {
  const Q = o.quarters ?? 8;
  const per = o.rowsPerQuarter ?? 1000;
  const driftFrom = o.driftFrom ?? 6;
  const kpiShift = o.kpiShift ?? 14;
  const startYear = o.startYear ?? 2024;
  const rng = createRng(o.seed ?? 20250115);
  const n = Q * per;
  const id = new Float64Array(n);
  const group = new Int32Array(n);
  const dept = new Int32Array(n);
  const tenure = new Float64Array(n);
  const kpi = new Float64Array(n);
  const training = new Float64Array(n);
  const peer = new Float64Array(n);
  const projects = new Float64Array(n);
  const awards = new Float64Array(n);
  const decision = new Float64Array(n);
  const outcome = new Float64Array(n);
  const outcomeDate = new Float64Array(n);
  for (let q = 0; q < Q; q++) {
    const drifted = q >= driftFrom;
    const quarterStart = Date.UTC(startYear + Math.floor(q / 4), (q % 4) * 3, 1);
    for (let j = 0; j < per; j++) {
      const i = q * per + j;
      id[i] = 50001 + i;
      const g = rng.next() < 0.4 ? 1 : 0;
      group[i] = g;
      dept[i] = pick(rng.next(), g === 0 ? DEPT_WEIGHTS_A : DEPT_WEIGHTS_B);
      const capability = rng.normal();
      tenure[i] = round1(clamp(-Math.log(1 - rng.next()) * 5 + 0.5, 0.5, 30));
      kpi[i] = round1(clamp(66 + 11 * capability + 8 * rng.normal() - (drifted && g === 1 ? kpiShift : 0), 0, 100));
      training[i] = round1(clamp(72 + 8 * capability + 9 * rng.normal(), 0, 100));
      peer[i] = round1(clamp(3.5 + 0.45 * capability + 0.45 * rng.normal(), 1, 5));
      projects[i] = poisson(rng, Math.exp(0.2 + 0.45 * capability + 0.04 * Math.min(tenure[i], 15)));
      awards[i] = poisson(rng, Math.exp(-1.3 + 0.6 * capability));
      // Decisions spread over the quarter's first 80 days; the outcome is recorded 4–8 weeks later.
      decision[i] = quarterStart + Math.floor(rng.next() * 80) * DAY;
      outcomeDate[i] = decision[i] + (28 + Math.floor(rng.next() * 29)) * DAY;
      const logit =
        -3.1 +
        0.07 * (kpi[i] - 66) +
        0.035 * (training[i] - 72) +
        0.7 * (peer[i] - 3.5) +
        0.18 * projects[i] +
        0.25 * awards[i] +
        0.03 * Math.min(tenure[i], 15) +
        DEPT_EFFECT[dept[i]] +
        (g === 0 ? 0.3 : 0);
      outcome[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    }
  }
  const driftQuarters = Array.from({ length: Math.max(0, Q - driftFrom) }, (_, k) => quarterLabel(startYear, driftFrom + k));
  return {
    decisions: {
      nRows: n,
      columns: [
        { name: 'employee_id', type: 'integer', role: 'identifier', values: id },
        { name: 'group', type: 'category', role: 'protected', codes: group, categories: ['A', 'B'] },
        { name: 'department', type: 'category', codes: dept, categories: [...DEPARTMENTS] },
        { name: 'tenure_years', type: 'number', values: tenure },
        { name: 'kpi_score', type: 'number', values: kpi },
        { name: 'training_score', type: 'number', values: training },
        { name: 'peer_rating', type: 'number', values: peer },
        { name: 'projects_led', type: 'integer', values: projects },
        { name: 'awards', type: 'integer', values: awards },
        { name: 'decision_date', type: 'date', role: 'time', values: decision },
      ],
    },
    outcomes: {
      nRows: n,
      columns: [
        { name: 'id', type: 'integer', role: 'identifier', values: Float64Array.from(id) },
        { name: 'outcome', type: 'integer', role: 'target', values: outcome },
        { name: 'outcome_date', type: 'date', values: outcomeDate },
      ],
    },
    driftQuarters,
  };
}

export const PROMOTION_DECISIONS_DESCRIPTION =
  'Eight quarters of promotion candidates (2024-Q1 to 2025-Q4) with the capability metrics and the decision date, for the quarterly bias-drift audit. ' +
  "From 2025-Q3 group B's KPI scores are shifted down (an injected drift): the KPI distribution shifts and B's selection rate falls below four fifths.";
export const PROMOTION_OUTCOMES_DESCRIPTION = 'What the promotion panel decided for each candidate of promotion_decisions.csv (id, outcome 1 = promoted, outcome_date), to join back with crispflow monitor --outcomes.';
