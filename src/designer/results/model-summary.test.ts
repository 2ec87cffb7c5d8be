import { describe, expect, it } from 'vitest';
import type { Model } from '../../core/ports.ts';
import { formatBytes, formatNumber, formatPercent } from './format.ts';
import { hyperParamRows, modelWeights } from './model-summary.ts';

const model = (state: Record<string, unknown>, featureNames = ['a', 'b', 'c']): Model => ({
  kind: 'k',
  hyperParams: { l2: 0.1, classWeight: 'balanced', nested: { x: 1 } },
  featureNames,
  featurizer: {},
  state,
  target: { column: 'y', positive: '1' },
  fingerprint: 'f',
});

describe('model summary', () => {
  it('ranks linear coefficients by magnitude, keeping sign and intercept', () => {
    const w = modelWeights(model({ coef: Float64Array.from([0.5, -2, 1]), intercept: -0.3 }))!;
    expect(w.kind).toBe('coefficient');
    expect(w.top).toEqual([
      { feature: 'b', value: -2 },
      { feature: 'c', value: 1 },
      { feature: 'a', value: 0.5 },
    ]);
    expect(w.intercept).toBe(-0.3);
    expect(modelWeights(model({ coef: Float64Array.from([0.5, -2, 1]) }), 1)!.top).toHaveLength(1);
  });

  it('falls back to importances and ignores arrays of the wrong length', () => {
    const w = modelWeights(model({ coef: [1, 2], importances: Float64Array.from([0.2, 0.7, 0.1]) }))!;
    expect(w.kind).toBe('importance');
    expect(w.top[0]).toEqual({ feature: 'b', value: 0.7 });
    expect(modelWeights(model({ trees: [] }))).toBeUndefined();
  });

  it('lists hyper-parameters as text', () => {
    expect(hyperParamRows(model({}))).toEqual([
      { name: 'l2', value: '0.1' },
      { name: 'classWeight', value: 'balanced' },
      { name: 'nested', value: '{"x":1}' },
    ]);
  });

  it('formats numbers, percents and sizes', () => {
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(0.123456789)).toBe('0.1235');
    expect(formatNumber(1234.56789)).toBe('1234.57');
    expect(formatNumber(NaN)).toBe('');
    expect(formatNumber(1e-7)).toBe('1.000e-7');
    expect(formatPercent(0.8123)).toBe('81.2%');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25.0 MB');
  });
});
