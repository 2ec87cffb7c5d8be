/**
 * One regression tree on gradient/hessian histograms (the kernel of histogram gradient boosting, as in
 * LightGBM and scikit-learn's HistGradientBoosting).
 *
 * Growth is best-first (leaf-wise): the splittable leaf with the largest gain splits next, until
 * `maxLeaves` leaves, depth `maxDepth`, or no split gains. A node's histogram holds per bin the sums of
 * gradients, hessians and the row count; split search scans bins left to right and tries sending the
 * missing bin either way. Only the smaller child's histogram is built from rows; the larger one is the
 * parent's minus it (the subtraction trick), computed in place in the parent's buffer.
 * Gain = G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ); leaf value = −lr·G/(H+λ).
 */
import type { BinMapper } from './bin-mapper.ts';
import { buildHistogramRange, type SlotMatrix } from './histogram-kernel.ts';
import { partitionRange, type HelperClient } from './parallel-helper.ts';

export interface TreeGrowthParams {
  maxLeaves: number;
  /** 0 = unlimited. */
  maxDepth: number;
  minSamplesLeaf: number;
  l2: number;
  learningRate: number;
  /** Minimum hessian sum in a child (scikit-learn's 1e-3). */
  minHessian: number;
}

/** A grown tree in node arrays (node 0 is the root; leaves have feature -1). */
export interface GrownTree {
  feature: Int32Array;
  /** Local bin: present-value bins ≤ bin go left. */
  bin: Int32Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf value (already times the learning rate); for internal nodes the value they would have as a leaf. */
  value: Float64Array;
  /** Training rows reaching the node. */
  count: Float64Array;
  /** Split gain (0 for leaves), for gain importances. */
  gain: Float64Array;
}

interface SplitInfo {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
  /** The node had rows with this feature missing (else missing values follow the larger child). */
  sawMissing: boolean;
  gL: number;
  hL: number;
  cL: number;
}

interface NodeWork {
  id: number;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  hist: Float64Array | null;
  split: SplitInfo | null;
}

/**
 * A split must beat the best so far by this factor: gains equal up to rounding (the order in which a
 * histogram's sums were added) keep the first split found, so the choice does not hinge on the last bit.
 */
const NEAR_TIE = 1 + 1e-12;

/** Nodes with fewer rows than this are done by one thread: the hand-off would cost more than it saves. */
const PARALLEL_MIN_ROWS = 3000;

/** The grower's per-row arrays; shared memory when a helper thread reads them too. */
export interface GrowerBuffers {
  /** Row-major slot·3 per cell (n × d). */
  slot3: SlotMatrix;
  /** Column-major local bins (missing = nBins[f]), n per feature, for partitions. */
  columnBins: Uint8Array;
  /** Per split: 1 when a local bin (missing bin included) goes left (≥ 257 entries). */
  goesLeft: Int32Array;
}

/** Buffers for n rows of this mapper, allocated by `alloc` (plain or shared memory). */
export function allocateGrowerBuffers(mapper: BinMapper, n: number, alloc: (bytes: number) => ArrayBufferLike = (k) => new ArrayBuffer(k)): GrowerBuffers {
  const cells = n * mapper.nFeatures;
  return {
    slot3: mapper.nSlots * 3 <= 65536 ? new Uint16Array(alloc(2 * cells)) : new Int32Array(alloc(4 * cells)),
    columnBins: new Uint8Array(alloc(cells)),
    goesLeft: new Int32Array(alloc(4 * 257)),
  };
}

/**
 * Reusable scratch for growing many trees over the same binned rows: histogram buffers are pooled
 * because allocating them per node would dominate small nodes.
 */
export class HistogramTreeGrower {
  private pool: Float64Array[] = [];
  private readonly histSize: number;
  private readonly scratch: Float64Array;
  private readonly partitionScratch: Int32Array;
  private readonly slot3: SlotMatrix;
  private readonly columnBins: Uint8Array;
  private readonly goesLeft: Int32Array;
  private readonly n: number;
  private readonly splitSlot: number;

  constructor(
    private readonly mapper: BinMapper,
    /** Row-major slot per cell (see binRows), n × d. */
    slots: Int32Array,
    private readonly d: number,
    buffers?: GrowerBuffers,
    /** A second thread sharing `buffers` and the fit's gh/samples arrays. */
    private readonly helper?: HelperClient,
  ) {
    this.histSize = mapper.nSlots * 3;
    this.scratch = new Float64Array(4 * this.histSize);
    this.n = d > 0 ? slots.length / d : 0;
    const bufs = buffers ?? allocateGrowerBuffers(mapper, this.n);
    this.slot3 = bufs.slot3;
    this.columnBins = bufs.columnBins;
    this.goesLeft = bufs.goesLeft;
    for (let k = 0; k < slots.length; k++) this.slot3[k] = slots[k] * 3;
    for (let i = 0; i < this.n; i++) {
      for (let f = 0; f < d; f++) this.columnBins[f * this.n + i] = slots[i * d + f] - mapper.slotStart[f];
    }
    this.partitionScratch = new Int32Array(this.n);
    this.splitSlot = helper ? mapper.slotStart[helper.splitFeature] * 3 : this.histSize;
  }

