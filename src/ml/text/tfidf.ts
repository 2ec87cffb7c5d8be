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
import { canShareMemory } from '../../core/table/transfer.ts';
import type { CsrMatrix } from '../features/featurizer.ts';
import { DocumentWalker } from './document-walker.ts';
import { docCount, docLength, walkDocs, type TextDocs } from './text-docs.ts';
import { NgramIndex } from './ngram-index.ts';

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

function checkOptions(o: TfidfOptions): void {
  const [a, b] = o.ngramRange;
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1 || b < a || b > 6) {
    throw new TfidfError(`The n-gram range ${a}–${b} is not valid: use whole numbers with 1 ≤ smallest ≤ largest ≤ 6.`);
  }
  if (!(o.minDf >= 0) || !(o.maxDf > 0)) throw new TfidfError('Minimum and maximum document frequency must be positive.');
}

/** Growable int buffer. */
class IntBuffer {
  data: Int32Array;
  length = 0;
  constructor(cap = 1024) {
    this.data = new Int32Array(cap);
  }
  push(v: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = v;
  }
  /** Makes room for `extra` more values (then write data[length…] directly and bump length). */
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const d = new Int32Array(Math.max(this.length + extra, this.data.length * 2));
    d.set(this.data);
    this.data = d;
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
  docs: TextDocs,
  options: Partial<TfidfOptions> = {},
): { vectorizer: TfidfVectorizer; matrix: CsrMatrix } {
  const o: TfidfOptions = { ...DEFAULT_TFIDF_OPTIONS, ...options };
  checkOptions(o);
  const nDocs = docCount(docs);
  const index = new NgramIndex(1 << 15);
  const walker = new DocumentWalker(index, o);
  const walk = walkDocs(docs, walker);

  // Pass 1: per-document term counts (node, count) and document frequencies, interleaved per node as
  // [count in the current document, document frequency]: the 1–2-gram nodes outgrow the caches, and
  // this way a node's two numbers share a cache line.
  let stats = new Int32Array(2 << 15);
  const unique = new IntBuffer();
  // about one distinct n-gram per 4 characters for 1–2-grams of prose: sized so the buffers rarely regrow
  let chars = 0;
  for (let d = 0; d < nDocs; d++) chars += docLength(docs, d);
  const entryCap = Math.min(1 << 26, Math.max(1 << 16, Math.ceil((chars / 4) * (o.ngramRange[1] - o.ngramRange[0] + 1))));
  const entryNode = new IntBuffer(entryCap);
  const entryCount = new IntBuffer(entryCap);
  const docEnd = new Int32Array(nDocs + 1);
  for (let d = 0; d < nDocs; d++) {
    unique.length = 0;
    walk(d, true, (node) => {
      if (2 * node >= stats.length) stats = grown(stats, 2 * index.size);
      if (stats[2 * node]++ === 0) unique.push(node);
    });
    entryNode.reserve(unique.length);
    entryCount.reserve(unique.length);
    const at = entryNode.length;
    for (let k = 0; k < unique.length; k++) {
      const node = unique.data[k];
      stats[2 * node + 1]++;
      entryNode.data[at + k] = node;
      entryCount.data[at + k] = stats[2 * node];
      stats[2 * node] = 0;
    }
    entryNode.length = entryCount.length = at + unique.length;
    docEnd[d + 1] = entryNode.length;
  }

  stats = grown(stats, 2 * index.size);
  const df = (node: number) => stats[2 * node + 1];
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
    const f = df(node);
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
  let order = alphabeticalOrder(index, kept, texts);
  if (o.maxFeatures && o.maxFeatures > 0 && kept.length > o.maxFeatures) {
    // Most frequent terms over the corpus; ties keep alphabetical order (a stable sort of the sorted list).
    const totals = new Float64Array(index.size);
    for (let e = 0; e < entryNode.length; e++) totals[entryNode.data[e]] += entryCount.data[e];
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
    idf[c] = idfValue(o, nDocs, df(kept[c]));
  }
  const vectorizer: TfidfVectorizer = { version: 1, options: o, vocabulary: texts, idf, nDocs };
  indexCache.set(vectorizer, { index, colOf });

  // Pass 2: the matrix of the fitting documents, from the stored counts (nodes turned into columns, and
  // each row's kept entries counted, in one pass over them).
  const entryCol = entryNode.data;
  const indptr = new Int32Array(outputMemory(4 * (nDocs + 1)));
  for (let d = 0; d < nDocs; d++) {
    let m = 0;
    for (let e = docEnd[d]; e < docEnd[d + 1]; e++) {
      const c = colOf[entryCol[e]];
      entryCol[e] = c;
      if (c >= 0) m++;
    }
    indptr[d + 1] = indptr[d] + m;
  }
  return { vectorizer, matrix: buildTfidfCsr(nDocs, nCols, docEnd, entryCol, entryCount.data, idf, o, indptr) };
}

