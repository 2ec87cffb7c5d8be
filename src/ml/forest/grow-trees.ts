/**
 * CART classification trees (Gini) on a binned matrix: the kernel a random forest fans out to workers.
 *
 * Follows scikit-learn's DecisionTreeClassifier as used by RandomForestClassifier: bootstrap counts
 * become sample weights; at each node `mtry` features are drawn without replacement, and drawing goes
 * on (one at a time) past `mtry` until at least one non-constant feature is seen; the split maximises
 * the weighted Gini decrease subject to min_samples_leaf (counted in distinct samples); leaves hold the
 * weighted share of the positive class. Nodes are grown depth first over one sample array, partitioned
 * stably so every node's samples stay in ascending row order (forward memory scans, sorted for the
 * binary-search intersection below).
 *
 * Where the time goes on sparse text (the resume template: 8,000 anonymised resumes × 7,176 terms,
 * 1.08M non-zeros, mtry = 84): a fully grown tree has ~1,100 splits, each drawing ≥ 84 random
 * features, nearly all absent from a small node (per tree ~90k draws, ~18k features present in their
 * node, ~115k entries evaluated).
 * - Nodes of ≤ LOCAL_INDEX_ROWS samples (all but ~40 per tree) use a column index of their subtree,
 *   built once from its rows by a counting sort (materialize: ~680k entries per tree, a third of the
 *   time): contiguous per-feature lists over the subtree's own sample ids, so a drawn feature costs
 *   one lookup (absent: nothing more) and a sequential scan, and weights, labels and the partition
 *   touch only arrays of the subtree's size. Each feature's list is scanned about once per subtree
 *   (~545k entries per tree), so building the index and reading it cost about the same.
 * - Bigger nodes scan the drawn columns (CSC), touching all their starts first so the cache misses
 *   overlap, or their own rows (CSR) with the drawn features in a bit set; a cost model picks.
 * - Partition is branch-free and sums the children's class weights as it goes (no pass per node).
 * - The training data reaches each worker once per forest (ctx.parallel's shared data) and the worker
 *   keeps its grower for it, so the column layout is built once per worker, not once per task; tasks
 *   are then just seeds, small enough to be many (workers stay evenly busy to the end).
 * Entries are packed as index·256 + bin code in one Int32Array, so each entry is one load.
 * - The hot loops run as WebAssembly (forest-wasm.ts) over the grower's arrays, which then live in the
 *   module's memory (typed-array views, so the JavaScript parts use the same arrays): materialize's
 *   counting sort, a subtree node's whole search (draws, list filter, histogram, Gini scan) in one call,
 *   the column filter and evaluation of big nodes, and the partition. In JavaScript every typed-array
 *   access there is bounds-checked and these chains of dependent loads cost ~3× as much. Float sums
 *   are done in the JavaScript order (WebAssembly's f64 arithmetic is IEEE's, as JavaScript's), so the
 *   trees are the same with or without it; where WebAssembly is unavailable the JavaScript loops run
 *   (params.wasm = false forces them, for the tests). The row-scan path stays in JavaScript.
 * All paths draw the same features in the same order and add the same weights in the same order, so
 * the trees do not depend on the path; they are bit for bit those of the previous kernel (linked-list
 * subtree index; fixtures/reference-trees.json), and on the resume matrix, seeds 0–4, 100 trees each
 * (test AUC 0.868/0.866/0.864/0.868/0.867).
 * Measured on that matrix (bench/forest-kernel.bench.ts, CPU per tree, a shared 2-core machine under
 * load): JavaScript only ~24 ms in one thread, ~23 ms with two workers at once; with WebAssembly ~12
 * and ~14 ms. Tried and dropped before (JavaScript), all measured no better: dense code columns for
 * frequent features (their random reads cost what skipping their index entries saved), a row scan
 * below 512 samples (twice the time), one capacity-sized slot per feature instead of the counting pass
 * (scans then miss the cache), LOCAL_INDEX_ROWS 256 or 1024.
 */
import { Arena, CFG, CONFIG_BYTES, forestWasm, type ForestWasmExports } from './forest-wasm.ts';

export interface TreeParams {
  /** 0 = unlimited. */
  maxDepth: number;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  /** Features drawn per split. */
  mtry: number;
  bootstrap: boolean;
  /**
   * Forces one split-search path (tests, benchmarks); 'auto' (default) picks per node. Every path
   * draws and evaluates the same features in the same order, so the trees are the same.
   */
  searchPath?: 'auto' | 'columns' | 'rows' | 'local';
  /**
   * false: the JavaScript loops even where WebAssembly runs (tests, benchmarks). Both give the same
   * trees: the WebAssembly loops only move integers.
   */
  wasm?: boolean;
}

/** One tree with splits as (feature, bin code): "code ≤ code[t]" goes left. Leaves have feature -1. */
export interface CodedTree {
  feature: Int32Array;
  code: Int32Array;
  left: Int32Array;
  right: Int32Array;
  /** Weighted share of the positive class among the node's training samples. */
  value: Float64Array;
  /** Weighted number of training samples reaching the node. */
  cover: Float64Array;
}

/** The binned matrix by row, as shipped to workers (each task rebuilds the column layout itself). */
export interface TreeMatrix {
  nRows: number;
  nFeatures: number;
  rowptr: Int32Array;
  /** Row i's non-zero entries are rowEntries[rowptr[i]..rowptr[i+1]), features ascending, each feature·256 + code. */
  rowEntries: Int32Array;
  /** Code of the value 0 for each feature. */
  zeroCode: Uint8Array;
}

/** Entries pack an index (row or feature) with an 8-bit code into an int32. */
export const MAX_PACKED_INDEX = 1 << 23;

/**
 * Rows to score with each tree as it is grown (the trainer's predictions), so scoring runs in the
 * parallel tasks too instead of after them on one thread. Features in the training matrix's order
 * (dense X, then the sparse block); `thresholds`/`thrStart` turn a split's bin code into its value.
 */
export interface ForestScoreRows {
  n: number;
  d: number;
  X: Float64Array;
  sparse?: { indptr: Int32Array; indices: Int32Array; values: Float64Array };
  thrStart: Int32Array;
  thresholds: Float64Array;
}

/** What every tree of one forest is grown from (sent to each worker once). */
export interface ForestData {
  matrix: TreeMatrix;
  y: Uint8Array;
  rowWeights?: Float64Array;
  params: TreeParams;
  score?: ForestScoreRows;
}

/** A chunk of trees: one seed per tree. */
export interface GrowTreesTask {
  seeds: number[];
}

export interface GrowTreesResult {
  trees: CodedTree[];
  /** Sum over the trees of each tree's normalised Gini importances. */
  importanceSum: Float64Array;
  /** With ForestData.score: leafValues[t·n + i] = tree t's (of this task) leaf value for score row i. */
  leafValues?: Float64Array;
}

