/**
 * Realised performance once outcomes are known: AUC, the Brier score and reliability bins (ten equal-width
 * score bins: mean score against the observed rate, as in scikit-learn's calibration_curve 'uniform').
 */
import { brierScore, calibrationCurve } from '../ml/metrics/calibration.ts';
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
  const positives = y.reduce((m, v) => m + v, 0);
  const a = auc(s, y);
  // Brier score and reliability bins from src/ml/metrics/calibration.ts (scikit-learn's definitions).
  const brier = brierScore(s, y);
  const reliability: ReliabilityBin[] = calibrationCurve(s, y, bins).map((b) => ({ from: b.lower, to: b.upper, n: b.count, meanScore: b.predicted, observedRate: b.observed }));
  return { n: s.length, positives, auc: Number.isFinite(a) ? a : null, brier, reliability };
}
