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
 * Reusable scratch for growing many trees over the same binned rows: histogram buffers are pooled
 * because allocating and zeroing them per node would dominate small nodes.
 */
export class HistogramTreeGrower {
  private pool: Float64Array[] = [];
  private readonly histSize: number;
  private readonly scratch: Float64Array;
  private readonly partitionScratch: Int32Array;
  private readonly columnBins: Uint8Array;
  /** Histogram offsets (slot · 3) per cell; 16-bit when they fit, halving the memory the kernel streams. */
  private readonly slot3: Uint16Array | Int32Array;
  private readonly n: number;

  constructor(
    private readonly mapper: BinMapper,
    /** Row-major slot per cell (see binRows), n × d. */
    private readonly slots: Int32Array,
    private readonly d: number,
  ) {
    this.histSize = mapper.nSlots * 3;
    this.scratch = new Float64Array(this.histSize);
    this.slot3 = this.histSize <= 65536 ? new Uint16Array(slots.length) : new Int32Array(slots.length);
    for (let k = 0; k < slots.length; k++) this.slot3[k] = slots[k] * 3;
    this.n = d > 0 ? slots.length / d : 0;
    this.partitionScratch = new Int32Array(this.n);
    // Column-major local bins (missing = nBins[f]) for the partition pass.
    this.columnBins = new Uint8Array(this.n * d);
    for (let i = 0; i < this.n; i++) {
      for (let f = 0; f < d; f++) this.columnBins[f * this.n + i] = slots[i * d + f] - mapper.slotStart[f];
    }
  }

  private take(): Float64Array {
    const h = this.pool.pop();
    if (h) {
      h.fill(0);
      return h;
    }
    return new Float64Array(this.histSize);
  }

  private give(h: Float64Array | null): void {
    if (h) this.pool.push(h);
  }

  private buildHistogram(hist: Float64Array, samples: Int32Array, start: number, end: number, grad: Float64Array, hess: Float64Array): void {
    const slots = this.slot3;
    const d = this.d;
    let k = start;
    // Two rows at a time into two histograms: consecutive rows often hit the same bin, and
    // interleaving breaks that store-to-load dependency chain (~25% faster). Worth the extra
    // zero + merge of the second histogram only when the node is large relative to the histogram.
    if ((end - start) * d > 4 * hist.length) {
      const h2 = this.scratch;
      h2.fill(0);
      for (; k + 1 < end; k += 2) {
        const i = samples[k];
        const j = samples[k + 1];
        const gi = grad[i];
        const hi = hess[i];
        const gj = grad[j];
        const hj = hess[j];
        for (let p = i * d, q = j * d, e = p + d; p < e; p++, q++) {
          const a = slots[p];
          const b = slots[q];
          hist[a] += gi;
          hist[a + 1] += hi;
          hist[a + 2] += 1;
          h2[b] += gj;
          h2[b + 1] += hj;
          h2[b + 2] += 1;
        }
      }
      for (let t = 0; t < hist.length; t++) hist[t] += h2[t];
    }
    for (; k < end; k++) {
      const i = samples[k];
      const g = grad[i];
      const h = hess[i];
      for (let p = i * d, e = p + d; p < e; p++) {
        const s = slots[p];
        hist[s] += g;
        hist[s + 1] += h;
        hist[s + 2] += 1;
      }
    }
  }

  /**
   * Stable partition of samples[start..end) by the split (left first), returning the first right
   * position. Rows stay in increasing order, so later passes walk memory forwards; the split reads the
   * column-major bins (one byte per row, cache-resident) rather than the row-major slots.
   */
  private partition(samples: Int32Array, start: number, end: number, f: number, cut: number, missLeft: boolean): number {
    const col = this.columnBins;
    const off = f * this.n;
    const miss = this.mapper.nBins[f];
    const tmp = this.partitionScratch;
    let a = start;
    let nr = 0;
    for (let k = start; k < end; k++) {
      const i = samples[k];
      const b = col[off + i];
      if (b === miss ? missLeft : b <= cut) samples[a++] = i;
      else tmp[nr++] = i;
    }
    samples.set(tmp.subarray(0, nr), a);
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
      let gl = 0;
      let hl = 0;
      let cl = 0;
      // Missing values go right: left = bins 0..b. With missing rows, b = nb-1 (all present left) is a split too.
      const lastB = cm > 0 ? nb - 1 : nb - 2;
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
        if (gain > bestGain) {
          bestGain = gain;
          best = { gain, feature: f, bin: b, missingLeft: false, sawMissing: cm > 0, gL: gl, hL: hl, cL: cl };
        }
      }
      if (cm === 0) continue;
      // Missing values go left: left = bins 0..b plus the missing bin.
      gl = gm;
      hl = hm;
      cl = cm;
      for (let b = 0; b <= nb - 2; b++) {
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
        if (gain > bestGain) {
          bestGain = gain;
          best = { gain, feature: f, bin: b, missingLeft: true, sawMissing: true, gL: gl, hL: hl, cL: cl };
        }
      }
    }
    return best;
  }

  /**
   * Grows one tree over samples[0..nSamples) (reordered in place so that every leaf's rows are
   * contiguous) and adds each leaf's value to `raw` for its rows.
   */
  grow(samples: Int32Array, nSamples: number, grad: Float64Array, hess: Float64Array, p: TreeGrowthParams, raw: Float64Array): GrownTree {
    const maxDepth = p.maxDepth > 0 ? p.maxDepth : Infinity;
    const maxLeaves = Math.max(2, p.maxLeaves);
    const canSplit = (w: NodeWork) => w.depth < maxDepth && w.end - w.start >= 2 * p.minSamplesLeaf;

    let g0 = 0;
    let h0 = 0;
    for (let k = 0; k < nSamples; k++) {
      g0 += grad[samples[k]];
      h0 += hess[samples[k]];
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
      this.buildHistogram(root.hist, samples, 0, nSamples, grad, hess);
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
        this.buildHistogram(small.hist, samples, small.start, small.end, grad, hess);
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