/**
 * xoshiro128** seeded by splitmix32: the same numbers as core/rng's createRng(seed) (a test checks),
 * as one class so the draw loop's calls are monomorphic and inlined (a fresh closure per tree made
 * them megamorphic calls).
 */
export class TreeRng {
  /** `s`: where the four state words live (the WebAssembly search draws from the same ones). */
  constructor(
    seed: number,
    private readonly s: Int32Array = new Int32Array(4),
  ) {
    let sm = seed >>> 0;
    for (let k = 0; k < 4; k++) {
      sm = (sm + 0x9e3779b9) >>> 0;
      let z = sm;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[k] = z ^ (z >>> 16);
    }
  }

  /** Integer in [0, n), as createRng's int(n). */
  int(n: number): number {
    const st = this.s;
    let a = st[0];
    let b = st[1];
    let c = st[2];
    let d = st[3];
    const t = b << 9;
    let r = Math.imul(b, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    st[0] = a;
    st[1] = b;
    st[2] = c;
    st[3] = d;
    return Math.floor(((r >>> 0) / 4294967296) * n);
  }
}

/** A growable typed array of one tree's per-node values. */
class Int32List {
  data = new Int32Array(256);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

class Float64List {
  data = new Float64Array(256);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Float64Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** CSR → CSC with entries packed as row·256 + code (rows ascending within each column). */
export function columnsOf(m: TreeMatrix): { colptr: Int32Array; colEntries: Int32Array } {
  const { nRows, nFeatures, rowptr, rowEntries } = m;
  const nnz = rowptr[nRows];
  const colptr = new Int32Array(nFeatures + 1);
  for (let q = 0; q < nnz; q++) colptr[(rowEntries[q] >>> 8) + 1]++;
  for (let f = 0; f < nFeatures; f++) colptr[f + 1] += colptr[f];
  const fill = colptr.slice(0, nFeatures);
  const colEntries = new Int32Array(nnz);
  for (let i = 0; i < nRows; i++) {
    const hi = i << 8;
    for (let q = rowptr[i], qe = rowptr[i + 1]; q < qe; q++) {
      const e = rowEntries[q];
      colEntries[fill[e >>> 8]++] = hi | (e & 255);
    }
  }
  return { colptr, colEntries };
}

/**
 * Cost model, in units of one row-entry visit (measured on the resume matrix): reaching a random
 * column ≈ COLUMN_VISIT entries (cache misses on its start), a column entry ≈ 1.
 */
const COLUMN_VISIT = 60;
/**
 * Nodes with at most this many samples get a subtree-local column index (see materialize). Measured on
 * the resume matrix: 256–512 are equally good; larger makes every node of the subtree scan long lists.
 */
const LOCAL_INDEX_ROWS = 512;
/** Above this many distinct codes, a feature's codes are put in order through a bit set, not by insertion. */
const INSERTION_SORT_MAX = 16;

/** Byte offsets of the grower's arrays in the WebAssembly memory (forest-wasm.ts). */
interface ArenaLayout {
  rowptr: number;
  rowEntries: number;
  samples: number;
  localCount: number;
  localRange: number;
  localFeat: number;
  localEnt: number;
  localIn: number;
  filtS: number;
  filtC: number;
  feats: number;
  localW: number;
  localY: number;
  localCost: number;
  rng: number;
  zeroCode: number;
  h01: number;
  hn: number;
  bins: number;
  bits: number;
  colptr: number;
  colEntries: number;
  w: number;
  y: number;
  rowLength: number;
  tmp: number;
  inNode: number;
  side: number;
}

/**
 * The WebAssembly module over a memory laid out for this matrix, or null where it is unavailable. The
 * subtree index gets a fixed capacity (views cannot follow a growing memory): the most entries a
 * subtree of LOCAL_INDEX_ROWS samples can have, or every entry when the index may start at the root.
 */
function arenaFor(m: TreeMatrix, path: TreeParams['searchPath']): { exports: ForestWasmExports; at: ArenaLayout; localEntCapacity: number } | null {
  const { nRows: n, nFeatures: nF, rowptr } = m;
  const nnz = rowptr[n];
  let localEntCapacity = nnz;
  if ((path ?? 'auto') === 'auto' && n > LOCAL_INDEX_ROWS) {
    const lengths = new Int32Array(n);
    for (let i = 0; i < n; i++) lengths[i] = rowptr[i + 1] - rowptr[i];
    lengths.sort();
    localEntCapacity = 0;
    for (let i = n - LOCAL_INDEX_ROWS; i < n; i++) localEntCapacity += lengths[i];
  }
  const arena = new Arena();
  arena.reserve(CONFIG_BYTES, 1);
  const at: ArenaLayout = {
    rowptr: arena.reserve(n + 1, 4),
    rowEntries: arena.reserve(nnz, 4),
    samples: arena.reserve(n, 4),
    localCount: arena.reserve(nF, 4),
    localRange: arena.reserve(2 * nF, 4),
    localFeat: arena.reserve(nF, 4),
    localEnt: arena.reserve(localEntCapacity, 4),
    localIn: arena.reserve(n, 1),
    filtS: arena.reserve(n, 4),
    filtC: arena.reserve(n, 1),
    feats: arena.reserve(nF, 4),
    localW: arena.reserve(n, 8),
    localY: arena.reserve(n, 1),
    localCost: arena.reserve(n, 4),
    rng: arena.reserve(4, 4),
    zeroCode: arena.reserve(nF, 1),
    h01: arena.reserve(512, 8),
    hn: arena.reserve(256, 4),
    bins: arena.reserve(256, 4),
    bits: arena.reserve(8, 4),
    colptr: arena.reserve(nF + 1, 4),
    colEntries: arena.reserve(nnz, 4),
    w: arena.reserve(n, 8),
    y: arena.reserve(n, 1),
    rowLength: arena.reserve(n, 4),
    tmp: arena.reserve(n, 4),
    inNode: arena.reserve(n, 1),
    side: arena.reserve(n, 1),
  };
  const exports = forestWasm(arena.bytes);
  return exports ? { exports, at, localEntCapacity } : null;
}

/** The per-forest state of a thread: the matrix in both layouts and scratch shared by all its trees. */
class TreeGrower {
  readonly n: number;
  readonly nF: number;
  readonly rowptr: Int32Array;
  readonly rowEntries: Int32Array;
  readonly colptr: Int32Array;
  readonly colEntries: Int32Array;
  readonly zeroCode: Uint8Array;
  readonly y: Uint8Array;
  readonly rowWeights: Float64Array | undefined;
  readonly mtry: number;
  readonly minLeaf: number;
  readonly minSplit: number;
  readonly maxDepth: number;
  readonly bootstrap: boolean;
  readonly searchPath: 'auto' | 'columns' | 'rows' | 'local';

