/**
 * Seeded generator of the `promotion.csv` sample (DESIGN.md): employees with objective capability
 * metrics and a historical, biased promotion decision.
 *
 * Each employee has a latent capability that drives the metrics (KPI, training score, peer rating,
 * projects led, awards). The historical decision depends on those metrics and tenure, plus a bonus for
 * group A at equal capability (the bias). Department is mildly correlated with group (A leans to
 * Engineering and Finance, B to Operations and HR) and departments had slightly different promotion
 * rates, so department is a proxy for group: dropping `group` alone does not remove the bias.
 */
import { createRng, type Rng } from '../core/rng.ts';
import type { Column, Table } from '../core/table/table.ts';

export const PROMOTION_COLUMNS = [
  'employee_id',
  'group',
  'department',
  'tenure_years',
  'kpi_score',
  'training_score',
  'peer_rating',
  'projects_led',
  'awards',
  'promoted',
] as const;

export const DEPARTMENTS = ['Engineering', 'Finance', 'Sales', 'Marketing', 'Operations', 'HR'] as const;

export interface PromotionOptions {
  rows?: number;
  seed?: number;
  /** Share of group B (the unprivileged group). */
  groupBShare?: number;
  /** Extra log-odds of promotion for group A at equal capability (0 = unbiased history). */
  bias?: number;
}

// Department mix per group: A leans to Engineering/Finance, B to Operations/HR (the proxy).
const DEPT_WEIGHTS_A = [0.26, 0.18, 0.2, 0.14, 0.14, 0.08];
const DEPT_WEIGHTS_B = [0.14, 0.1, 0.2, 0.14, 0.26, 0.16];
// Historical promotion log-odds shift per department (small, in the same order).
const DEPT_EFFECT = [0.25, 0.2, 0, 0, -0.2, -0.25];

function poisson(rng: { next(): number }, lambda: number): number {
  // Knuth's method; lambdas here are small (< 10).
  const l = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > l) {
    k++;
    p *= rng.next();
  }
  return k;
}

function pickWeighted(u: number, weights: readonly number[]): number {
  let acc = 0;
  for (let k = 0; k < weights.length; k++) {
    acc += weights[k];
    if (u < acc) return k;
  }
  return weights.length - 1;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** The candidate columns promotion.csv and the quarterly decisions share. */
export interface CandidateColumns {
  group: Int32Array;
  dept: Int32Array;
  tenure: Float64Array;
  kpi: Float64Array;
  training: Float64Array;
  peer: Float64Array;
  projects: Float64Array;
  awards: Float64Array;
}

export function candidateColumns(n: number): CandidateColumns {
  return {
    group: new Int32Array(n),
    dept: new Int32Array(n),
    tenure: new Float64Array(n),
    kpi: new Float64Array(n),
    training: new Float64Array(n),
    peer: new Float64Array(n),
    projects: new Float64Array(n),
    awards: new Float64Array(n),
  };
}

/**
 * Draws candidate i (group, department, then metrics from a latent capability) into `c`, in a fixed
 * order of random draws, so both generators stay reproducible for a seed. `kpiShiftB` takes KPI points
 * from group B (the monitoring sample's injected drift).
 */
export function drawCandidate(rng: Rng, c: CandidateColumns, i: number, groupBShare: number, kpiShiftB = 0): void {
  const g = rng.next() < groupBShare ? 1 : 0;
  c.group[i] = g;
  c.dept[i] = pickWeighted(rng.next(), g === 0 ? DEPT_WEIGHTS_A : DEPT_WEIGHTS_B);
  // Capability has the same distribution in both groups: the data carries no real group difference.
  const capability = rng.normal();
  c.tenure[i] = round1(clamp(-Math.log(1 - rng.next()) * 5 + 0.5, 0.5, 30));
  c.kpi[i] = round1(clamp(66 + 11 * capability + 8 * rng.normal() - (g === 1 ? kpiShiftB : 0), 0, 100));
  c.training[i] = round1(clamp(72 + 8 * capability + 9 * rng.normal(), 0, 100));
  c.peer[i] = round1(clamp(3.5 + 0.45 * capability + 0.45 * rng.normal(), 1, 5));
  c.projects[i] = poisson(rng, Math.exp(0.2 + 0.45 * capability + 0.04 * Math.min(c.tenure[i], 15)));
  c.awards[i] = poisson(rng, Math.exp(-1.3 + 0.6 * capability));
}

/** The id and candidate columns as table columns (roles: identifier, protected). */
export function candidateTableColumns(id: Float64Array, c: CandidateColumns): Column[] {
  return [
    { name: 'employee_id', type: 'integer', role: 'identifier', values: id },
    { name: 'group', type: 'category', role: 'protected', codes: c.group, categories: ['A', 'B'] },
    { name: 'department', type: 'category', codes: c.dept, categories: [...DEPARTMENTS] },
    { name: 'tenure_years', type: 'number', values: c.tenure },
    { name: 'kpi_score', type: 'number', values: c.kpi },
    { name: 'training_score', type: 'number', values: c.training },
    { name: 'peer_rating', type: 'number', values: c.peer },
    { name: 'projects_led', type: 'integer', values: c.projects },
    { name: 'awards', type: 'integer', values: c.awards },
  ];
}

/** Log-odds of a historical promotion: metrics, tenure and department, plus `groupABonus` for group A. */
export function promotionLogit(c: CandidateColumns, i: number, groupABonus: number): number {
  return (
    -3.1 +
    0.07 * (c.kpi[i] - 66) +
    0.035 * (c.training[i] - 72) +
    0.7 * (c.peer[i] - 3.5) +
    0.18 * c.projects[i] +
    0.25 * c.awards[i] +
    0.03 * Math.min(c.tenure[i], 15) +
    DEPT_EFFECT[c.dept[i]] +
    (c.group[i] === 0 ? groupABonus : 0)
  );
}

/** The sample as a table (roles set: identifier, protected, target). Deterministic for a seed. */
export function generatePromotion(options: PromotionOptions = {}): Table {
  const n = options.rows ?? 5000;
  const rng = createRng(options.seed ?? 20240601);
  const groupBShare = options.groupBShare ?? 0.4;
  const bias = options.bias ?? 1.0;

  const id = new Float64Array(n);
  const c = candidateColumns(n);
  const promoted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    id[i] = 10001 + i;
    drawCandidate(rng, c, i, groupBShare);
    promoted[i] = rng.next() < 1 / (1 + Math.exp(-promotionLogit(c, i, bias))) ? 1 : 0;
  }

  return {
    nRows: n,
    columns: [
      ...candidateTableColumns(id, c),
      { name: 'promoted', type: 'integer', role: 'target', values: promoted },
    ],
  };
}

export const PROMOTION_DESCRIPTION =
  'Employees with objective capability metrics (KPI, training score, peer rating, projects led, awards) and ' +
  'historical promotions that favoured group A over group B at equal capability. Department is a proxy for group.';