/**
 * The permutation sorting `texts` (the kept n-grams' texts) alphabetically by UTF-16 code units, as
 * Python sorts str. Joined n-grams compare like their token sequences, because the joining space sorts
 * below every word character: so for 1–2-grams a numeric key (rank of the first token, rank of the
 * second + 1 or 0 for a unigram) sorts them, which is several times faster than comparing strings.
 */
function alphabeticalOrder(index: NgramIndex, kept: number[], texts: string[]): number[] {
  const nKept = kept.length;
  const byString = (): number[] => {
    const position = new Map<string, number>(texts.map((t, i) => [t, i]));
    return texts
      .slice()
      .sort()
      .map((t) => position.get(t)!);
  };
  const rank = new Int32Array(index.size).fill(-1);
  const unigrams: number[] = [];
  const note = (u: number) => {
    if (rank[u] === -1) {
      rank[u] = 0;
      unigrams.push(u);
    }
  };
  for (const node of kept) {
    const len = index.length[node];
    if (len > 2) return byString();
    if (len === 1) note(node);
    else {
      note(index.parent[node]);
      note(index.lastToken[node]);
    }
  }
  const K = unigrams.length + 1;
  if (K * K * nKept >= 2 ** 53) return byString();
  const words = unigrams.map((u) => index.text(u));
  const wordPos = new Map<string, number>(words.map((t, i) => [t, i]));
  words
    .slice()
    .sort()
    .forEach((t, r) => (rank[unigrams[wordPos.get(t)!]] = r));
  const packed = new Float64Array(nKept);
  for (let i = 0; i < nKept; i++) {
    const node = kept[i];
    const key = index.length[node] === 1 ? rank[node] * K : rank[index.parent[node]] * K + rank[index.lastToken[node]] + 1;
    packed[i] = key * nKept + i;
  }
  packed.sort();
  const order = new Array<number>(nKept);
  for (let r = 0; r < nKept; r++) order[r] = packed[r] % nKept;
  return order;
}

/** 1 + ln(count) for small counts (sublinear tf), the same doubles Math.log gives. */
const SUBLINEAR_TF = Float64Array.from({ length: 256 }, (_, c) => (c > 0 ? Math.log(c) + 1 : 0));

/**
 * Sorts a[0, m) (integers in [0, limit)) ascending: a bucket pass on the high bits (≈ one value per
 * bucket for a typical row), then insertion sort, which is linear on the nearly sorted result.
 * A native sort per row costs several times more on 10,000 short rows.
 */