  // E[min(column length, cap)] over a random feature: sorted lengths and their prefix sums
  readonly sortedLens: Float64Array;
  readonly lenPrefix: Float64Array;

  /** The WebAssembly loops (forest-wasm.ts) and the byte offsets of the arrays they use, or null. */
  readonly wasm: ForestWasmExports | null = null;
  readonly at: ArenaLayout | null = null;
  /** The WebAssembly search's config block (forest-wasm.ts's CFG), as int32 and float64 views. */
  readonly cfgI = new Int32Array(0);
  readonly cfgF = new Float64Array(0);
  /** The random generator's state words (in the WebAssembly memory when it runs: both draw from them). */
  readonly rngState: Int32Array;
  /** searchLocal's filtered entries (WebAssembly only: the JavaScript loop writes entS/entC). */
  readonly filtS: Int32Array;
  readonly filtC: Uint8Array;

  readonly w: Float64Array;
  /** Row i's number of entries. */
  readonly rowLength: Int32Array;
  readonly samples: Int32Array;
  readonly tmp: Int32Array;
  readonly inNode: Uint8Array;
  readonly side: Uint8Array;
  /** Bit set of the candidate features of a row-scan batch (small enough to stay in L1). */
  readonly candBits: Int32Array;
  readonly featSlot: Int32Array;
  readonly present: Uint8Array;
  readonly feats: Int32Array;
  readonly candidates: Int32Array;
  readonly bucketStart: Int32Array;
  readonly bucketFill: Int32Array;
  /** Per code: weight of class 0 at 2c, of class 1 at 2c + 1 (one line for both), and the sample count. */
  readonly h01 = new Float64Array(512);
  readonly hn = new Int32Array(256);
  readonly bins = new Int32Array(256);
  readonly binBits = new Int32Array(8);
  entS: Int32Array;
  entC: Uint8Array;
  entF: Int32Array;
  bucketS: Int32Array;
  bucketC: Uint8Array;
  readonly importance: Float64Array;
  importanceSum: Float64Array;

  // Subtree-local column index (see materialize). The subtree's samples are numbered 0..S−1 in row
  // order (local ids), and samples[localStart, localEnd) holds local ids while the index is active, so
  // the subtree's nodes read only small arrays; its entries are grouped by feature in localEnt as local
  // id·256 + code, feature f's at localEnt[localRange[2f], localRange[2f + 1]) (an empty range: absent).
  readonly localRow: Int32Array;
  readonly localW: Float64Array;
  readonly localY: Uint8Array;
  readonly localCost: Int32Array;
  readonly localIn: Uint8Array;
  readonly localRange: Int32Array;
  readonly localCount: Int32Array;
  readonly localFeat: Int32Array;
  localEnt: Int32Array;
  localActive = false;
  localStart = 0;
  localEnd = 0;
  /** Features laid out in the subtree index (listed in localFeat), or −1: all of them. */
  nLocal = 0;

  // the best split of the node being searched
  bestProxy = -Infinity;
  bestF = -1;
  bestCode = -1;
  bestZeroLeft = false;
  // what partition found out about the children: class weights and row-entry counts (left, right)
  leftW0 = 0;
  leftW1 = 0;
  leftCost = 0;
  rightW0 = 0;
  rightW1 = 0;
  rightCost = 0;
  /** Sink for the cache-warming loads (kept so the loads are not optimised away). */
  touched = 0;

  constructor(task: ForestData) {
    const m = task.matrix;
    const { params } = task;
    this.n = m.nRows;
    this.nF = m.nFeatures;
    if (this.n >= MAX_PACKED_INDEX || this.nF >= MAX_PACKED_INDEX) {
      throw new Error(`A random forest handles up to ${MAX_PACKED_INDEX - 1} rows and features (got ${this.n} × ${this.nF}).`);
    }
    this.zeroCode = m.zeroCode;
    this.rowWeights = task.rowWeights;
    this.mtry = Math.max(1, Math.min(this.nF, params.mtry));
    this.minLeaf = Math.max(1, params.minSamplesLeaf);
    this.minSplit = Math.max(2, params.minSamplesSplit, 2 * this.minLeaf);
    this.maxDepth = params.maxDepth > 0 ? params.maxDepth : Infinity;
    this.bootstrap = params.bootstrap;
    this.searchPath = params.searchPath ?? 'auto';

    const nF = this.nF;
    const n = this.n;
    const nnz = m.rowptr[n];
    // The arrays the WebAssembly loops touch live in its memory (views over it), or are plain arrays.
    const wasm = params.wasm === false ? null : arenaFor(m, this.searchPath);
    const buf = wasm?.exports.memory.buffer;
    const at = wasm?.at;
    const i32s = (key: keyof ArenaLayout, length: number) => (at ? new Int32Array(buf!, at[key], length) : new Int32Array(length));
    const u8s = (key: keyof ArenaLayout, length: number) => (at ? new Uint8Array(buf!, at[key], length) : new Uint8Array(length));
    const f64s = (key: keyof ArenaLayout, length: number) => (at ? new Float64Array(buf!, at[key], length) : new Float64Array(length));
    if (wasm) {
      this.wasm = wasm.exports;
      this.at = wasm.at;
      this.rowptr = i32s('rowptr', n + 1);
      this.rowptr.set(m.rowptr);
      this.rowEntries = i32s('rowEntries', nnz);
      this.rowEntries.set(m.rowEntries.subarray(0, nnz));
      this.y = u8s('y', n);
      this.y.set(task.y);
      this.localEnt = i32s('localEnt', wasm.localEntCapacity);
      u8s('zeroCode', nF).set(m.zeroCode);
    } else {
      this.rowptr = m.rowptr;
      this.rowEntries = m.rowEntries;
      this.y = task.y;
      this.localEnt = new Int32Array(2048);
    }
    if (wasm) {
      const l = wasm.at;
      wasm.exports.columns(l.rowptr, l.rowEntries, n, l.colptr, l.colEntries, nF, l.localFeat);
      this.colptr = i32s('colptr', nF + 1);
      this.colEntries = i32s('colEntries', nnz);
    } else {
      const cols = columnsOf(m);
      this.colptr = cols.colptr;
      this.colEntries = cols.colEntries;
    }
    this.samples = i32s('samples', n);
    this.localCount = i32s('localCount', nF);
    this.localRange = i32s('localRange', 2 * nF);
    this.localFeat = i32s('localFeat', nF);
    this.localIn = u8s('localIn', n);
    this.filtS = i32s('filtS', wasm ? n : 0);
    this.filtC = u8s('filtC', wasm ? n : 0);
    this.feats = i32s('feats', nF);
    this.localW = f64s('localW', n);
    this.localY = u8s('localY', n);
    this.localCost = i32s('localCost', n);
    this.rngState = i32s('rng', 4);
    this.w = f64s('w', n);
    this.rowLength = i32s('rowLength', n);
    for (let i = 0; i < n; i++) this.rowLength[i] = this.rowptr[i + 1] - this.rowptr[i];
    this.tmp = i32s('tmp', n);
    this.inNode = u8s('inNode', n);
    this.side = u8s('side', n);
    if (wasm) {
      this.cfgI = new Int32Array(buf!, 0, CONFIG_BYTES / 4);
      this.cfgF = new Float64Array(buf!, 0, CONFIG_BYTES / 8);
      const c = this.cfgI;
      const l = wasm.at;
      const addresses: [number, number][] = [
        [CFG.samples, l.samples],
        [CFG.localIn, l.localIn],
        [CFG.localRange, l.localRange],
        [CFG.localEnt, l.localEnt],
        [CFG.filtS, l.filtS],
        [CFG.filtC, l.filtC],
        [CFG.localW, l.localW],
        [CFG.localY, l.localY],
        [CFG.feats, l.feats],
        [CFG.rng, l.rng],
        [CFG.h01, l.h01],
        [CFG.hn, l.hn],
        [CFG.bins, l.bins],
        [CFG.bits, l.bits],
        [CFG.zeroCode, l.zeroCode],
        [CFG.side, l.side],
        [CFG.tmp, l.tmp],
        [CFG.nF, nF],
        [CFG.mtry, this.mtry],
        [CFG.minLeaf, this.minLeaf],
      ];
      for (const [field, value] of addresses) c[field / 4] = value;
    }
    this.sortedLens = new Float64Array(nF);
    for (let f = 0; f < nF; f++) this.sortedLens[f] = this.colptr[f + 1] - this.colptr[f];
    this.sortedLens.sort();
    this.lenPrefix = new Float64Array(nF + 1);
    for (let f = 0; f < nF; f++) this.lenPrefix[f + 1] = this.lenPrefix[f] + this.sortedLens[f];

    this.candBits = new Int32Array((nF >>> 5) + 1);
    this.featSlot = new Int32Array(nF);
    this.present = new Uint8Array(nF);
    this.candidates = new Int32Array(nF);
    this.bucketStart = new Int32Array(nF + 1);
    this.bucketFill = new Int32Array(nF + 1);
    this.entS = new Int32Array(1024);
    this.entC = new Uint8Array(1024);
    this.entF = new Int32Array(1024);
    this.bucketS = new Int32Array(1024);
    this.bucketC = new Uint8Array(1024);
    this.importance = new Float64Array(nF);
    this.importanceSum = new Float64Array(nF);
    this.localRow = new Int32Array(n);
  }

