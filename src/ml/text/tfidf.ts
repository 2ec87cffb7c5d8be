/**
 * TF-IDF with exactly scikit-learn's TfidfVectorizer formulas (1.2):
 * - tokens: lowercase (optional), token_pattern r"(?u)\b\w\w+\b", stop words removed, then word n-grams
 *   over the remaining tokens, joined by one space;
 * - vocabulary pruned by document frequency (min_df/max_df) and max_features (the most frequent terms
 *   over the corpus), sorted alphabetically;
 * - tf = raw count (binary: 1), sublinear: 1 + ln(tf); idf = ln((1 + n) / (1 + df)) + 1 when smoothing,
 *   else ln(n / df) + 1; rows then normalised (l2 by default).
 * The vocabulary and idf are learned from the fitting documents only; `transformTfidf` applies them to
 * other documents (e.g. the test split), ignoring unseen terms.
 */
import type { CsrMatrix } from '../features/featurizer.ts';
import { NgramIndex } from './ngram-index.ts';
import { ENGLISH_STOP_WORDS } from './stop-words.ts';
import { ASCII_WORD, isWordCodePoint } from './tokenize.ts';
import { FNV_OFFSET, FNV_PRIME, hashString, TokenTable } from './token-table.ts';

export interface TfidfOptions {
  lowercase: boolean;
  /** 'english' is scikit-learn's list; `extraStopWords` are added to it (or used alone with 'none'). */
  stopWords: 'english' | 'none';
  extraStopWords?: string[];
  /** Inclusive [min_n, max_n]. */
  ngramRange: [number, number];
  /** < 1: a proportion of documents; ≥ 1: a document count (scikit-learn's float vs int). */
  minDf: number;
  /** ≤ 1: a proportion of documents (1 = no limit); > 1: a document count. */
  maxDf: number;
  /** Keep only the this many most frequent terms; 0 or undefined = all. */
  maxFeatures?: number;
  sublinearTf: boolean;
  norm: 'l2' | 'l1' | 'none';
  useIdf: boolean;
  smoothIdf: boolean;
  binary?: boolean;
}

export const DEFAULT_TFIDF_OPTIONS: TfidfOptions = {
  lowercase: true,
  stopWords: 'none',
  ngramRange: [1, 1],
  minDf: 1,
  maxDf: 1,
  maxFeatures: 0,
  sublinearTf: false,
  norm: 'l2',
  useIdf: true,
  smoothIdf: true,
  binary: false,
};

/** A fitted vectoriser: plain data, serialisable. */
export interface TfidfVectorizer {
  version: 1;
  options: TfidfOptions;
  /** Terms in column order (alphabetical). */
  vocabulary: string[];
  idf: Float64Array;
  /** Documents it was fitted on. */
  nDocs: number;
}

/** A user-facing problem with the settings or the text (nodes rethrow it as a NodeError). */
export class TfidfError extends Error {}

function stopSet(o: TfidfOptions): Set<string> | null {
  const extra = (o.extraStopWords ?? []).map((w) => (o.lowercase ? w.toLowerCase() : w).trim()).filter(Boolean);
  if (o.stopWords === 'none' && extra.length === 0) return null;
  const s = new Set<string>(o.stopWords === 'english' ? ENGLISH_STOP_WORDS : []);
  for (const w of extra) s.add(w);
  return s;
}

function checkOptions(o: TfidfOptions): void {
  const [a, b] = o.ngramRange;
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1 || b < a || b > 6) {
    throw new TfidfError(`The n-gram range ${a}–${b} is not valid: use whole numbers with 1 ≤ smallest ≤ largest ≤ 6.`);
  }
  if (!(o.minDf >= 0) || !(o.maxDf > 0)) throw new TfidfError('Minimum and maximum document frequency must be positive.');
}

const STOP = -2;
const UNKNOWN = -1;

/**
 * Walks one document's n-grams (as index nodes of length within the range). Tokens are scanned
 * in place (scikit-learn's pattern: runs of ≥ 2 word characters) and resolved through a token table,
 * whose value per token is its unigram node, UNKNOWN (not in a fixed vocabulary) or STOP (a stop word).
 */
