import { describe, expect, it } from 'vitest';
import fixture from './classification.fixture.json';
import {
  auc,
  averagePrecision,
  confusionAt,
  evaluateBinary,
  logLoss,
  metricsAt,
  prCurve,
  rocCurve,
  thinCurve,
} from './classification.ts';

interface Case {
  name: string;
  scores: number[];
  labels: number[];
  weights: number[] | null;
  threshold: number;
  auc: number;
  averagePrecision: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  logLoss: number;
  roc: { fpr: number[]; tpr: number[]; thresholds: number[] };
  pr: { precision: number[]; recall: number[]; thresholds: number[] };
}

describe('classification metrics vs scikit-learn', () => {
  for (const c of fixture.cases as Case[]) {
    const w = c.weights ?? undefined;
    it(`${c.name}: AUC, average precision, log loss`, () => {
      expect(auc(c.scores, c.labels, w)).toBeCloseTo(c.auc, 12);
      expect(averagePrecision(c.scores, c.labels, w)).toBeCloseTo(c.averagePrecision, 12);
      expect(logLoss(c.scores, c.labels, w)).toBeCloseTo(c.logLoss, 12);
    });
    it(`${c.name}: precision, recall, F1, accuracy at the threshold`, () => {
      const m = metricsAt(c.scores, c.labels, c.threshold, w);
      expect(m.precision).toBeCloseTo(c.precision, 12);
      expect(m.recall).toBeCloseTo(c.recall, 12);
      expect(m.f1).toBeCloseTo(c.f1, 12);
      expect(m.accuracy).toBeCloseTo(c.accuracy, 12);
    });
    it(`${c.name}: exact ROC and PR curves`, () => {
      const roc = rocCurve(c.scores, c.labels, w);
      expect(roc.length).toBe(c.roc.fpr.length);
      roc.forEach((p, k) => {
        expect(p.fpr).toBeCloseTo(c.roc.fpr[k], 12);
        expect(p.tpr).toBeCloseTo(c.roc.tpr[k], 12);
        expect(p.threshold).toBeCloseTo(c.roc.thresholds[k], 12);
      });
      const pr = prCurve(c.scores, c.labels, w);
      expect(pr.length).toBe(c.pr.recall.length);
      pr.forEach((p, k) => {
        expect(p.recall).toBeCloseTo(c.pr.recall[k], 12);
        expect(p.precision).toBeCloseTo(c.pr.precision[k], 12);
        if (k > 0) expect(p.threshold).toBe(c.pr.thresholds[k - 1]);
      });
    });
  }
});

describe('classification metrics, worked examples', () => {
  it('AUC counts a tied positive/negative pair as one half', () => {
    // Pairs (pos, neg): (0.8 vs 0.2) 1, (0.8 vs 0.5) 1, (0.5 vs 0.2) 1, (0.5 vs 0.5) ½ → 3.5 / 4.
    expect(auc([0.8, 0.5, 0.5, 0.2], [1, 1, 0, 0])).toBeCloseTo(0.875, 15);
  });
  it('AUC is NaN when one class is absent, and perfect ranking gives 1', () => {
    expect(auc([0.1, 0.9], [1, 1])).toBeNaN();
    expect(auc([0.1, 0.2, 0.9], [0, 0, 1])).toBe(1);
  });
  it('weights count rows several times', () => {
    const c = confusionAt([0.9, 0.6, 0.4, 0.1], [1, 0, 1, 0], 0.5, [2, 1, 3, 4]);
    expect(c).toEqual({ tp: 2, fp: 1, tn: 4, fn: 3 });
    // Weight 2 on a row equals listing it twice.
    expect(auc([0.9, 0.3, 0.6], [1, 0, 0], [1, 1, 2])).toBeCloseTo(auc([0.9, 0.3, 0.6, 0.6], [1, 0, 0, 0]), 15);
  });
  it('precision is 0 (not NaN) when nothing is predicted positive', () => {
    const m = metricsAt([0.1, 0.2], [1, 0], 0.5);
    expect(m.precision).toBe(0);
    expect(m.recall).toBe(0);
    expect(m.f1).toBe(0);
    expect(m.accuracy).toBe(0.5);
  });
  it('rejects labels other than 0/1 and NaN scores, naming the row', () => {
    expect(() => auc([0.1, 0.2], [1, 2])).toThrow(/row 2/);
    expect(() => auc([NaN, 0.2], [1, 0])).toThrow(/row 1/);
  });
  it('thins curves to at most maxPoints, keeping both ends, while metrics use the full curve', () => {
    const n = 5000;
    const scores = Array.from({ length: n }, (_, i) => ((i * 7919) % n) / n);
    const labels = scores.map((s, i) => (s + ((i * 31) % 17) / 40 > 0.6 ? 1 : 0));
    const full = rocCurve(scores, labels);
    expect(full.length).toBe(n + 1);
    const ev = evaluateBinary(scores, labels, { maxCurvePoints: 200 });
    expect(ev.roc.length).toBeLessThanOrEqual(200);
    expect(ev.roc.length).toBeGreaterThan(150);
    expect(ev.roc[0]).toEqual(full[0]);
    expect(ev.roc[ev.roc.length - 1]).toEqual(full[full.length - 1]);
    expect(ev.auc).toBeCloseTo(auc(scores, labels), 15);
    expect(thinCurve([1, 2, 3], (x) => x, (x) => x, 200)).toEqual([1, 2, 3]);
  });
});