  private take(): Float64Array {
    return this.pool.pop() ?? new Float64Array(this.histSize);
  }

  private give(h: Float64Array | null): void {
    if (h) this.pool.push(h);
  }

  /** Overwrites `hist` with the histogram of rows samples[start..end). */
  private buildHistogram(hist: Float64Array, samples: Int32Array, start: number, end: number, gh: Float64Array): void {
    const helper = this.helper;
    if (helper && end - start >= PARALLEL_MIN_ROWS) {
      helper.startHistogram(start, end);
      buildHistogramRange(hist, this.scratch, this.slot3, this.d, 0, this.splitSlot, 0, helper.splitFeature, gh, samples, start, end);
      helper.finishHistogram(hist);
    } else {
      buildHistogramRange(hist, this.scratch, this.slot3, this.d, 0, this.histSize, 0, this.d, gh, samples, start, end);
    }
  }

  /**
   * Stable partition of samples[start..end) by the split (left first), returning the first right
   * position. Rows stay in increasing order, so later passes walk memory forwards; the split reads the
   * column-major bins (one byte per row, cache-resident) rather than the row-major slots.
   */
  private partition(samples: Int32Array, start: number, end: number, f: number, cut: number, missLeft: boolean): number {
    const nb = this.mapper.nBins[f];
    const lut = this.goesLeft;
    for (let b = 0; b < nb; b++) lut[b] = b <= cut ? 1 : 0;
    lut[nb] = missLeft ? 1 : 0;
    const tmp = this.partitionScratch;
    if (this.helper && end - start >= 2 * PARALLEL_MIN_ROWS) return this.helper.partition(start, end, f, tmp);
    const a = start + partitionRange(samples, tmp, this.columnBins, f * this.n, lut, start, end);
    samples.set(tmp.subarray(0, end - a), a);
    return a;
  }

  private findSplit(hist: Float64Array, g: number, h: number, c: number, p: TreeGrowthParams): SplitInfo | null {
    const { nBins, slotStart, nFeatures } = this.mapper;
    const lambda = p.l2;
    const minLeaf = p.minSamplesLeaf;
    const minH = p.minHessian;
    const parentScore = (g * g) / (h + lambda);
    let best: SplitInfo | null = null;
    let bestGain = 0;
    for (let f = 0; f < nFeatures; f++) {
      const nb = nBins[f];
      const base = slotStart[f] * 3;
      const ms = base + nb * 3;
      const gm = hist[ms];
      const hm = hist[ms + 1];
      const cm = hist[ms + 2];
      // Pass 0 sends missing values right (left = bins 0..b; with missing rows, b = nb-1, all present
      // values left, is a split too). Pass 1, only when there are missing rows, sends them left.
      for (let pass = 0; pass < (cm > 0 ? 2 : 1); pass++) {
        const missingLeft = pass === 1;
        let gl = missingLeft ? gm : 0;
        let hl = missingLeft ? hm : 0;
        let cl = missingLeft ? cm : 0;
        const lastB = cm > 0 && !missingLeft ? nb - 1 : nb - 2;
        for (let b = 0; b <= lastB; b++) {
          const s = base + b * 3;
          gl += hist[s];
          hl += hist[s + 1];
          cl += hist[s + 2];
          if (cl < minLeaf) continue;
          const cr = c - cl;
          if (cr < minLeaf) break;
          const hr = h - hl;
          if (hl < minH || hr < minH) continue;
          const gr = g - gl;
          const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore;
          if (gain > bestGain * NEAR_TIE) {
            bestGain = gain;
            best = { gain, feature: f, bin: b, missingLeft, sawMissing: cm > 0, gL: gl, hL: hl, cL: cl };
          }
        }
      }
    }
    return best;
  }

