/**
 * Post-processing with group-specific, randomised thresholds (Hardt, Price & Srebro 2016; the same
 * construction as Fairlearn's ThresholdOptimizer), maximising accuracy subject to
 *
 * - equalized odds: every group operates at the same (FPR, TPR) point. Each group can reach any point
 *   under the upper convex hull of its ROC curve (mixing two thresholds moves along a hull edge; mixing
 *   with a random choice at rate x moves down towards the diagonal), so the best common point is the
 *   best x for min over groups of hull_g(x);
 * - demographic parity: every group has the same selection rate r; each group's best accuracy at rate r
 *   is the upper hull of its (selection rate, accuracy) points, and r maximises the total.
 *
 * A decision rule per group gives P(select | score) = (1−q)·[w·1(s ≥ tA) + (1−w)·1(s ≥ tB)] + q·x.
 */
import { NodeError } from '../../core/errors.ts';
import type { Rng } from '../../core/rng.ts';

export type FairnessConstraint = 'equalized-odds' | 'demographic-parity';

export interface GroupRule {
  group: string;
  /** Stricter threshold (select when score ≥ tA) and its weight w; the looser threshold tB gets 1 − w. */
  tA: number;
  tB: number;
  w: number;
  /** Share of decisions made at random, selecting with probability `randomRate`. */
  q: number;
  randomRate: number;
  /** Where the group operates after post-processing (expected values on the fitting data). */
  selectionRate: number;
  tpr: number;
  fpr: number;
}

export interface ThresholdFit {
  constraint: FairnessConstraint;
  rules: GroupRule[];
  /** Expected accuracy on the fitting data. */
  accuracy: number;
  /** The common operating point: (FPR, TPR) for equalized odds, selection rate for parity. */
  operatingPoint: { x: number; y?: number };
}

interface Vertex {
  x: number;
  y: number;
  /** Select when score ≥ t (Infinity: nobody, -Infinity: everybody). */
  t: number;
}

/** Upper convex hull of points sorted by x (monotone chain). */
function upperHull(points: Vertex[]): Vertex[] {
  const hull: Vertex[] = [];
  for (const p of points) {
    while (hull.length >= 2) {
      const a = hull[hull.length - 2];
      const b = hull[hull.length - 1];
      // Drop b when it lies on or below the segment a → p.
      if ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x) >= 0) hull.pop();
      else break;
    }
    if (hull.length && hull[hull.length - 1].x === p.x) {
      if (p.y > hull[hull.length - 1].y) hull[hull.length - 1] = p;
      continue;
    }
    hull.push(p);
  }
  return hull;
}

/** The hull value at x and the mixing of its two vertices (weight w on the left vertex A). */
function interpolate(hull: Vertex[], x: number): { y: number; a: Vertex; b: Vertex; w: number } {
  let k = 0;
  while (k < hull.length - 2 && hull[k + 1].x < x) k++;
  const a = hull[k];
  const b = hull[Math.min(k + 1, hull.length - 1)];
  if (b.x === a.x) return { y: Math.max(a.y, b.y), a, b, w: 1 };
  const w = Math.min(1, Math.max(0, (b.x - x) / (b.x - a.x)));
  return { y: w * a.y + (1 - w) * b.y, a, b, w };
}

interface GroupData {
  scores: Float64Array;
  labels: Uint8Array;
}

/** Rows of one group sorted by decreasing score, with cumulative positives at each distinct score. */
function sweep(g: GroupData): Array<{ t: number; k: number; tp: number }> {
  const n = g.scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => g.scores[b] - g.scores[a]);
  const out = [{ t: Infinity, k: 0, tp: 0 }];
  let tp = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    tp += g.labels[i];
    if (r === n - 1 || g.scores[order[r + 1]] !== g.scores[i]) out.push({ t: g.scores[i], k: r + 1, tp });
  }
  out[out.length - 1].t = -Infinity;
  return out;
}

