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
import type { BoostingArena } from './kernel-arena.ts';

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
  /** Index of the node's histogram in the arena, -1 for none. */
  hist: number;
  split: SplitInfo | null;
}

/**
 * A split must beat the best so far by this factor: gains equal up to rounding (the order in which a
 * histogram's sums were added) keep the first split found, so the choice does not hinge on the last bit.
 */
const NEAR_TIE = 1 + 1e-12;

/** Histograms one tree can hold at once: one per open leaf, plus the one being built. */
export function histogramsNeeded(p: Pick<TreeGrowthParams, 'maxLeaves' | 'maxDepth' | 'minSamplesLeaf'>, n: number): number {
  const byDepth = p.maxDepth > 0 && p.maxDepth < 30 ? 2 ** p.maxDepth : Infinity;
  const byRows = Math.floor(n / Math.max(1, p.minSamplesLeaf));
  return Math.max(1, Math.min(Math.max(2, p.maxLeaves), byDepth, byRows)) + 1;
}

/**
 * Grows trees over the rows of a BoostingArena. The loops over rows run in the arena's kernels; the
 * tree logic (best-first order, split search over a node's histogram) stays here.
 */
export class HistogramTreeGrower {
  /** Free histogram indices of the arena. */
  private readonly free: number[] = [];
  /** Whether the arena holds the root's counts yet (after the first tree). */
  private rootCounted = false;

  constructor(
    private readonly mapper: BinMapper,
    private readonly arena: BoostingArena,
  ) {
    for (let h = arena.nHistograms - 1; h >= 0; h--) this.free.push(h);
  }

  private take(): number {
    const h = this.free.pop();
    if (h === undefined) throw new Error('Gradient boosting ran out of histogram buffers (a bug: please report it).');
    return h;
  }

  private give(h: number): void {
    if (h >= 0) this.free.push(h);
  }

  private sumsAt(h: number): number {
    return this.arena.histAt + h * this.arena.histBytes;
  }

  private countsAt(h: number): number {
    return this.arena.countsAt + h * this.arena.countBytes;
  }

  /** Histogram h := the histogram of rows samples[start..end). */
  private buildHistogram(h: number, start: number, end: number): void {
    const a = this.arena;
    const s0 = this.sumsAt(h) >> 3;
    const c0 = this.countsAt(h) >> 2;
    a.f64.fill(0, s0, s0 + 2 * a.nSlots);
    const isRoot = start === 0 && end === a.n;
    if (isRoot && this.rootCounted) {
      // Counts depend on the rows only, not on the gradients: the root's never change.
      a.i32.copyWithin(c0, a.rootCountsAt >> 2, (a.rootCountsAt >> 2) + a.countWords);
      if (a.d > 0) a.kernels.histogram(a.samplesAt, start, end, a.slotsAt, a.ghAt, this.sumsAt(h), 0);
      return;
    }
    a.i32.fill(0, c0, c0 + a.countWords);
    if (a.d > 0) a.kernels.histogram(a.samplesAt, start, end, a.slotsAt, a.ghAt, this.sumsAt(h), this.countsAt(h));
    if (isRoot) {
      a.i32.copyWithin(a.rootCountsAt >> 2, c0, c0 + a.countWords);
      this.rootCounted = true;
    }
  }

  /**
   * Stable partition of samples[start..end) by the split (left first), returning the first right
   * position. Rows stay in increasing order, so later passes walk memory forwards; the split reads the
   * column-major bins (one byte per row) rather than the row-major slots.
   */
  private partition(start: number, end: number, f: number, cut: number, missLeft: boolean): number {
    const a = this.arena;
    const nb = this.mapper.nBins[f];
    const lut = a.lutAt >> 2;
    for (let b = 0; b < nb; b++) a.i32[lut + b] = b <= cut ? 1 : 0;
    a.i32[lut + nb] = missLeft ? 1 : 0;
    const mid = start + a.kernels.partition(a.samplesAt, start, end, a.rightAt, a.colAt + f * a.n, a.lutAt);
    const r0 = a.rightAt >> 2;
    a.i32.copyWithin((a.samplesAt >> 2) + mid, r0, r0 + (end - mid));
    return mid;
  }