class DocumentWalker {
  private tokens = new Int32Array(1024);
  private nTokens = 0;
  private readonly table = new TokenTable(1 << 15);
  constructor(
    private readonly index: NgramIndex,
    private readonly o: TfidfOptions,
  ) {
    const stops = stopSet(o);
    if (stops) for (const w of stops) if (this.table.find(w, 0, w.length, hashString(w)) < 0) this.table.add(w, hashString(w), STOP);
  }

  private push(node: number): void {
    if (this.nTokens === this.tokens.length) {
      const t = new Int32Array(this.tokens.length * 2);
      t.set(this.tokens);
      this.tokens = t;
    }
    this.tokens[this.nTokens++] = node;
  }

  /** The token text[start, end): appends its unigram node (or UNKNOWN), or nothing for a stop word. */
  private token(text: string, start: number, end: number, hash: number, insert: boolean): void {
    const { table } = this;
    let id = table.find(text, start, end, hash);
    if (id < 0) {
      const tok = text.slice(start, end);
      id = table.add(tok, hash, this.index.unigram(tok, insert));
    }
    let node = table.values[id];
    if (node === STOP) return;
    if (node === UNKNOWN && insert) {
      node = this.index.unigram(table.texts[id], true);
      table.values[id] = node;
    }
    this.push(node);
  }

  /** Calls emit(node) for every n-gram of the document; unknown n-grams are skipped unless `insert`. */
  walk(doc: string | null, insert: boolean, emit: (node: number) => void): void {
    this.nTokens = 0;
    if (doc == null || doc === '') return;
    const text = this.o.lowercase ? doc.toLowerCase() : doc;
    // maximal runs of word characters, ≥ 2 code points (see tokenize.ts for the same scan, unhashed)
    const len = text.length;
    let start = -1;
    let run = 0;
    let h = FNV_OFFSET;
    for (let i = 0; i < len; i++) {
      const c = text.charCodeAt(i);
      let word: boolean;
      let width = 1;
      if (c < 128) word = ASCII_WORD[c] === 1;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        word = isWordCodePoint((c - 0xd800) * 0x400 + (text.charCodeAt(i + 1) - 0xdc00) + 0x10000);
        width = 2;
      } else word = isWordCodePoint(c);
      if (word) {
        if (start < 0) {
          start = i;
          run = 0;
          h = FNV_OFFSET;
        }
        run++;
        h = Math.imul(h ^ c, FNV_PRIME);
        if (width === 2) h = Math.imul(h ^ text.charCodeAt(i + 1), FNV_PRIME);
      } else if (start >= 0) {
        if (run >= 2) this.token(text, start, i, h, insert);
        start = -1;
      }
      i += width - 1;
    }
    if (start >= 0 && run >= 2) this.token(text, start, len, h, insert);

    const [minN, maxN] = this.o.ngramRange;
    const { index } = this;
    const toks = this.tokens;
    const nt = this.nTokens;
    for (let i = 0; i < nt; i++) {
      let node = toks[i];
      if (node < 0) continue;
      if (minN <= 1) emit(node);
      for (let n = 2; n <= maxN && i + n - 1 < nt; n++) {
        const t = toks[i + n - 1];
        if (t < 0) break;
        node = index.child(node, t, insert);
        if (node < 0) break;
        if (n >= minN) emit(node);
      }
    }
  }
}