function sortRow(a: Int32Array, m: number, limit: number, tmp: Int32Array, buckets: Int32Array): void {
  if (m > 32) {
    let shift = 0;
    while ((limit >>> shift) > 2 * m) shift++;
    const nb = (limit >>> shift) + 1;
    buckets.fill(0, 0, nb + 1);
    for (let k = 0; k < m; k++) buckets[(a[k] >>> shift) + 1]++;
    for (let b = 0; b < nb; b++) buckets[b + 1] += buckets[b];
    for (let k = 0; k < m; k++) tmp[buckets[a[k] >>> shift]++] = a[k];
    a.set(tmp.subarray(0, m));
  }
  for (let i = 1; i < m; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

/**
 * Documents' (column, raw count) entries, columns in any order within a document (`col` −1 = dropped),
 * → the TF-IDF CSR matrix, columns ascending per row. `indptr`: the rows' starts when the caller
 * counted the kept entries already.
 */
function buildTfidfCsr(
  nDocs: number,
  nCols: number,
  docEnd: Int32Array,
  col: Int32Array,
  count: Int32Array,
  idf: Float64Array,
  o: TfidfOptions,
  counted?: Int32Array,
): CsrMatrix {
  // The matrix goes out in a step's output table, whose arrays the runtime moves into shared memory
  // (packOutputsForHost): made there from the start, it is not copied (~20 MB for 10,000 resumes).
  let indptr = counted;
  if (!indptr) {
    indptr = new Int32Array(outputMemory(4 * (nDocs + 1)));
    for (let d = 0; d < nDocs; d++) {
      let m = 0;
      for (let e = docEnd[d]; e < docEnd[d + 1]; e++) if (col[e] >= 0) m++;
      indptr[d + 1] = indptr[d] + m;
    }
  }
  const nnz = indptr[nDocs];
  const indices = new Int32Array(outputMemory(4 * nnz));
  const values = new Float64Array(outputMemory(8 * nnz));
  const raw = new Int32Array(nCols);
  let maxRow = 0;
  for (let d = 0; d < nDocs; d++) maxRow = Math.max(maxRow, indptr[d + 1] - indptr[d]);
  const tmp = new Int32Array(maxRow);
  const buckets = new Int32Array(2 * maxRow + 2);
  const l1 = o.norm === 'l1';
  for (let d = 0; d < nDocs; d++) {
    const start = indptr[d];
    const m = indptr[d + 1] - start;
    const row = indices.subarray(start, start + m);
    let k = 0;
    for (let e = docEnd[d]; e < docEnd[d + 1]; e++) {
      const c = col[e];
      if (c < 0) continue;
      row[k++] = c;
      raw[c] = count[e];
    }
    sortRow(row, m, nCols, tmp, buckets);
    let norm = 0;
    for (let q = start; q < start + m; q++) {
      const c = indices[q];
      const n = raw[c];
      const tf = o.binary ? 1 : o.sublinearTf ? (n < 256 ? SUBLINEAR_TF[n] : Math.log(n) + 1) : n;
      const v = tf * idf[c];
      values[q] = v;
      norm += l1 ? Math.abs(v) : v * v;
    }
    if (o.norm !== 'none' && norm > 0) {
      const scale = l1 ? 1 / norm : 1 / Math.sqrt(norm);
      for (let q = start; q < start + m; q++) values[q] *= scale;
    }
  }
  return { nRows: nDocs, nCols, indptr, indices, values };
}

/** Memory for the returned matrix: shared where threads can share it (see buildTfidfCsr). */
function outputMemory(bytes: number): ArrayBuffer {
  return canShareMemory() ? (new SharedArrayBuffer(bytes) as unknown as ArrayBuffer) : new ArrayBuffer(bytes);
}

function idfValue(o: TfidfOptions, n: number, df: number): number {
  if (!o.useIdf) return 1;
  return o.smoothIdf ? Math.log((1 + n) / (1 + df)) + 1 : Math.log(n / df) + 1;
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
export function transformTfidf(v: TfidfVectorizer, docs: TextDocs): CsrMatrix {
  const { index, colOf } = vocabularyIndex(v);
  const walker = new DocumentWalker(index, v.options);
  const walk = walkDocs(docs, walker);
  const nCols = v.vocabulary.length;
  const nDocs = docCount(docs);
  const scratch = new Int32Array(nCols);
  const rowCols = new IntBuffer();
  const entryCol = new IntBuffer(nDocs * 64 + 16);
  const entryCount = new IntBuffer(nDocs * 64 + 16);
  // every entry kept is in the vocabulary, so the documents' ends are the matrix's row starts
  const docEnd = new Int32Array(outputMemory(4 * (nDocs + 1)));
  for (let d = 0; d < nDocs; d++) {
    rowCols.length = 0;
    walk(d, false, (node) => {
      const c = colOf[node];
      if (c < 0) return;
      if (scratch[c]++ === 0) rowCols.push(c);
    });
    entryCol.reserve(rowCols.length);
    entryCount.reserve(rowCols.length);
    const at = entryCol.length;
    for (let k = 0; k < rowCols.length; k++) {
      const c = rowCols.data[k];
      entryCol.data[at + k] = c;
      entryCount.data[at + k] = scratch[c];
      scratch[c] = 0;
    }
    entryCol.length = entryCount.length = at + rowCols.length;
    docEnd[d + 1] = entryCol.length;
  }
  return buildTfidfCsr(nDocs, nCols, docEnd, entryCol.data, entryCount.data, v.idf, v.options, docEnd);
}