  /**
   * Builds the column index of the subtree rooted at samples[start, end): its samples renumbered
   * 0..S−1 (their weights and labels copied beside them) and, for each feature present in their rows,
   * the contiguous list of its entries (local id·256 + code, ids ascending), by a counting sort over
   * the rows. Every node of the subtree then finds a drawn feature's entries with one lookup (absent =
   * constant, the usual case deep in a text tree) and a sequential scan of that short list, with every
   * array it touches small enough to stay in cache. Each sample is indexed once per tree, where a row
   * scan would revisit it at every level below.
   */
  private materialize(start: number, end: number, rowCost: number): void {
    const { samples, rowptr, rowEntries, localRow, localW, localY, localCost, localRange, localCount, localFeat, w, y } = this;
    // With more entries than features, count without noting which features occur (a branch that
    // mispredicts often) and lay out every feature; else note them and lay out only those.
    const allFeatures = rowCost >= this.nF;
    const wasm = this.wasm;
    if (wasm) {
      if (rowCost > this.localEnt.length) throw new Error(`Subtree index capacity ${this.localEnt.length} exceeded (${rowCost} entries).`);
      for (let k = start; k < end; k++) {
        const s = samples[k];
        const id = k - start;
        localRow[id] = s;
        localW[id] = w[s];
        localY[id] = y[s];
        localCost[id] = rowptr[s + 1] - rowptr[s];
      }
      const at = this.at!;
      const args = [at.samples, start, end, at.rowptr, at.rowEntries, at.localCount, at.localRange, at.localEnt, this.nF, at.localFeat] as const;
      if (allFeatures) {
        wasm.materializeAll(...args);
        this.nLocal = -1;
      } else this.nLocal = wasm.materializeListed(...args);
      this.localActive = true;
      this.localStart = start;
      this.localEnd = end;
      return;
    }
    if (this.localEnt.length < rowCost) this.localEnt = new Int32Array(Math.max(rowCost, this.localEnt.length * 2));
    this.ensureEntries(end - start + 1);
    const localEnt = this.localEnt;
    let nLocal = 0;
    for (let k = start; k < end; k++) {
      const s = samples[k];
      const id = k - start;
      localRow[id] = s;
      localW[id] = w[s];
      localY[id] = y[s];
      localCost[id] = rowptr[s + 1] - rowptr[s];
      if (allFeatures) {
        for (let q = rowptr[s], qe = rowptr[s + 1]; q < qe; q++) localCount[rowEntries[q] >>> 8]++;
      } else {
        for (let q = rowptr[s], qe = rowptr[s + 1]; q < qe; q++) {
          const f = rowEntries[q] >>> 8;
          if (localCount[f]++ === 0) localFeat[nLocal++] = f;
        }
      }
    }
    let at = 0;
    if (allFeatures) {
      for (let f = 0, nF = this.nF; f < nF; f++) {
        localRange[2 * f] = at;
        localRange[2 * f + 1] = at;
        at += localCount[f];
      }
      localCount.fill(0);
      nLocal = -1;
    } else {
      for (let c = 0; c < nLocal; c++) {
        const f = localFeat[c];
        localRange[2 * f] = at;
        localRange[2 * f + 1] = at;
        at += localCount[f];
        localCount[f] = 0;
      }
    }
    for (let k = start; k < end; k++) {
      const s = samples[k];
      const id = k - start;
      const hi = id << 8;
      for (let q = rowptr[s], qe = rowptr[s + 1]; q < qe; q++) {
        const e = rowEntries[q];
        localEnt[localRange[2 * (e >>> 8) + 1]++] = hi | (e & 255);
      }
      samples[k] = id;
    }
    this.nLocal = nLocal;
    this.localActive = true;
    this.localStart = start;
    this.localEnd = end;
  }

  private releaseLocal(): void {
    const { localRange, localFeat, samples, localRow } = this;
    for (let k = this.localStart; k < this.localEnd; k++) samples[k] = localRow[samples[k]];
    if (this.nLocal < 0) localRange.fill(0);
    for (let c = 0; c < this.nLocal; c++) {
      const f = localFeat[c];
      localRange[2 * f] = 0;
      localRange[2 * f + 1] = 0;
    }
    this.nLocal = 0;
    this.localActive = false;
  }

