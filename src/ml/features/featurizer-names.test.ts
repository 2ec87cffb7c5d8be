import { describe, expect, it } from 'vitest';
import type { Table } from '../../core/table/table.ts';
import { applyFeaturizer, featureNames, fitFeaturizer } from './featurizer.ts';

function table(nRows: number, terms: string[]): Table {
  const indptr = Int32Array.from({ length: nRows + 1 }, (_, i) => i);
  return {
    nRows,
    columns: [{ name: 'age', type: 'number', values: Float64Array.from({ length: nRows }, (_, i) => 20 + i) }],
    sparse: { name: 'tfidf', nCols: terms.length, indptr, indices: new Int32Array(nRows), values: new Float64Array(nRows).fill(1), featureNames: terms },
  };
}

describe('applyFeaturizer feature names', () => {
  it('builds the names once per spec: the training and the test matrix share them', () => {
    const terms = Array.from({ length: 5000 }, (_, j) => `term ${j}`);
    const spec = fitFeaturizer(table(4, terms), ['age']);
    const train = applyFeaturizer(spec, table(4, terms));
    const test = applyFeaturizer(spec, table(2, terms));
    expect(test.names).toBe(train.names);
    expect(train.names).toEqual(featureNames(spec));
    expect(train.names.slice(0, 2)).toEqual(['age', 'tfidf:term 0']);
    // another spec (another fit) gets its own names
    const other = fitFeaturizer(table(3, ['x', 'y']), ['age']);
    expect(applyFeaturizer(other, table(3, ['x', 'y'])).names).toEqual(['age', 'tfidf:x', 'tfidf:y']);
  });
});