  /**
   * Grows one tree over samples[0..nSamples) (reordered in place so that every leaf's rows are
   * contiguous) and adds each leaf's value to `raw` for its rows.
   */
  grow(samples: Int32Array, nSamples: number, gh: Float64Array, p: TreeGrowthParams, raw: Float64Array): GrownTree {
    const maxDepth = p.maxDepth > 0 ? p.maxDepth : Infinity;
    const maxLeaves = Math.max(2, p.maxLeaves);
    const canSplit = (w: NodeWork) => w.depth < maxDepth && w.end - w.start >= 2 * p.minSamplesLeaf;

    let g0 = 0;
    let h0 = 0;
    for (let k = 0; k < nSamples; k++) {
      g0 += gh[2 * samples[k]];
      h0 += gh[2 * samples[k] + 1];
    }
    // Node arrays grow as needed; at most 2·maxLeaves − 1 nodes.
    const cap = 2 * maxLeaves - 1;
    const feature = new Int32Array(cap).fill(-1);
    const bin = new Int32Array(cap);
    const missingLeft = new Uint8Array(cap);
    const left = new Int32Array(cap).fill(-1);
    const right = new Int32Array(cap).fill(-1);
    const value = new Float64Array(cap);
    const count = new Float64Array(cap);
    const gainArr = new Float64Array(cap);
    let nNodes = 1;
    const leafValue = (g: number, h: number) => (-p.learningRate * g) / (h + p.l2 + 1e-15);

    const root: NodeWork = { id: 0, start: 0, end: nSamples, depth: 0, g: g0, h: h0, hist: null, split: null };
    value[0] = leafValue(g0, h0);
    count[0] = nSamples;
    const open: NodeWork[] = [];
    const leaves: NodeWork[] = [];
    if (canSplit(root)) {
      root.hist = this.take();
      this.buildHistogram(root.hist, samples, 0, nSamples, gh);
      root.split = this.findSplit(root.hist, g0, h0, nSamples, p);
    }
    if (root.split) open.push(root);
    else {
      this.give(root.hist);
      leaves.push(root);
    }
    let nLeaves = 1;

    while (open.length > 0 && nLeaves < maxLeaves) {
      // Best-first: the open node with the largest gain (the list is short: ≤ maxLeaves).
      let bi = 0;
      for (let k = 1; k < open.length; k++) if (open[k].split!.gain > open[bi].split!.gain) bi = k;
      const node = open[bi];
      open[bi] = open[open.length - 1];
      open.pop();
      const s = node.split!;
      const f = s.feature;
      const missLeft = s.missingLeft;

      const a = this.partition(samples, node.start, node.end, f, s.bin, missLeft);
      const li = nNodes++;
      const ri = nNodes++;
      feature[node.id] = f;
      bin[node.id] = s.bin;
      // Unseen missing values at this node follow the larger child (scikit-learn's rule).
      missingLeft[node.id] = (s.sawMissing ? missLeft : a - node.start >= node.end - a) ? 1 : 0;
      left[node.id] = li;
      right[node.id] = ri;
      gainArr[node.id] = s.gain;
      const L: NodeWork = { id: li, start: node.start, end: a, depth: node.depth + 1, g: s.gL, h: s.hL, hist: null, split: null };
      const R: NodeWork = { id: ri, start: a, end: node.end, depth: node.depth + 1, g: node.g - s.gL, h: node.h - s.hL, hist: null, split: null };
      value[li] = leafValue(L.g, L.h);
      value[ri] = leafValue(R.g, R.h);
      count[li] = L.end - L.start;
      count[ri] = R.end - R.start;
      nLeaves++;

      const splitL = canSplit(L);
      const splitR = canSplit(R);
      if ((splitL || splitR) && nLeaves < maxLeaves) {
        const small = L.end - L.start <= R.end - R.start ? L : R;
        const large = small === L ? R : L;
        small.hist = this.take();
        this.buildHistogram(small.hist, samples, small.start, small.end, gh);
        const ph = node.hist!;
        const sh = small.hist;
        for (let k = 0; k < ph.length; k++) ph[k] -= sh[k];
        large.hist = ph;
        node.hist = null;
        for (const child of [L, R]) {
          if (canSplit(child)) child.split = this.findSplit(child.hist!, child.g, child.h, child.end - child.start, p);
          if (child.split) open.push(child);
          else {
            this.give(child.hist);
            child.hist = null;
            leaves.push(child);
          }
        }
      } else {
        this.give(node.hist);
        node.hist = null;
        leaves.push(L, R);
      }
    }
    for (const w of open) {
      this.give(w.hist);
      w.hist = null;
      leaves.push(w);
    }
    for (const w of leaves) {
      const v = value[w.id];
      for (let k = w.start; k < w.end; k++) raw[samples[k]] += v;
    }
    return {
      feature: feature.slice(0, nNodes),
      bin: bin.slice(0, nNodes),
      missingLeft: missingLeft.slice(0, nNodes),
      left: left.slice(0, nNodes),
      right: right.slice(0, nNodes),
      value: value.slice(0, nNodes),
      count: count.slice(0, nNodes),
      gain: gainArr.slice(0, nNodes),
    };
  }
}
