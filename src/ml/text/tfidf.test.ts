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
  it('matches a plain reference (toLowerCase, string n-grams, string sort) on tricky text', () => {
    // Case folding done while scanning must equal String.prototype.toLowerCase, including its
    // exceptions (İ → two units, final sigma, astral letters); "a b" sorts before "ab" and after "a".
    const docs = [
      'A b AB ab a_b A-B ab. a b c',
      'ÉCOLE école İstanbul istanbul – dash',
      'ΣΑΣ σας ΟΔΥΣΣΕΥΣ Straße STRASSE',
      '𝐀𝐁 ab 𝐀𝐁 ǅemal ǄEMAL x',
      'Résumé RÉSUMÉ résumé – Python, PYTHON; python3 and Python 3',
      'ab ab ab a b a b abc',
    ];
    const ref = new Map<string, number[]>(); // term → count per doc
    docs.forEach((doc, d) => {
      const toks = tokenize(doc);
      const grams = [...toks, ...toks.slice(1).map((t, i) => `${toks[i]} ${t}`)];
      for (const g of grams) {
        if (!ref.has(g)) ref.set(g, new Array<number>(docs.length).fill(0));
        ref.get(g)![d]++;
      }
    });
    const vocab = [...ref.keys()].sort();
    const { vectorizer, matrix } = fitTfidf(docs, { ngramRange: [1, 2], sublinearTf: true });
    expect(vectorizer.vocabulary).toEqual(vocab);
    const expected = docs.map((_, d) => {
      const row = vocab.map((t, j) => {
        const c = ref.get(t)![d];
        const df = ref.get(t)!.filter((x) => x > 0).length;
        expect(vectorizer.idf[j]).toBeCloseTo(Math.log((1 + docs.length) / (1 + df)) + 1, 12);
        return c > 0 ? (1 + Math.log(c)) * vectorizer.idf[j] : 0;
      });
      const norm = Math.hypot(...row);
      return row.map((v) => v / norm);
    });
    expectClose(dense(matrix), expected);
    expectClose(dense(transformTfidf(vectorizer, docs)), expected);
    for (let i = 0; i < matrix.nRows; i++) {
      for (let k = matrix.indptr[i] + 1; k < matrix.indptr[i + 1]; k++) expect(matrix.indices[k]).toBeGreaterThan(matrix.indices[k - 1]);
    }
  });

  it('keeps long rows sorted (bucketed row sort)', () => {
    const words = Array.from({ length: 300 }, (_, i) => `w${(i * 7919) % 1000}`);
    const docs = [words.join(' '), words.slice().reverse().join(' '), words.slice(100).join(' ')];
    const { vectorizer, matrix } = fitTfidf(docs, { ngramRange: [1, 1] });
    expect(vectorizer.vocabulary).toEqual([...new Set(words)].sort());
    for (let i = 0; i < matrix.nRows; i++) {
      for (let k = matrix.indptr[i] + 1; k < matrix.indptr[i + 1]; k++) expect(matrix.indices[k]).toBeGreaterThan(matrix.indices[k - 1]);
    }
    expect(matrix.indptr[1] - matrix.indptr[0]).toBe(300);
  });

  it('says what to change when pruning leaves no terms', () => {
    expect(() => fitTfidf(['one two', 'three four'], { minDf: 2 })).toThrow(/Lower the minimum document frequency/);
  });
});