/** Growable int buffer. */
class IntBuffer {
  data: Int32Array;
  length = 0;
  constructor(cap = 1024) {
    this.data = new Int32Array(cap);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
}

function grown(a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (a.length >= size) return a;
  const b = new Int32Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Fits the vocabulary and idf on `docs` and returns them with the TF-IDF matrix of `docs`. */
export function fitTfidf(
  docs: ArrayLike<string | null>,
  options: Partial<TfidfOptions> = {},
): { vectorizer: TfidfVectorizer; matrix: CsrMatrix } {
  const o: TfidfOptions = { ...DEFAULT_TFIDF_OPTIONS, ...options };
  checkOptions(o);
  const nDocs = docs.length;
  const index = new NgramIndex(1 << 15);
  const walker = new DocumentWalker(index, o);

  // Pass 1: per-document term counts (node, count) and document frequencies.
  let counts = new Int32Array(1 << 15);
  let df = new Int32Array(1 << 15);
  let totals = new Int32Array(1 << 15);
  const unique = new IntBuffer();
  const entryNode = new IntBuffer(1 << 16);
  const entryCount = new IntBuffer(1 << 16);
  const docEnd = new Int32Array(nDocs + 1);
  for (let d = 0; d < nDocs; d++) {
    unique.length = 0;
    walker.walk(docs[d], true, (node) => {
      if (node >= counts.length) {
        counts = grown(counts, index.size);
        df = grown(df, index.size);
        totals = grown(totals, index.size);
      }
      if (counts[node]++ === 0) unique.push(node);
    });
    for (let k = 0; k < unique.length; k++) {
      const node = unique.data[k];
      df[node]++;
      totals[node] += counts[node];
      entryNode.push(node);
      entryCount.push(counts[node]);
      counts[node] = 0;
    }
    docEnd[d + 1] = entryNode.length;
  }

  df = grown(df, index.size);
  totals = grown(totals, index.size);
  // Pruning by document frequency and max_features, then alphabetical column order.
  const low = o.minDf < 1 ? o.minDf * nDocs : o.minDf;
  const high = o.maxDf <= 1 ? o.maxDf * nDocs : o.maxDf;
  if (high < low) {
    throw new TfidfError(
      `The maximum document frequency (${o.maxDf}) allows fewer documents than the minimum (${o.minDf}). Lower the minimum or raise the maximum.`,
    );
  }
  const [minN, maxN] = o.ngramRange;
  let kept: number[] = [];
  for (let node = 0; node < index.size; node++) {
    const len = index.length[node];
    const f = df[node];
    if (f > 0 && len >= minN && len <= maxN && f >= low && f <= high) kept.push(node);
  }
  if (kept.length === 0) {
    throw new TfidfError(
      nDocs === 0 || entryNode.length === 0
        ? 'The text holds no words (tokens of two or more letters or digits) after removing stop words.'
        : 'After pruning, no terms remain. Lower the minimum document frequency or raise the maximum.',
    );
  }
  let texts = kept.map((node) => index.text(node));
  // alphabetical (UTF-16 code unit) order, as Python sorts str; the native comparator-free sort is fastest
  const position = new Map<string, number>(texts.map((t, i) => [t, i]));
  let order = texts
    .slice()
    .sort()
    .map((t) => position.get(t)!);
  if (o.maxFeatures && o.maxFeatures > 0 && kept.length > o.maxFeatures) {
    // Most frequent terms over the corpus; ties keep alphabetical order (a stable sort of the sorted list).
    order = order
      .map((i, rank) => [i, rank] as const)
      .sort((a, b) => totals[kept[b[0]]] - totals[kept[a[0]]] || a[1] - b[1])
      .slice(0, o.maxFeatures)
      .map(([i]) => i)
      .sort((a, b) => byText(texts[a], texts[b]));
  }
  kept = order.map((i) => kept[i]);
  texts = order.map((i) => texts[i]);

  const nCols = kept.length;
  const colOf = new Int32Array(index.size).fill(-1);
  const idf = new Float64Array(nCols);
  for (let c = 0; c < nCols; c++) {
    colOf[kept[c]] = c;
    idf[c] = idfValue(o, nDocs, df[kept[c]]);
  }
  const vectorizer: TfidfVectorizer = { version: 1, options: o, vocabulary: texts, idf, nDocs };
  indexCache.set(vectorizer, { index, colOf });

  // Pass 2: the matrix of the fitting documents, from the stored counts.
  const rowCols = new IntBuffer();
  const scratch = new Int32Array(nCols);
  const builder = new CsrBuilder(nDocs, nCols, entryNode.length);
  for (let d = 0; d < nDocs; d++) {
    rowCols.length = 0;
    for (let e = docEnd[d]; e < docEnd[d + 1]; e++) {
      const c = colOf[entryNode.data[e]];
      if (c < 0) continue;
      rowCols.push(c);
      scratch[c] = entryCount.data[e];
    }
    builder.addRow(rowCols, scratch, idf, o);
  }
  return { vectorizer, matrix: builder.finish() };
}

function idfValue(o: TfidfOptions, n: number, df: number): number {
  if (!o.useIdf) return 1;
  return o.smoothIdf ? Math.log((1 + n) / (1 + df)) + 1 : Math.log(n / df) + 1;
}

class CsrBuilder {
  private indptr: Int32Array;
  private indices: Int32Array;
  private values: Float64Array;
  private row = 0;
  private nnz = 0;
  constructor(
    private readonly nRows: number,
    private readonly nCols: number,
    capacity: number,
  ) {
    this.indptr = new Int32Array(nRows + 1);
    this.indices = new Int32Array(Math.max(16, capacity));
    this.values = new Float64Array(Math.max(16, capacity));
  }

  /** Adds one row from its distinct columns and their raw counts (scratch[col]). */
  addRow(cols: IntBuffer, scratch: Int32Array, idf: Float64Array, o: TfidfOptions): void {
    const m = cols.length;
    if (this.nnz + m > this.indices.length) {
      const cap = Math.max(this.nnz + m, this.indices.length * 2);
      const ind = new Int32Array(cap);
      ind.set(this.indices.subarray(0, this.nnz));
      this.indices = ind;
      const val = new Float64Array(cap);
      val.set(this.values.subarray(0, this.nnz));
      this.values = val;
    }
    const start = this.nnz;
    const seg = cols.data.subarray(0, m);
    seg.sort();
    let norm = 0;
    for (let k = 0; k < m; k++) {
      const c = seg[k];
      const count = o.binary ? 1 : scratch[c];
      const tf = o.sublinearTf ? Math.log(count) + 1 : count;
      const v = tf * idf[c];
      this.indices[start + k] = c;
      this.values[start + k] = v;
      norm += o.norm === 'l1' ? Math.abs(v) : v * v;
    }
    if (o.norm !== 'none' && norm > 0) {
      const scale = o.norm === 'l2' ? 1 / Math.sqrt(norm) : 1 / norm;
      for (let k = start; k < start + m; k++) this.values[k] *= scale;
    }
    this.nnz += m;
    this.indptr[++this.row] = this.nnz;
  }

  finish(): CsrMatrix {
    return {
      nRows: this.nRows,
      nCols: this.nCols,
      indptr: this.indptr,
      indices: this.indices.slice(0, this.nnz),
      values: this.values.slice(0, this.nnz),
    };
  }
}

const indexCache = new WeakMap<TfidfVectorizer, { index: NgramIndex; colOf: Int32Array }>();

/** The vocabulary as an n-gram index (rebuilt once per vectoriser object, e.g. after a worker transfer). */
function vocabularyIndex(v: TfidfVectorizer): { index: NgramIndex; colOf: Int32Array } {
  const cached = indexCache.get(v);
  if (cached) return cached;
  const index = new NgramIndex(v.vocabulary.length * 2 + 16);
  const cols: number[] = [];
  v.vocabulary.forEach((term, c) => {
    const parts = term.split(' ');
    let node = index.unigram(parts[0], true);
    for (let k = 1; k < parts.length; k++) node = index.child(node, index.unigram(parts[k], true), true);
    cols[node] = c;
  });
  const colOf = new Int32Array(index.size).fill(-1);
  cols.forEach((c, node) => (colOf[node] = c));
  const built = { index, colOf };
  indexCache.set(v, built);
  return built;
}

/** TF-IDF matrix of `docs` under a fitted vectoriser; terms outside its vocabulary are ignored. */
export function transformTfidf(v: TfidfVectorizer, docs: ArrayLike<string | null>): CsrMatrix {
  const { index, colOf } = vocabularyIndex(v);
  const walker = new DocumentWalker(index, v.options);
  const nCols = v.vocabulary.length;
  const scratch = new Int32Array(nCols);
  const rowCols = new IntBuffer();
  const builder = new CsrBuilder(docs.length, nCols, docs.length * 64);
  for (let d = 0; d < docs.length; d++) {
    rowCols.length = 0;
    walker.walk(docs[d], false, (node) => {
      const c = colOf[node];
      if (c < 0) return;
      if (scratch[c]++ === 0) rowCols.push(c);
    });
    builder.addRow(rowCols, scratch, v.idf, v.options);
    for (let k = 0; k < rowCols.length; k++) scratch[rowCols.data[k]] = 0;
  }
  return builder.finish();
}
