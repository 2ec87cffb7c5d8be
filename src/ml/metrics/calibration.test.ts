import { describe, expect, it } from 'vitest';
import { brierScore, calibrationCurve } from './calibration.ts';
import fixture from './calibration.fixture.json';

interface Case {
  name: string;
  scores: number[];
  labels: number[];
  weights: number[] | null;
  bins: number;
  brier: number;
  observed: number[];
  predicted: number[];
  counts: number[];
}

describe('calibration against scikit-learn', () => {
  for (const c of fixture.cases as Case[]) {
    it(`${c.name}: brier_score_loss`, () => {
      expect(brierScore(c.scores, c.labels, c.weights ?? undefined)).toBeCloseTo(c.brier, 12);
    });
    it(`${c.name}: calibration_curve (${c.bins} uniform bins)`, () => {
      const curve = calibrationCurve(c.scores, c.labels, c.bins);
      expect(curve.map((b) => b.count)).toEqual(c.counts);
      curve.forEach((b, k) => {
        expect(b.observed).toBeCloseTo(c.observed[k], 12);
        expect(b.predicted).toBeCloseTo(c.predicted[k], 12);
      });
    });
  }
});

describe('calibration by hand', () => {
  it('a perfect forecaster has Brier 0 and a bin on the diagonal', () => {
    expect(brierScore([0, 1, 1], [0, 1, 1])).toBe(0);
    expect(brierScore([0.5, 0.5], [0, 1])).toBe(0.25);
  });
  it('a probability on an inner edge goes to the lower bin; 1 goes to the last', () => {
    const curve = calibrationCurve([0.5, 0.5, 1, 0], [1, 0, 1, 0], 2);
    expect(curve).toEqual([
      { lower: 0, upper: 0.5, predicted: 1 / 3, observed: 1 / 3, count: 3 },
      { lower: 0.5, upper: 1, predicted: 1, observed: 1, count: 1 },
    ]);
  });
  it('refuses scores outside [0, 1] and bad labels, naming the row', () => {
    expect(() => brierScore([0.2, 1.4], [0, 1])).toThrow(/row 2 is 1.4/);
    expect(() => calibrationCurve([0.2], [2])).toThrow(/Label of row 1 is 2/);
    expect(() => calibrationCurve([0.2], [1], 0)).toThrow(/whole number of bins/);
  });
});
