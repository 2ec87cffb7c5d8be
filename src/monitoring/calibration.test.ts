import { describe, expect, it } from 'vitest';
import { realisedMetrics } from './calibration.ts';

describe('realisedMetrics', () => {
  it('computes AUC, Brier and reliability bins over rows with a known outcome', () => {
    const scores = [0.1, 0.35, 0.4, 0.8, 0.95, 0.5];
    const actual = Int8Array.from([0, 0, 1, 1, 1, -1]);
    const m = realisedMetrics(scores, actual)!;
    expect(m.n).toBe(5);
    expect(m.positives).toBe(3);
    // sklearn.metrics.roc_auc_score([0,0,1,1,1],[.1,.35,.4,.8,.95]) = 1.0
    expect(m.auc).toBe(1);
    // brier_score_loss = (0.01 + 0.1225 + 0.36 + 0.04 + 0.0025) / 5
    expect(m.brier).toBeCloseTo(0.107, 10);
    // sklearn.calibration.calibration_curve(..., n_bins=10): bins closed on the right ([0, 0.1], (0.3, 0.4], …).
    expect(m.reliability.map((b) => [Number(b.from.toFixed(6)), b.n, b.meanScore, b.observedRate])).toEqual([
      [0, 1, 0.1, 0],
      [0.3, 2, 0.375, 0.5],
      [0.7, 1, 0.8, 1],
      [0.9, 1, 0.95, 1],
    ]);
  });

  it('has no AUC with one class only, and nothing without outcomes', () => {
    expect(realisedMetrics([0.2, 0.7], Int8Array.from([1, 1]))!.auc).toBeNull();
    expect(realisedMetrics([0.2], Int8Array.from([-1]))).toBeNull();
  });
});