  private findSplit(h: number, g: number, hs: number, c: number, p: TreeGrowthParams): SplitInfo | null {
    const { nBins, slotStart, nFeatures } = this.mapper;
    const sums = this.arena.f64;
    const counts = this.arena.i32;
    const s0 = this.sumsAt(h) >> 3;
    const c0 = this.countsAt(h) >> 2;
    const lambda = p.l2;
    const minLeaf = p.minSamplesLeaf;
    const minH = p.minHessian;
    const parentScore = (g * g) / (hs + lambda);
    let best: SplitInfo | null = null;
    let bestGain = 0;
    for (let f = 0; f < nFeatures; f++) {
      const nb = nBins[f];
      const slot0 = slotStart[f];
      const ms = slot0 + nb;
      const gm = sums[s0 + 2 * ms];
      const hm = sums[s0 + 2 * ms + 1];
      const cm = counts[c0 + ms];
      // Pass 0 sends missing values right (left = bins 0..b; with missing rows, b = nb-1, all present
      // values left, is a split too). Pass 1, only when there are missing rows, sends them left.
      for (let pass = 0; pass < (cm > 0 ? 2 : 1); pass++) {
        const missingLeft = pass === 1;
        let gl = missingLeft ? gm : 0;
        let hl = missingLeft ? hm : 0;
        let cl = missingLeft ? cm : 0;
        const lastB = cm > 0 && !missingLeft ? nb - 1 : nb - 2;
        for (let b = 0; b <= lastB; b++) {
          const s = slot0 + b;
          gl += sums[s0 + 2 * s];
          hl += sums[s0 + 2 * s + 1];
          cl += counts[c0 + s];
          if (cl < minLeaf) continue;
          const cr = c - cl;
          if (cr < minLeaf) break;
          const hr = hs - hl;
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
   * One boosting step: log-loss gradients of the arena's raw scores, then one tree over all rows
   * (samples reordered so that every leaf's rows are contiguous), whose leaf values are added to raw.
   */
  grow(p: TreeGrowthParams): GrownTree {
    const a = this.arena;
    const nSamples = a.n;
    a.kernels.gradients(a.expNegRawAt, a.yAt, a.wAt, a.ghAt, a.samplesAt, nSamples, a.sumsAt);
    const g0 = a.f64[a.sumsAt >> 3];
    const h0 = a.f64[(a.sumsAt >> 3) + 1];
    const maxDepth = p.maxDepth > 0 ? p.maxDepth : Infinity;
    const maxLeaves = Math.max(2, p.maxLeaves);
    const canSplit = (w: NodeWork) => w.depth < maxDepth && w.end - w.start >= 2 * p.minSamplesLeaf;

    // Node arrays: at most 2·maxLeaves − 1 nodes.
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

    const root: NodeWork = { id: 0, start: 0, end: nSamples, depth: 0, g: g0, h: h0, hist: -1, split: null };
    value[0] = leafValue(g0, h0);
    count[0] = nSamples;
    const open: NodeWork[] = [];
    const leaves: NodeWork[] = [];
    const retire = (w: NodeWork) => {
      this.give(w.hist);
      w.hist = -1;
      leaves.push(w);
    };
    if (canSplit(root)) {
      root.hist = this.take();
      this.buildHistogram(root.hist, 0, nSamples);
      root.split = this.findSplit(root.hist, g0, h0, nSamples, p);
    }
    if (root.split) open.push(root);
    else retire(root);
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

      const mid = this.partition(node.start, node.end, f, s.bin, missLeft);
      const li = nNodes++;
      const ri = nNodes++;
      feature[node.id] = f;
      bin[node.id] = s.bin;
      // Unseen missing values at this node follow the larger child (scikit-learn's rule).
      missingLeft[node.id] = (s.sawMissing ? missLeft : mid - node.start >= node.end - mid) ? 1 : 0;
      left[node.id] = li;
      right[node.id] = ri;
      gainArr[node.id] = s.gain;
      const L: NodeWork = { id: li, start: node.start, end: mid, depth: node.depth + 1, g: s.gL, h: s.hL, hist: -1, split: null };
      const R: NodeWork = { id: ri, start: mid, end: node.end, depth: node.depth + 1, g: node.g - s.gL, h: node.h - s.hL, hist: -1, split: null };
      value[li] = leafValue(L.g, L.h);
      value[ri] = leafValue(R.g, R.h);
      count[li] = L.end - L.start;
      count[ri] = R.end - R.start;
      nLeaves++;

      if ((canSplit(L) || canSplit(R)) && nLeaves < maxLeaves) {
        // Only the smaller child's histogram comes from its rows; the larger is the parent's minus it.
        const small = L.end - L.start <= R.end - R.start ? L : R;
        const large = small === L ? R : L;
        small.hist = this.take();
        this.buildHistogram(small.hist, small.start, small.end);
        a.kernels.subtract(this.sumsAt(node.hist), this.sumsAt(small.hist), this.countsAt(node.hist), this.countsAt(small.hist), a.nSlots, a.countWords);
        large.hist = node.hist;
        node.hist = -1;
        for (const child of [L, R]) {
          if (canSplit(child)) child.split = this.findSplit(child.hist, child.g, child.h, child.end - child.start, p);
          if (child.split) open.push(child);
          else retire(child);
        }
      } else {
        this.give(node.hist);
        node.hist = -1;
        leaves.push(L, R);
      }
    }
    for (const w of open) retire(w);
    for (const w of leaves) a.kernels.scaleLeaf(a.samplesAt, w.start, w.end, a.expNegRawAt, Math.exp(-value[w.id]));
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