  /**
   * Split search inside a materialized subtree: drawn features one at a time, as scikit-learn does.
   * (The JavaScript loops; forest-wasm.ts's searchLocal does the same in one call.)
   */
  private searchLocal(rng: TreeRng, start: number, end: number, w0: number, w1: number): void {
    const { feats, samples, nF, mtry, localRange, localIn, localW, localY } = this;
    const localEnt = this.localEnt;
    const entS = this.entS;
    const entC = this.entC;
    const nNode = end - start;
    for (let k = start; k < end; k++) localIn[samples[k]] = 1;
    let i = 0;
    let nonConstant = 0;
    while (i < nF && (i < mtry || nonConstant === 0)) {
      // draw without replacement (partial Fisher–Yates over feats)
      const j = i + rng.int(nF - i);
      const f = feats[j];
      feats[j] = feats[i];
      feats[i] = f;
      i++;
      const a = localRange[2 * f];
      const b = localRange[2 * f + 1];
      if (a === b) continue;
      // branch-free: write every entry, advance only for the node's samples
      let k = 0;
      for (let q = a; q < b; q++) {
        const e = localEnt[q];
        const id = e >>> 8;
        entS[k] = id;
        entC[k] = e & 255;
        k += localIn[id];
      }
      if (k > 0 && this.evaluate(f, entS, entC, 0, k, nNode, w0, w1, localW, localY)) nonConstant++;
    }
    for (let k = start; k < end; k++) localIn[samples[k]] = 0;
  }

  /** E[min(length, cap)] of a random column, in O(log nF). */
  expectedScan(cap: number): number {
    const { sortedLens, lenPrefix, nF } = this;
    let lo = 0;
    let hi = nF;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortedLens[mid] < cap) lo = mid + 1;
      else hi = mid;
    }
    return nF > 0 ? (lenPrefix[lo] + cap * (nF - lo)) / nF : 0;
  }

  private ensureEntries(size: number): void {
    if (this.entS.length >= size) return;
    const cap = Math.max(size, this.entS.length * 2);
    const s = new Int32Array(cap);
    s.set(this.entS);
    this.entS = s;
    const c = new Uint8Array(cap);
    c.set(this.entC);
    this.entC = c;
    const f = new Int32Array(cap);
    f.set(this.entF);
    this.entF = f;
  }

  /** Draws the next feature without replacement (partial Fisher–Yates over `feats`). */
  private static draw(feats: Int32Array, i: number, r: number): number {
    const j = i + r;
    const f = feats[j];
    feats[j] = feats[i];
    feats[i] = f;
    return f;
  }

  /**
   * Feature f's non-zero entries among the node's samples (inNode marks them; samples[start, end) sorted)
   * into entS/entC[0..k), from its column: a scan, or for long columns a binary-search intersection.
   */
  private gatherColumn(f: number, start: number, end: number): number {
    const { colptr, colEntries, inNode, samples } = this;
    const a = colptr[f];
    const b = colptr[f + 1];
    const len = b - a;
    if (len === 0) return 0;
    const nNode = end - start;
    const wasm = this.wasm;
    if (!wasm && this.entS.length <= Math.min(len, nNode)) this.ensureEntries(Math.min(len, nNode) + 1);
    // with WebAssembly the entries go to filtS/filtC (in its memory, n long) for its evaluate
    const entS = wasm ? this.filtS : this.entS;
    const entC = wasm ? this.filtC : this.entC;
    let k = 0;
    if (len > 2 * nNode * Math.log2(len + 1)) {
      let lo = a;
      for (let q = start; q < end && lo < b; q++) {
        const key = samples[q] << 8;
        let hi = b;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (colEntries[mid] < key) lo = mid + 1;
          else hi = mid;
        }
        if (lo < b && colEntries[lo] >>> 8 === samples[q]) {
          entS[k] = samples[q];
          entC[k] = colEntries[lo] & 255;
          k++;
          lo++;
        }
      }
    } else if (wasm) {
      const at = this.at!;
      k = wasm.filterEntries(at.colEntries, a, b, at.inNode, at.filtS, at.filtC);
    } else {
      // Branch-free: write every entry, advance only for the node's samples (a data-dependent branch
      // here mispredicts half the time and costs more than the whole loop body).
      for (let q = a; q < b; q++) {
        const e = colEntries[q];
        const s = e >>> 8;
        entS[k] = s;
        entC[k] = e & 255;
        k += inNode[s];
      }
    }
    return k;
  }

  /**
   * Evaluates feature f whose in-node non-zero entries are eS/eC[off, off+k) (eS indexes w and y);
   * updates the best split. Returns whether f takes more than one value in the node.
   */
  private evaluate(f: number, eS: Int32Array, eC: Uint8Array, off: number, k: number, nNode: number, w0: number, w1: number, w: Float64Array, y: Uint8Array): boolean {
    const { h01, hn, bins } = this;
    let nb = 0;
    for (let e = off, eEnd = off + k; e < eEnd; e++) {
      const c = eC[e];
      const s = eS[e];
      if (hn[c]++ === 0) bins[nb++] = c;
      // branch-free by class
      h01[2 * c + y[s]] += w[s];
    }
    // the zero code's weights are the node's minus the non-zeros' (summed in order of first appearance)
    let s0 = 0;
    let s1 = 0;
    for (let t = 0; t < nb; t++) {
      const c = bins[t];
      s0 += h01[2 * c];
      s1 += h01[2 * c + 1];
    }
    const z = this.zeroCode[f];
    if (k < nNode) {
      if (hn[z] === 0) bins[nb++] = z;
      hn[z] += nNode - k;
      h01[2 * z] += Math.max(0, w0 - s0);
      h01[2 * z + 1] += Math.max(0, w1 - s1);
    }
    const nonConstant = nb > 1;
    if (nonConstant) {
      if (nb <= INSERTION_SORT_MAX) {
        for (let a = 1; a < nb; a++) {
          const v = bins[a];
          let b = a - 1;
          while (b >= 0 && bins[b] > v) {
            bins[b + 1] = bins[b];
            b--;
          }
          bins[b + 1] = v;
        }
      } else {
        // codes in order through a 256-bit set: one pass over the codes present plus eight words
        const bits = this.binBits;
        for (let t = 0; t < nb; t++) bits[bins[t] >>> 5] |= 1 << (bins[t] & 31);
        let q = 0;
        for (let word = 0; word < 8; word++) {
          let x = bits[word];
          bits[word] = 0;
          while (x !== 0) {
            const low = x & -x;
            bins[q++] = (word << 5) | (31 - Math.clz32(low));
            x ^= low;
          }
        }
      }
      const minLeaf = this.minLeaf;
      let best = this.bestProxy;
      let bestCode = -1;
      let l0 = 0;
      let l1 = 0;
      let ln = 0;
      for (let t = 0; t < nb - 1; t++) {
        const c = bins[t];
        l0 += h01[2 * c];
        l1 += h01[2 * c + 1];
        ln += hn[c];
        if (ln < minLeaf) continue;
        if (nNode - ln < minLeaf) break;
        const lw = l0 + l1;
        const r0 = w0 - l0;
        const r1 = w1 - l1;
        const rw = r0 + r1;
        if (lw <= 0 || rw <= 0) continue;
        const proxy = (l0 * l0 + l1 * l1) / lw + (r0 * r0 + r1 * r1) / rw;
        if (proxy > best) {
          best = proxy;
          bestCode = c;
        }
      }
      if (bestCode >= 0) {
        this.bestProxy = best;
        this.bestF = f;
        this.bestCode = bestCode;
        this.bestZeroLeft = z <= bestCode;
      }
    }
    for (let t = 0; t < nb; t++) {
      const c = bins[t];
      h01[2 * c] = 0;
      h01[2 * c + 1] = 0;
      hn[c] = 0;
    }
    return nonConstant;
  }