export function fitThresholds(
  groupCodes: Int32Array,
  labels: string[],
  scores: Float64Array,
  actual: Int8Array,
  constraint: FairnessConstraint,
  gridSize = 1000,
): ThresholdFit {
  const G = labels.length;
  const byGroup: GroupData[] = [];
  for (let g = 0; g < G; g++) {
    const idx: number[] = [];
    for (let i = 0; i < groupCodes.length; i++) {
      if (groupCodes[i] === g && actual[i] >= 0 && !Number.isNaN(scores[i])) idx.push(i);
    }
    byGroup.push({ scores: Float64Array.from(idx, (i) => scores[i]), labels: Uint8Array.from(idx, (i) => actual[i]) });
  }
  const stats = byGroup.map((d) => {
    let P = 0;
    for (const y of d.labels) P += y;
    return { n: d.labels.length, P, N: d.labels.length - P };
  });
  for (let g = 0; g < G; g++) {
    const s = stats[g];
    if (s.n === 0) throw new NodeError(`Group "${labels[g]}" has no rows with a known outcome, so no threshold can be fitted for it.`);
    if (constraint === 'equalized-odds' && (s.P === 0 || s.N === 0)) {
      throw new NodeError(
        `Group "${labels[g]}" has only ${s.P === 0 ? 'negative' : 'positive'} outcomes, so its true and false positive rates are undefined. ` +
          'Equalized odds needs both outcomes in every group; use demographic parity or merge small groups.',
      );
    }
  }
  const sweeps = byGroup.map(sweep);
  const hulls = sweeps.map((sw, g) => {
    const { n, P, N } = stats[g];
    const pts: Vertex[] =
      constraint === 'equalized-odds'
        ? sw.map((p) => ({ x: (p.k - p.tp) / N, y: p.tp / P, t: p.t }))
        : sw.map((p) => ({ x: p.k / n, y: (p.tp + (N - (p.k - p.tp))) / n, t: p.t }));
    return upperHull(pts);
  });
  const nTotal = stats.reduce((s, x) => s + x.n, 0);
  const Ptot = stats.reduce((s, x) => s + x.P, 0);
  const Ntot = nTotal - Ptot;

  let bestX = 0;
  let bestAcc = -Infinity;
  let bestY = 0;
  for (let k = 0; k <= gridSize; k++) {
    const x = k / gridSize;
    let acc: number;
    let y = 0;
    if (constraint === 'equalized-odds') {
      y = Infinity;
      for (const h of hulls) y = Math.min(y, interpolate(h, x).y);
      acc = (Ptot * y + Ntot * (1 - x)) / nTotal;
    } else {
      acc = 0;
      hulls.forEach((h, g) => (acc += stats[g].n * interpolate(h, x).y));
      acc /= nTotal;
    }
    if (acc > bestAcc + 1e-12) {
      bestAcc = acc;
      bestX = x;
      bestY = y;
    }
  }

  const rules: GroupRule[] = hulls.map((h, g) => {
    const { a, b, w, y } = interpolate(h, bestX);
    let q = 0;
    if (constraint === 'equalized-odds' && y > bestY + 1e-12 && y - bestX > 1e-12) q = (y - bestY) / (y - bestX);
    const { P, N, n } = stats[g];
    const tpr = constraint === 'equalized-odds' ? bestY : NaN;
    const fpr = constraint === 'equalized-odds' ? bestX : NaN;
    const selectionRate = constraint === 'equalized-odds' ? (P * tpr + N * fpr) / n : bestX;
    return { group: labels[g], tA: a.t, tB: b.t, w, q, randomRate: bestX, selectionRate, tpr, fpr };
  });
  return {
    constraint,
    rules,
    accuracy: bestAcc,
    operatingPoint: constraint === 'equalized-odds' ? { x: bestX, y: bestY } : { x: bestX },
  };
}

/** Probability of selection under a group's rule. */
export function selectionProbability(rule: GroupRule, score: number): number {
  const hull = rule.w * (score >= rule.tA ? 1 : 0) + (1 - rule.w) * (score >= rule.tB ? 1 : 0);
  return (1 - rule.q) * hull + rule.q * rule.randomRate;
}

/** Applies the rules; rows without a group (code −1) get `fallback` probabilities (e.g. score ≥ 0.5). */
export function applyThresholds(
  fit: ThresholdFit,
  groupCodes: Int32Array,
  scores: Float64Array,
  rng: Rng,
): { probability: Float64Array; predicted: Float64Array } {
  const n = scores.length;
  const probability = new Float64Array(n);
  const predicted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = groupCodes[i];
    if (g < 0 || Number.isNaN(scores[i])) {
      probability[i] = NaN;
      predicted[i] = NaN;
      continue;
    }
    const p = selectionProbability(fit.rules[g], scores[i]);
    probability[i] = p;
    // Draw for every row so a row's decision does not depend on other rows' probabilities.
    const u = rng.next();
    predicted[i] = u < p ? 1 : 0;
  }
  return { probability, predicted };
}
