import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import type { Table, TextColumn } from '../../core/table/table.ts';
import { packedTextBytes, packValue, stillPacked, unpackValue } from '../../core/table/transfer.ts';
import { generateResumes } from '../../samples/resumes.ts';
import { textDocs } from './text-column.ts';
import { fitTfidf, transformTfidf, type TfidfOptions } from './tfidf.ts';

/**
 * TF-IDF on a text column still packed (UTF-8 bytes, tokenised without decoding) gives exactly what it
 * gives on the decoded strings: the same vocabulary, idf and matrices to the bit, including documents
 * the byte scan hands back to the string path (surrogate pairs, capital sigma, dotted capital I) and
 * characters of every UTF-8 length.
 */
function corpus(): Array<string | null> {
  const r = createRng(9);
  const odd = [
    'İstanbul', 'ÉCOLE', 'Straße', '𝐀𝐁 𝐀𝐁', 'ΣΑΣ', 'ΟΔΥΣΣΕΥΣ', 'a_b', 'C++', 'x', '2019–2021', '—', "O'Brien", 'e-mail',
    'Ünïcode ÀÉÎÕÜ', 'naïve café', 'ǅemal', 'Ⅻ roman', 'ＦＵＬＬ width', '\uFEFFbom start', 'lone \uD83D high', 'ǈ ǋ', 'ﬁnance',
    '日本語 テキスト', 'Ωmega Ω', 'K kelvin',
  ];
  return generateResumes({ n: 260, seed: 4 }).resume_text.map((t, i) => {
    if (i % 40 === 3) return null;
    if (i % 37 === 5) return '';
    if (i % 8 === 1) return t.toUpperCase();
    if (i % 3 === 2) return `${odd[r.int(odd.length)]} ${t} ${odd[r.int(odd.length)]} ${odd[r.int(odd.length)]}`;
    return t;
  });
}

/** The column as a worker receives it: packed, decoded only if read. */
function packedColumn(values: Array<string | null>): TextColumn {
  const t: Table = { nRows: values.length, columns: [{ name: 'text', type: 'text', values }] };
  return unpackValue<Table>(packValue(t).message).columns[0] as TextColumn;
}

const rows = (m: { nRows: number; indptr: Int32Array; indices: Int32Array; values: Float64Array }) => ({
  indptr: Array.from(m.indptr),
  indices: Array.from(m.indices),
  values: Array.from(m.values),
});

describe('TF-IDF over UTF-8 bytes', () => {
  const docs = corpus();
  // what the strings are after a trip through packing (lone surrogates become U+FFFD)
  const strings = packedColumn(docs).values;
  const settings: Array<Partial<TfidfOptions>> = [
    { ngramRange: [1, 2], minDf: 2, sublinearTf: true },
    { ngramRange: [1, 3], minDf: 1, stopWords: 'english', extraStopWords: ['Engineer', 'straße'], maxFeatures: 2500 },
    { ngramRange: [1, 1], minDf: 1, lowercase: false },
  ];
  for (const s of settings) {
    it(`gives the strings' vocabulary, idf and matrices with ${JSON.stringify(s)}`, () => {
      const train = packedColumn(docs.slice(0, 200));
      const test = packedColumn(docs.slice(200));
      const trainBytes = packedTextBytes(train)!;
      const testBytes = packedTextBytes(test)!;
      expect(trainBytes).toBeDefined();
      const fromBytes = fitTfidf(trainBytes, s);
      const fromStrings = fitTfidf(strings.slice(0, 200), s);
      expect(fromBytes.vectorizer.vocabulary).toEqual(fromStrings.vectorizer.vocabulary);
      expect(Array.from(fromBytes.vectorizer.idf)).toEqual(Array.from(fromStrings.vectorizer.idf));
      expect(rows(fromBytes.matrix)).toEqual(rows(fromStrings.matrix));
      expect(rows(transformTfidf(fromStrings.vectorizer, testBytes))).toEqual(rows(transformTfidf(fromStrings.vectorizer, strings.slice(200))));
      // the kernels never decoded the columns
      expect(stillPacked(train)).toBeDefined();
      expect(stillPacked(test)).toBeDefined();
    });
  }

  it('reads a packed column as bytes and any other as strings (textDocs)', () => {
    const packed: Table = { nRows: 2, columns: [packedColumn(['a b', null])] };
    expect('utf8' in textDocs(packed, 'text', 'training')).toBe(true);
    const plain: Table = { nRows: 2, columns: [{ name: 'text', type: 'text', values: ['a b', null] }] };
    expect(textDocs(plain, 'text', 'training')).toEqual(['a b', null]);
    expect(() => textDocs(plain, 'missing', 'training')).toThrow(/Text column "missing" is not in the training table/);
  });
});