  /**
   * Row scan for a batch of candidates (already drawn into candidates[0..nCand) with their bits set):
   * collects their entries from the node's rows in one pass, groups them by candidate (counting sort)
   * and evaluates them in draw order. Returns how many were non-constant.
   */
  private scanRowsBatch(nCand: number, start: number, end: number, rowCost: number, w0: number, w1: number): number {
    const { samples, rowptr, rowEntries, candBits, featSlot, candidates, bucketStart, bucketFill } = this;
    this.ensureEntries(rowCost + 1);
    const entS = this.entS;
    const entC = this.entC;
    const entF = this.entF;
    for (let c = 0; c <= nCand; c++) bucketStart[c] = 0;
    let total = 0;
    for (let k = start; k < end; k++) {
      const s = samples[k];
      for (let q = rowptr[s], qe = rowptr[s + 1]; q < qe; q++) {
        const e = rowEntries[q];
        const f = e >>> 8;
        if ((candBits[f >>> 5] & (1 << (f & 31))) === 0) continue;
        const slot = featSlot[f];
        entS[total] = s;
        entC[total] = e & 255;
        entF[total] = slot;
        total++;
        bucketStart[slot + 1]++;
      }
    }
    for (let c = 0; c < nCand; c++) bucketStart[c + 1] += bucketStart[c];
    if (this.bucketS.length < total) {
      this.bucketS = new Int32Array(total * 2);
      this.bucketC = new Uint8Array(total * 2);
    }
    const bucketS = this.bucketS;
    const bucketC = this.bucketC;
    for (let c = 0; c < nCand; c++) bucketFill[c] = bucketStart[c];
    for (let e = 0; e < total; e++) {
      const p = bucketFill[entF[e]]++;
      bucketS[p] = entS[e];
      bucketC[p] = entC[e];
    }
    const nNode = end - start;
    let nonConstant = 0;
    for (let c = 0; c < nCand; c++) {
      const f = candidates[c];
      candBits[f >>> 5] &= ~(1 << (f & 31));
      const k = bucketStart[c + 1] - bucketStart[c];
      if (k > 0 && this.evaluate(f, bucketS, bucketC, bucketStart[c], k, nNode, w0, w1, this.w, this.y)) nonConstant++;
    }
    return nonConstant;
  }

  /** Searches the node's best split (result in best*); `rng` draws the features. */
  private searchSplit(rng: TreeRng, start: number, end: number, rowCost: number, w0: number, w1: number): void {
    const { feats, inNode, samples, nF, mtry } = this;
    const nNode = end - start;
    this.bestProxy = -Infinity;
    this.bestF = -1;
    const path = this.searchPath;
    if (this.localActive && (start < this.localStart || end > this.localEnd)) this.releaseLocal();
    if (!this.localActive && (path === 'local' || (path === 'auto' && nNode <= LOCAL_INDEX_ROWS))) this.materialize(start, end, rowCost);
    if (this.localActive) {
      if (this.wasm) {
        const { cfgI, cfgF } = this;
        cfgF[CFG.bestProxy / 8] = -Infinity;
        cfgI[CFG.bestF / 4] = -1;
        this.wasm.searchLocal(start, end, w0, w1);
        this.bestProxy = cfgF[CFG.bestProxy / 8];
        this.bestF = cfgI[CFG.bestF / 4];
        this.bestCode = cfgI[CFG.bestCode / 4];
        this.bestZeroLeft = cfgI[CFG.bestZeroLeft / 4] === 1;
      } else this.searchLocal(rng, start, end, w0, w1);
      return;
    }
    let i = 0;
    let visited = 0;
    let nonConstant = 0;
    const useRows = path === 'rows' || (path === 'auto' && rowCost < mtry * (this.expectedScan(2 * nNode * 12) + COLUMN_VISIT));
    if (useRows) {
      // Batch of mtry candidates through one pass over the node's rows.
      let nCand = 0;
      const { candBits, featSlot, candidates } = this;
      while (i < nF && visited < mtry) {
        const f = TreeGrower.draw(feats, i, rng.int(nF - i));
        i++;
        visited++;
        featSlot[f] = nCand;
        candBits[f >>> 5] |= 1 << (f & 31);
        candidates[nCand++] = f;
      }
      nonConstant = this.scanRowsBatch(nCand, start, end, rowCost, w0, w1);
      if (nonConstant > 0 || i >= nF) return;
      // All constant here (common in small nodes): draw one at a time until a non-constant feature, as
      // scikit-learn does. Features absent from the node's rows are constant (all zero), so mark the
      // present ones once and gather only those from their columns.
      const { present, rowptr, rowEntries } = this;
      for (let k = start; k < end; k++) {
        const s = samples[k];
        for (let q = rowptr[s], qe = rowptr[s + 1]; q < qe; q++) present[rowEntries[q] >>> 8] = 1;
      }
      for (let k = start; k < end; k++) inNode[samples[k]] = 1;
      while (i < nF && nonConstant === 0) {
        const f = TreeGrower.draw(feats, i, rng.int(nF - i));
        i++;
        if (present[f] === 0) continue;
        const k = this.gatherColumn(f, start, end);
        const [eS, eC] = this.wasm ? [this.filtS, this.filtC] : [this.entS, this.entC];
        if (k > 0 && this.evaluate(f, eS, eC, 0, k, nNode, w0, w1, this.w, this.y)) nonConstant++;
      }
      for (let k = start; k < end; k++) {
        const s = samples[k];
        inNode[s] = 0;
        for (let q = rowptr[s], qe = rowptr[s + 1]; q < qe; q++) present[rowEntries[q] >>> 8] = 0;
      }
      return;
    }
    // Column scan per drawn feature. The first mtry draws are certain, so draw them up front and touch
    // each column's start first: those cache misses then overlap instead of stalling one by one.
    for (let k = start; k < end; k++) inNode[samples[k]] = 1;
    const { candidates, colptr, colEntries } = this;
    let touched = 0;
    while (i < nF && visited < mtry) {
      const f = TreeGrower.draw(feats, i, rng.int(nF - i));
      i++;
      candidates[visited++] = f;
      touched += colEntries[colptr[f]];
    }
    this.touched = touched;
    if (this.wasm) {
      this.searchColumnsWasm(rng, visited, i, start, end, w0, w1);
      for (let k = start; k < end; k++) inNode[samples[k]] = 0;
      return;
    }
    for (let c = 0; c < visited; c++) {
      const f = candidates[c];
      const k = this.gatherColumn(f, start, end);
      if (k > 0 && this.evaluate(f, this.entS, this.entC, 0, k, nNode, w0, w1, this.w, this.y)) nonConstant++;
    }
    while (i < nF && nonConstant === 0) {
      const f = TreeGrower.draw(feats, i, rng.int(nF - i));
      i++;
      const k = this.gatherColumn(f, start, end);
      if (k > 0 && this.evaluate(f, this.entS, this.entC, 0, k, nNode, w0, w1, this.w, this.y)) nonConstant++;
    }
    for (let k = start; k < end; k++) inNode[samples[k]] = 0;
  }

