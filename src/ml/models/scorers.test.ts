import { describe, expect, it } from 'vitest';
import type { Model } from '../../core/ports.ts';
import type { Table } from '../../core/table/table.ts';
import { getScorer, hasScorer, registerScorer, scoreTable } from './scorers.ts';

const model = (kind: string, names = ['x']): Model => ({
  kind,
  hyperParams: {},
  featureNames: names,
  featurizer: { version: 1, columns: [{ name: 'x', kind: 'numeric', type: 'number' }] },
  state: { coef: Float64Array.from([1]), intercept: 0 },
  target: { column: 'y', positive: '1' },
  fingerprint: 'f',
});
const table: Table = { nRows: 2, columns: [{ name: 'x', type: 'number', values: Float64Array.from([0, 2]) }] };

describe('scorers', () => {
  it('logistic regression is registered; other kinds register themselves and are then found', () => {
    expect(hasScorer('logistic-regression')).toBe(true);
    expect(Array.from(scoreTable(model('logistic-regression'), table))).toEqual([0.5, 1 / (1 + Math.exp(-2))]);
    registerScorer('test-constant', (_m, f) => new Float64Array(f.n).fill(0.25));
    expect(Array.from(scoreTable(model('test-constant'), table))).toEqual([0.25, 0.25]);
    expect(() => getScorer('nope')).toThrow(/No scorer is known for models of kind "nope"/);
  });
  it('refuses data whose width differs from the model features', () => {
    expect(() => scoreTable(model('logistic-regression', ['x', 'z']), table)).toThrow(/expects 2 features but the data gives 1/);
  });
});
