import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import { generateResumes } from '../../samples/resumes.ts';
import { fitTfidf, transformTfidf, type TfidfOptions } from './tfidf.ts';
import { ENGLISH_STOP_WORDS } from './stop-words.ts';
import { tokenize } from './tokenize.ts';

/**
 * The optimised vectoriser (tokens scanned and hashed in place, an n-gram trie of ids, typed-array
 * passes) against the plainest one: tokenize(), n-grams joined as strings, a Map of counts per document,
 * a string sort, and the same arithmetic in the same order, so the values agree to the bit.
 */
interface Plain {
  vocabulary: string[];
  idf: number[];
  rows: Array<Array<[number, number]>>;
}

function ngramsOf(doc: string | null, o: TfidfOptions, stops: ReadonlySet<string> | null): string[] {
  if (doc == null) return [];
  const toks = tokenize(doc, o.lowercase).filter((t) => !stops?.has(t));
  const out: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    for (let n = o.ngramRange[0]; n <= o.ngramRange[1] && i + n <= toks.length; n++) out.push(toks.slice(i, i + n).join(' '));
  }
  return out;
}

function counted(doc: string | null, o: TfidfOptions, stops: ReadonlySet<string> | null): Map<string, number> {
  const m = new Map<string, number>();
  for (const g of ngramsOf(doc, o, stops)) m.set(g, (m.get(g) ?? 0) + 1);
  return m;
}

function rowsOf(docs: Array<string | null>, vocabulary: string[], idf: number[], o: TfidfOptions, stops: ReadonlySet<string> | null): Plain['rows'] {
  const col = new Map(vocabulary.map((t, j) => [t, j]));
  return docs.map((doc) => {
    const entries = [...counted(doc, o, stops)].filter(([t]) => col.has(t)).map(([t, c]): [number, number] => [col.get(t)!, c]);
    entries.sort((a, b) => a[0] - b[0]);
    const values = entries.map(([j, c]) => (o.sublinearTf ? Math.log(c) + 1 : c) * idf[j]);
    let norm = 0;
    for (const v of values) norm += v * v;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 1;
    return entries.map(([j], k): [number, number] => [j, norm > 0 ? values[k] * scale : values[k]]);
  });
}

function plainFit(docs: Array<string | null>, o: TfidfOptions): Plain {
  const stops = o.stopWords === 'english' ? ENGLISH_STOP_WORDS : null;
  const df = new Map<string, number>();
  const total = new Map<string, number>();
  for (const doc of docs) {
    for (const [t, c] of counted(doc, o, stops)) {
      df.set(t, (df.get(t) ?? 0) + 1);
      total.set(t, (total.get(t) ?? 0) + c);
    }
  }
  let vocabulary = [...df.keys()].filter((t) => df.get(t)! >= o.minDf).sort();
  if (o.maxFeatures && vocabulary.length > o.maxFeatures) {
    const rank = new Map(vocabulary.map((t, r) => [t, r]));
    vocabulary = vocabulary
      .slice()
      .sort((a, b) => total.get(b)! - total.get(a)! || rank.get(a)! - rank.get(b)!)
      .slice(0, o.maxFeatures)
      .sort();
  }
  const n = docs.length;
  const idf = vocabulary.map((t) => Math.log((1 + n) / (1 + df.get(t)!)) + 1);
  return { vocabulary, idf, rows: rowsOf(docs, vocabulary, idf, o, stops) };
}

function rowsOfMatrix(m: { nRows: number; indptr: Int32Array; indices: Int32Array; values: Float64Array }): Plain['rows'] {
  return Array.from({ length: m.nRows }, (_, i) => {
    const row: Array<[number, number]> = [];
    for (let k = m.indptr[i]; k < m.indptr[i + 1]; k++) row.push([m.indices[k], m.values[k]]);
    return row;
  });
}

/** Resumes, with some rows rewritten in capitals, accents, stray symbols and nulls. */
function corpus(): Array<string | null> {
  const r = createRng(5);
  const odd = ['İstanbul', 'ÉCOLE', 'Straße', '𝐀𝐁', 'ΣΑΣ', 'a_b', 'C++', 'x', '2019–2021', '—', "O'Brien", 'e-mail'];
  return generateResumes({ n: 300, seed: 3 }).resume_text.map((t, i) => {
    if (i % 50 === 7) return null;
    if (i % 9 === 1) return t.toUpperCase();
    if (i % 5 === 2) return `${t} ${odd[r.int(odd.length)]} ${odd[r.int(odd.length)]}`;
    return t;
  });
}

describe('the optimised TF-IDF gives what the plain one gives, to the bit', () => {
  const docs = corpus();
  const train = docs.slice(0, 220);
  const test = docs.slice(220);
  const settings: Array<Partial<TfidfOptions>> = [
    { ngramRange: [1, 2], minDf: 2, sublinearTf: true },
    { ngramRange: [1, 2], minDf: 1, sublinearTf: false, stopWords: 'english', maxFeatures: 3000 },
    { ngramRange: [2, 3], minDf: 3, sublinearTf: true },
  ];
  for (const s of settings) {
    it(`vocabulary, idf and matrix with ${JSON.stringify(s)}`, () => {
      const { vectorizer, matrix } = fitTfidf(train, s);
      const o = vectorizer.options;
      const plain = plainFit(train, o);
      expect(vectorizer.vocabulary).toEqual(plain.vocabulary);
      expect(Array.from(vectorizer.idf)).toEqual(plain.idf);
      expect(rowsOfMatrix(matrix)).toEqual(plain.rows);
      const stops = o.stopWords === 'english' ? ENGLISH_STOP_WORDS : null;
      expect(rowsOfMatrix(transformTfidf(vectorizer, test))).toEqual(rowsOf(test, plain.vocabulary, plain.idf, o, stops));
    });
  }
});