  /**
   * searchSplit's column scan with the WebAssembly loops: candidates[0, nCand) already drawn (i draws so
   * far), then one at a time until a non-constant feature, each column filtered to the node (inNode
   * marked) and evaluated there; the best split goes through the config block.
   */
  private searchColumnsWasm(rng: TreeRng, nCand: number, i: number, start: number, end: number, w0: number, w1: number): void {
    const wasm = this.wasm!;
    const at = this.at!;
    const { candidates, cfgI, cfgF, feats, nF } = this;
    const nNode = end - start;
    cfgF[CFG.bestProxy / 8] = this.bestProxy;
    cfgI[CFG.bestF / 4] = this.bestF;
    let nonConstant = 0;
    const tryFeature = (f: number): void => {
      const k = this.gatherColumn(f, start, end);
      if (k > 0 && wasm.evaluate(f, k, nNode, w0, w1, at.w, at.y) === 1) nonConstant++;
    };
    for (let c = 0; c < nCand; c++) tryFeature(candidates[c]);
    while (i < nF && nonConstant === 0) {
      const f = TreeGrower.draw(feats, i, rng.int(nF - i));
      i++;
      tryFeature(f);
    }
    this.bestProxy = cfgF[CFG.bestProxy / 8];
    this.bestF = cfgI[CFG.bestF / 4];
    this.bestCode = cfgI[CFG.bestCode / 4];
    this.bestZeroLeft = cfgI[CFG.bestZeroLeft / 4] === 1;
  }

  /**
   * Stable partition of samples[start, end) by the best split; returns the first right index. Also sums
   * each child's class weights (in row order, as a pass over the child would) and row entries. Inside
   * a subtree index the samples are local ids, so the local copies of weights, labels and lengths serve.
   */
  private partition(start: number, end: number): number {
    const { samples, side, tmp } = this;
    const local = this.localActive;
    if (this.wasm) {
      const at = this.at!;
      const f = this.bestF;
      const a = local ? this.localRange[2 * f] : this.colptr[f];
      const b = local ? this.localRange[2 * f + 1] : this.colptr[f + 1];
      const l = this.wasm.partition(
        start,
        end,
        local ? at.localW : at.w,
        local ? at.localY : at.y,
        local ? at.localCost : at.rowLength,
        local ? at.localEnt : at.colEntries,
        a,
        b,
        this.bestCode,
        this.bestZeroLeft ? 1 : 0,
      );
      const { cfgI, cfgF } = this;
      this.leftW0 = cfgF[CFG.leftW0 / 8];
      this.leftW1 = cfgF[CFG.leftW1 / 8];
      this.rightW0 = cfgF[CFG.rightW0 / 8];
      this.rightW1 = cfgF[CFG.rightW1 / 8];
      this.leftCost = cfgI[CFG.leftCost / 4];
      this.rightCost = cfgI[CFG.rightCost / 4];
      return l;
    }
    const w = local ? this.localW : this.w;
    const y = local ? this.localY : this.y;
    const len = local ? this.localCost : this.rowLength;
    const zl = this.bestZeroLeft ? 1 : 0;
    for (let k = start; k < end; k++) side[samples[k]] = zl;
    // the best feature's non-zero entries from the index searched (samples outside the node get a side
    // too, never read)
    const f = this.bestF;
    const code = this.bestCode;
    const ents = local ? this.localEnt : this.colEntries;
    const a = local ? this.localRange[2 * f] : this.colptr[f];
    const b = local ? this.localRange[2 * f + 1] : this.colptr[f + 1];
    for (let q = a; q < b; q++) {
      const e = ents[q];
      side[e >>> 8] = (e & 255) <= code ? 1 : 0;
    }
    // Branch-free (sides and classes are coin flips to a branch predictor): each sample is written to
    // both outputs and the weights multiplied by 0 or 1 (adding an exact 0 leaves a sum unchanged).
    let l = start;
    let r = 0;
    let lw0 = 0;
    let lw1 = 0;
    let lCost = 0;
    let rw0 = 0;
    let rw1 = 0;
    let rCost = 0;
    for (let k = start; k < end; k++) {
      const s = samples[k];
      const toLeft = side[s];
      const toRight = toLeft ^ 1;
      const pos = y[s];
      const neg = pos ^ 1;
      const ws = w[s];
      const cost = len[s];
      samples[l] = s;
      tmp[r] = s;
      l += toLeft;
      r += toRight;
      lw0 += ws * (toLeft & neg);
      lw1 += ws * (toLeft & pos);
      rw0 += ws * (toRight & neg);
      rw1 += ws * (toRight & pos);
      lCost += cost * toLeft;
      rCost += cost * toRight;
    }
    samples.set(tmp.subarray(0, r), l);
    this.leftW0 = lw0;
    this.leftW1 = lw1;
    this.leftCost = lCost;
    this.rightW0 = rw0;
    this.rightW1 = rw1;
    this.rightCost = rCost;
    return l;
  }

