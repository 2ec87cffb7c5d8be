import { describe, expect, it } from 'vitest';
import type { SparseBlock, Table } from '../../core/table/table.ts';
import { applyFeaturizer, featureCount, fitFeaturizer, suggestFeatureColumns } from './featurizer.ts';

const sparse: SparseBlock = {
  name: 'tfidf',
  source: 'text',
  nCols: 3,
  indptr: Int32Array.from([0, 1, 3, 3]),
  indices: Int32Array.from([2, 0, 1]),
  values: Float64Array.from([0.5, 0.6, 0.8]),
  featureNames: ['java', 'python', 'sql'],
};

const train: Table = {
  nRows: 3,
  columns: [
    { name: 'id', type: 'integer', role: 'identifier', values: Float64Array.from([1, 2, 3]) },
    { name: 'age', type: 'number', values: Float64Array.from([30, 41.5, 25]) },
    { name: 'dept', type: 'category', codes: Int32Array.from([0, 1, 0]), categories: ['Sales', 'IT', 'Unused'] },
    { name: 'remote', type: 'boolean', values: Float64Array.from([1, 0, 1]) },
    { name: 'hired', type: 'date', values: Float64Array.from([0, Date.UTC(1971, 0, 1), Date.UTC(2020, 0, 1)]) },
    { name: 'group', type: 'category', role: 'protected', codes: Int32Array.from([0, 1, 1]), categories: ['A', 'B'] },
    { name: 'note', type: 'text', values: ['a', 'b', null] },
    { name: 'y', type: 'integer', role: 'target', values: Float64Array.from([0, 1, 0]) },
  ],
  sparse,
};

describe('featurizer', () => {
  it('suggests number/category/boolean columns, leaving out target, identifier and protected roles', () => {
    expect(suggestFeatureColumns(train.columns, ['y'])).toEqual(['age', 'dept', 'remote']);
  });

  it('builds [numeric | one-hot (categories seen) | boolean | date in years] plus the sparse block', () => {
    const spec = fitFeaturizer(train, ['age', 'dept', 'remote', 'hired']);
    const m = applyFeaturizer(spec, train);
    expect(m.d).toBe(5);
    expect(m.names).toEqual(['age', 'dept=Sales', 'dept=IT', 'remote', 'hired', 'tfidf:java', 'tfidf:python', 'tfidf:sql']);
    expect(featureCount(m)).toBe(8);
    expect(Array.from(m.X.subarray(0, 5))).toEqual([30, 1, 0, 1, 0]);
    expect(Array.from(m.X.subarray(5, 9))).toEqual([41.5, 0, 1, 0]);
    expect(m.X[9]).toBeCloseTo(365 / 365.25, 12);
    expect(m.sparse!.nCols).toBe(3);
    expect(Array.from(m.sparse!.indices)).toEqual([2, 0, 1]);
  });

  it('drops the first category when asked and can leave the sparse block out', () => {
    const spec = fitFeaturizer(train, ['dept'], { dropFirst: true, includeSparse: false });
    const m = applyFeaturizer(spec, train);
    expect(m.names).toEqual(['dept=IT']);
    expect(Array.from(m.X)).toEqual([0, 1, 0]);
    expect(m.sparse).toBeUndefined();
  });

  it('maps another dictionary by value and gives unseen categories all zeros', () => {
    const spec = fitFeaturizer(train, ['dept'], { includeSparse: false });
    const other: Table = {
      nRows: 3,
      columns: [{ name: 'dept', type: 'category', codes: Int32Array.from([0, 1, 2]), categories: ['IT', 'HR', 'Sales'] }],
    };
    expect(Array.from(applyFeaturizer(spec, other).X)).toEqual([0, 1, 0, 0, 1, 0]);
  });

  it('names column and row of a missing value and points to Impute', () => {
    const spec = fitFeaturizer(train, ['age'], { includeSparse: false });
    const withGap: Table = { nRows: 2, columns: [{ name: 'age', type: 'number', values: Float64Array.from([1, NaN]) }] };
    expect(() => applyFeaturizer(spec, withGap)).toThrow(/Column "age" has a missing value in row 2\. .*Impute/);
  });

  it('keeps missing values when asked: NaN numbers (dates too), all-zero indicators for a missing category', () => {
    const spec = fitFeaturizer(train, ['age', 'dept', 'hired'], { includeSparse: false });
    const gaps: Table = {
      nRows: 3,
      columns: [
        { name: 'age', type: 'number', values: Float64Array.from([NaN, 50, 20]) },
        { name: 'dept', type: 'category', codes: Int32Array.from([1, -1, 0]), categories: ['Sales', 'IT'] },
        { name: 'hired', type: 'date', values: Float64Array.from([0, Date.UTC(1971, 0, 1), NaN]) },
      ],
    };
    expect(() => applyFeaturizer(spec, gaps)).toThrow(/Column "age" has a missing value in row 1\./);
    const m = applyFeaturizer(spec, gaps, { keepMissing: true });
    expect(m.names).toEqual(['age', 'dept=Sales', 'dept=IT', 'hired']);
    expect(Array.from(m.X.subarray(0, 4))).toEqual([NaN, 0, 1, 0]);
    expect(Array.from(m.X.subarray(4, 7))).toEqual([50, 0, 0]);
    expect(m.X[7]).toBeCloseTo(365 / 365.25, 12);
    expect(Array.from(m.X.subarray(8, 12))).toEqual([20, 1, 0, NaN]);
  });

  it('refuses text columns, too many categories, and a table without the trained text features', () => {
    expect(() => fitFeaturizer(train, ['note'])).toThrow(/free text.*TF-IDF/);
    expect(() => fitFeaturizer(train, ['dept'], { maxCategories: 1 })).toThrow(/2 different values/);
    const spec = fitFeaturizer(train, ['age']);
    const noSparse: Table = { ...train, sparse: undefined };
    expect(() => applyFeaturizer(spec, noSparse)).toThrow(/text features "tfidf" \(3 terms\)/);
    const otherVocab: Table = { ...train, sparse: { ...sparse, nCols: 2, featureNames: ['a', 'b'] } };
    expect(() => applyFeaturizer(spec, otherVocab)).toThrow(/do not match/);
  });

  it('says which feature column is absent', () => {
    expect(() => fitFeaturizer(train, ['salary'])).toThrow(/Feature column "salary" is not in the table/);
  });

  it('the spec survives a JSON round trip', () => {
    const spec = fitFeaturizer(train, ['age', 'dept']);
    const again = JSON.parse(JSON.stringify(spec));
    expect(Array.from(applyFeaturizer(again, train).X)).toEqual(Array.from(applyFeaturizer(spec, train).X));
  });
});
