import { describe, expect, it } from 'vitest';
import type { Model } from '../../core/ports.ts';
import type { Table } from '../../core/table/table.ts';
import { gradientBoostingScorer } from '../boosting/gradient-boosting.ts';
import { randomForestScorer } from '../forest/random-forest.ts';
import { featurizeForModel, getScorer, hasScorer, installScorers, logisticRegressionScorer, modelAcceptsMissing, registerScorer, scoreTable } from './scorers.ts';

// What every host does with its registry's scorers (the model nodes declare them).
installScorers([
  ['logistic-regression', logisticRegressionScorer],
  ['gradient-boosting', gradientBoostingScorer],
  ['random-forest', randomForestScorer],
]);

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

  it('keeps missing values only for kinds that declare they handle them', () => {
    const gap: Table = { nRows: 3, columns: [{ name: 'x', type: 'number', values: Float64Array.from([1, 2, NaN]) }] };
    expect(modelAcceptsMissing({ kind: 'gradient-boosting' })).toBe(true);
    expect(modelAcceptsMissing({ kind: 'random-forest' })).toBe(false);
    expect(modelAcceptsMissing({ kind: 'logistic-regression' })).toBe(false);
    expect(() => scoreTable(model('logistic-regression'), gap)).toThrow(/Column "x" has a missing value in row 3\. .*Impute missing/);
    registerScorer('test-nan-aware', (_m, f) => Float64Array.from({ length: f.n }, (_, i) => (Number.isNaN(f.X[i]) ? 0.9 : 0.1)));
    expect(() => scoreTable(model('test-nan-aware'), gap)).toThrow(/missing value in row 3/);
    registerScorer('test-nan-aware', (_m, f) => Float64Array.from({ length: f.n }, (_, i) => (Number.isNaN(f.X[i]) ? 0.9 : 0.1)), { acceptsMissing: true });
    expect(modelAcceptsMissing({ kind: 'test-nan-aware' })).toBe(true);
    expect(Array.from(scoreTable(model('test-nan-aware'), gap))).toEqual([0.1, 0.1, 0.9]);
    expect(Array.from(featurizeForModel(model('gradient-boosting'), gap).X)).toEqual([1, 2, NaN]);
  });
});