  grow(seed: number): CodedTree {
    const { n, nF, w, samples, feats, y, rowptr, importance } = this;
    const rng = new TreeRng(seed, this.rngState);
    // Bootstrap: n draws with replacement; counts become weights (times the row weights).
    w.fill(0);
    if (this.bootstrap && this.wasm) this.wasm.bootstrap(this.at!.w, n);
    else if (this.bootstrap) for (let k = 0; k < n; k++) w[rng.int(n)] += 1;
    else w.fill(1);
    let nSamples = 0;
    for (let i = 0; i < n; i++) {
      if (this.rowWeights) w[i] *= this.rowWeights[i];
      if (w[i] > 0) samples[nSamples++] = i;
    }
    for (let f = 0; f < nF; f++) feats[f] = f;
    importance.fill(0);

    const feature = new Int32List();
    const code = new Int32List();
    const left = new Int32List();
    const right = new Int32List();
    const value = new Float64List();
    const cover = new Float64List();
    const newNode = (): number => {
      feature.push(-1);
      code.push(-1);
      left.push(-1);
      right.push(-1);
      value.push(0);
      cover.push(0);
      return feature.length - 1;
    };
    // Stack of pending nodes: (start, end, depth, node, row entries) and (class-0, class-1 weight).
    // Depth first, left child on top: at most one pending node per level plus the current one.
    const stackI = new Int32Array(5 * (n + 2));
    const stackW = new Float64Array(2 * (n + 2));
    let rootW0 = 0;
    let rootW1 = 0;
    let rootCost = 0;
    for (let k = 0; k < nSamples; k++) {
      const s = samples[k];
      if (y[s] === 1) rootW1 += w[s];
      else rootW0 += w[s];
      rootCost += rowptr[s + 1] - rowptr[s];
    }
    let sp = 0;
    const push = (start: number, end: number, depth: number, node: number, cost: number, w0: number, w1: number): void => {
      stackI[5 * sp] = start;
      stackI[5 * sp + 1] = end;
      stackI[5 * sp + 2] = depth;
      stackI[5 * sp + 3] = node;
      stackI[5 * sp + 4] = cost;
      stackW[2 * sp] = w0;
      stackW[2 * sp + 1] = w1;
      sp++;
    };
    push(0, nSamples, 0, newNode(), rootCost, rootW0, rootW1);
    while (sp > 0) {
      sp--;
      const start = stackI[5 * sp];
      const end = stackI[5 * sp + 1];
      const depth = stackI[5 * sp + 2];
      const node = stackI[5 * sp + 3];
      const rowCost = stackI[5 * sp + 4];
      const w0 = stackW[2 * sp];
      const w1 = stackW[2 * sp + 1];
      const nNode = end - start;
      const W = w0 + w1;
      value.data[node] = W > 0 ? w1 / W : 0;
      cover.data[node] = W;
      if (depth >= this.maxDepth || nNode < this.minSplit || w0 <= 0 || w1 <= 0) continue;

      this.searchSplit(rng, start, end, rowCost, w0, w1);
      if (this.bestF < 0) continue;
      const mid = this.partition(start, end);
      // Gini decrease in weight units: W·gini(node) − W_L·gini(L) − W_R·gini(R) = proxy − (w0² + w1²)/W.
      importance[this.bestF] += this.bestProxy - (w0 * w0 + w1 * w1) / W;
      feature.data[node] = this.bestF;
      code.data[node] = this.bestCode;
      const l = newNode();
      const r = newNode();
      left.data[node] = l;
      right.data[node] = r;
      push(mid, end, depth + 1, r, this.rightCost, this.rightW0, this.rightW1);
      push(start, mid, depth + 1, l, this.leftCost, this.leftW0, this.leftW1);
    }

    if (this.localActive) this.releaseLocal();
    let impTotal = 0;
    for (let f = 0; f < nF; f++) impTotal += importance[f];
    if (impTotal > 0) for (let f = 0; f < nF; f++) this.importanceSum[f] += importance[f] / impTotal;
    return {
      feature: feature.toArray(),
      code: code.toArray(),
      left: left.toArray(),
      right: right.toArray(),
      value: value.toArray(),
      cover: cover.toArray(),
    };
  }
}

/** The last forest's grower in this thread, for its next task (its column layout and scratch). */
let lastGrower: { data: ForestData; grower: TreeGrower } | null = null;

export function growTrees(task: GrowTreesTask, data: ForestData): GrowTreesResult {
  let grower: TreeGrower;
  if (lastGrower && lastGrower.data === data) {
    grower = lastGrower.grower;
    grower.importanceSum = new Float64Array(grower.nF);
  } else {
    lastGrower = null; // drop the previous forest's arrays before allocating
    grower = new TreeGrower(data);
    lastGrower = { data, grower };
  }
  const trees = task.seeds.map((seed) => grower.grow(seed));
  const result: GrowTreesResult = { trees, importanceSum: grower.importanceSum };
  if (data.score) result.leafValues = leafValuesOf(trees, data.score, data.matrix.nFeatures);
  return result;
}

/**
 * Each tree's leaf value for each score row, tree-major. A row goes left when value ≤ the split's
 * threshold, exactly as predictForest walks the assembled forest, so summing these in tree order
 * gives predictForest's scores bit for bit.
 */
function leafValuesOf(trees: CodedTree[], rows: ForestScoreRows, nFeatures: number): Float64Array {
  const { n, d, X, sparse, thrStart, thresholds } = rows;
  // All trees in one buffer, 16 bytes a node: the threshold (a leaf: its value) as float64, then the
  // feature (−1: leaf) and the left child as int32; the right child is left + 1, as grow() numbers
  // them. Each step down reads one cache line and picks the child without a branch.
  const base = new Int32Array(trees.length);
  let total = 0;
  for (let t = 0; t < trees.length; t++) {
    base[t] = total;
    total += trees[t].feature.length;
  }
  const buf = new ArrayBuffer(16 * total);
  const F = new Float64Array(buf);
  const I = new Int32Array(buf);
  trees.forEach((tree, t) => {
    const { feature, code, left, right, value } = tree;
    const off = base[t];
    for (let k = 0; k < feature.length; k++) {
      const f = feature[k];
      const at = off + k;
      I[4 * at + 2] = f;
      if (f < 0) {
        F[2 * at] = value[k];
        continue;
      }
      if (right[k] !== left[k] + 1) throw new Error(`Tree ${t}: node ${k}'s children are not consecutive (${left[k]}, ${right[k]}).`);
      F[2 * at] = thresholds[thrStart[f] + code[k]];
      I[4 * at + 3] = off + left[k];
    }
  });
  const out = new Float64Array(trees.length * n);
  const row = new Float64Array(nFeatures);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = X[i * d + j];
    if (sparse) for (let k = sparse.indptr[i], e = sparse.indptr[i + 1]; k < e; k++) row[d + sparse.indices[k]] = sparse.values[k];
    for (let t = 0; t < trees.length; t++) {
      let node = base[t];
      // "value ≤ threshold" goes left, as predictForest (NaN goes right)
      for (let f = I[4 * node + 2]; f >= 0; f = I[4 * node + 2]) node = I[4 * node + 3] + (row[f] <= F[2 * node] ? 0 : 1);
      out[t * n + i] = F[2 * node];
    }
    if (sparse) for (let k = sparse.indptr[i], e = sparse.indptr[i + 1]; k < e; k++) row[d + sparse.indices[k]] = 0;
  }
  return out;
}
