/**
 * Realised performance once outcomes are known: AUC, the Brier score and reliability bins (ten equal-width
 * score bins: mean score against the observed rate, as in scikit-learn's calibration_curve 'uniform').
 */
import { auc } from '../ml/metrics/classification.ts';

export interface ReliabilityBin {
  from: number;
  to: number;
  n: number;
  meanScore: number;
  observedRate: number;
}

export interface RealisedMetrics {
  /** Rows with a known outcome (0/1). */
  n: number;
  positives: number;
  auc: number | null;
  brier: number;
  reliability: ReliabilityBin[];
}

/** Over rows whose `actual` is 0 or 1 (−1 = outcome unknown, left out). Null when no row has an outcome. */
export function realisedMetrics(scores: ArrayLike<number>, actual: Int8Array, bins = 10): RealisedMetrics | null {
  const s: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] < 0 || !Number.isFinite(scores[i])) continue;
    s.push(scores[i]);
    y.push(actual[i]);
  }
  if (s.length === 0) return null;
  let brier = 0;
  let positives = 0;
  const count = new Float64Array(bins);
  const sumScore = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < s.length; i++) {
    brier += (s[i] - y[i]) ** 2;
    positives += y[i];
    const b = Math.min(bins - 1, Math.max(0, Math.floor(s[i] * bins)));
    count[b]++;
    sumScore[b] += s[i];
    sumY[b] += y[i];
  }
  const a = auc(s, y);
  const reliability: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    reliability.push({ from: b / bins, to: (b + 1) / bins, n: count[b], meanScore: sumScore[b] / count[b], observedRate: sumY[b] / count[b] });
  }
  return { n: s.length, positives, auc: Number.isFinite(a) ? a : null, brier: brier / s.length, reliability };
}
