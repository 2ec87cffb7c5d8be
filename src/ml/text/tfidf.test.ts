import { describe, expect, it } from 'vitest';
import { fitTfidf, transformTfidf, type TfidfOptions } from './tfidf.ts';
import { tokenize } from './tokenize.ts';
import type { CsrMatrix } from '../features/featurizer.ts';
import fixture from './fixtures/tfidf-small.json';

interface SkParams {
  ngram_range?: [number, number];
  min_df?: number;
  max_df?: number;
  max_features?: number;
  sublinear_tf?: boolean;
  stop_words?: 'english';
  norm?: 'l1' | 'l2';
  smooth_idf?: boolean;
  binary?: boolean;
  use_idf?: boolean;
  lowercase?: boolean;
}

function optionsFrom(p: SkParams): Partial<TfidfOptions> {
  return {
    ngramRange: p.ngram_range ?? [1, 1],
    minDf: p.min_df ?? 1,
    maxDf: p.max_df ?? 1,
    maxFeatures: p.max_features ?? 0,
    sublinearTf: p.sublinear_tf ?? false,
    stopWords: p.stop_words ?? 'none',
    norm: p.norm ?? 'l2',
    smoothIdf: p.smooth_idf ?? true,
    binary: p.binary ?? false,
    useIdf: p.use_idf ?? true,
    lowercase: p.lowercase ?? true,
  };
}

function dense(m: CsrMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.nRows; i++) {
    const row = new Array<number>(m.nCols).fill(0);
    for (let k = m.indptr[i]; k < m.indptr[i + 1]; k++) row[m.indices[k]] = m.values[k];
    out.push(row);
  }
  return out;
}

function expectClose(actual: number[][], expected: number[][]): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    expect(actual[i].length).toBe(expected[i].length);
    for (let j = 0; j < expected[i].length; j++) worst = Math.max(worst, Math.abs(actual[i][j] - expected[i][j]));
  }
  expect(worst).toBeLessThan(1e-6);
}

describe('tokenize (scikit-learn token_pattern)', () => {
  it('keeps runs of two or more word characters, Unicode letters included', () => {
    expect(tokenize("Café naïve a I x2 women's e-mail 3 C++ ÉCOLE_1")).toEqual([
      'café', 'naïve', 'x2', 'women', 'mail', 'école_1',
    ]);
  });
});

describe('fitTfidf / transformTfidf match scikit-learn TfidfVectorizer', () => {
  for (const [name, c] of Object.entries(fixture.cases)) {
    it(`${name}: vocabulary, idf and values within 1e-6`, () => {
      const { vectorizer, matrix } = fitTfidf(fixture.docs, optionsFrom(c.params as SkParams));
      expect(vectorizer.vocabulary).toEqual(c.vocabulary);
      if (c.idf) c.idf.forEach((v, j) => expect(vectorizer.idf[j]).toBeCloseTo(v, 9));
      expectClose(dense(matrix), c.fit);
      expectClose(dense(transformTfidf(vectorizer, fixture.extra)), c.transform);
      // re-applying to the fitting documents gives the same matrix as fitting did
      expectClose(dense(transformTfidf(vectorizer, fixture.docs)), c.fit);
    });
  }
  it('rebuilds its index after a structured clone (worker transfer)', () => {
    const c = fixture.cases.bigram_min_df2_sublinear;
    const { vectorizer } = fitTfidf(fixture.docs, optionsFrom(c.params as SkParams));
    expectClose(dense(transformTfidf(structuredClone(vectorizer), fixture.extra)), c.transform);
  });
  it('says what to change when pruning leaves no terms', () => {
    expect(() => fitTfidf(['one two', 'three four'], { minDf: 2 })).toThrow(/Lower the minimum document frequency/);
  });
});
