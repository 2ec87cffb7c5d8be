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
import { candidateColumns, candidateTableColumns, drawCandidate, promotionLogit } from './promotion.ts';

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

const DAY = 86_400_000;

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
  const c = candidateColumns(n);
  const decision = new Float64Array(n);
  const outcome = new Float64Array(n);
  const outcomeDate = new Float64Array(n);
  for (let q = 0; q < Q; q++) {
    const drifted = q >= driftFrom;
    const quarterStart = Date.UTC(startYear + Math.floor(q / 4), (q % 4) * 3, 1);
    for (let j = 0; j < per; j++) {
      const i = q * per + j;
      id[i] = 50001 + i;
      drawCandidate(rng, c, i, 0.4, drifted ? kpiShift : 0);
      // Decisions spread over the quarter's first 80 days; the outcome is recorded 4–8 weeks later.
      decision[i] = quarterStart + Math.floor(rng.next() * 80) * DAY;
      outcomeDate[i] = decision[i] + (28 + Math.floor(rng.next() * 29)) * DAY;
      outcome[i] = rng.next() < 1 / (1 + Math.exp(-promotionLogit(c, i, 0.3))) ? 1 : 0;
    }
  }
  const driftQuarters = Array.from({ length: Math.max(0, Q - driftFrom) }, (_, k) => quarterLabel(startYear, driftFrom + k));
  return {
    decisions: {
      nRows: n,
      columns: [
        ...candidateTableColumns(id, c),
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
