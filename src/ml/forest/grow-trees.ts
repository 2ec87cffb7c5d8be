/**
 * CART classification trees (Gini) on a binned matrix: the kernel a random forest fans out to workers.
 *
 * Follows scikit-learn's DecisionTreeClassifier as used by RandomForestClassifier: bootstrap counts
 * become sample weights; at each node `mtry` features are drawn without replacement, and drawing goes
 * on past `mtry` until at least one non-constant feature is seen; the split maximises the weighted Gini
 * decrease subject to min_samples_leaf (counted in distinct samples); leaves hold the weighted share of
 * the positive class. Nodes are grown depth first, partitioning one sample array in place.
 */
import { createRng } from '../../core/rng.ts';
import type { BinnedMatrix } from './binned-matrix.ts';

export interface TreeParams {
  /** 0 = unlimited. */
  maxDepth: number;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  /** Features drawn per split. */
  mtry: number;
  bootstrap: boolean;
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

export interface GrowTreesTask {
  /** Row layout only: each task rebuilds the column layout itself, which halves what is copied to workers. */
  matrix: Pick<BinnedMatrix, 'nRows' | 'nFeatures' | 'rowptr' | 'rowCols' | 'rowCodes' | 'zeroCode'>;
  y: Uint8Array;
  rowWeights?: Float64Array;
  seeds: number[];
  params: TreeParams;
}

export interface GrowTreesResult {
  trees: CodedTree[];
  /** Sum over the trees of each tree's normalised Gini importances. */
  importanceSum: Float64Array;
}

class NumList {
  data: Float64Array;
  length = 0;
  constructor(cap = 256) {
    this.data = new Float64Array(cap);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Float64Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  toInt32(): Int32Array {
    return Int32Array.from(this.data.subarray(0, this.length));
  }
  toFloat64(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** CSR → CSC (rows come out sorted within each column). */
export function columnsOf(m: GrowTreesTask['matrix']): Pick<BinnedMatrix, 'colptr' | 'colRows' | 'colCodes'> {
  const { nRows, nFeatures, rowptr, rowCols, rowCodes } = m;
  const nnz = rowptr[nRows];
  const colptr = new Int32Array(nFeatures + 1);
  for (let q = 0; q < nnz; q++) colptr[rowCols[q] + 1]++;
  for (let f = 0; f < nFeatures; f++) colptr[f + 1] += colptr[f];
  const fill = colptr.slice(0, nFeatures);
  const colRows = new Int32Array(nnz);
  const colCodes = new Uint8Array(nnz);
  for (let i = 0; i < nRows; i++) {
    for (let q = rowptr[i]; q < rowptr[i + 1]; q++) {
      const p = fill[rowCols[q]]++;
      colRows[p] = i;
      colCodes[p] = rowCodes[q];
    }
  }
  return { colptr, colRows, colCodes };
}

export function growTrees(task: GrowTreesTask): GrowTreesResult {
  const { matrix: m, y, rowWeights, params } = task;
  const n = m.nRows;
  const nF = m.nFeatures;
  const { rowptr, rowCols, rowCodes, zeroCode } = m;
  const { colptr, colRows, colCodes } = columnsOf(m);
  // Column lengths sorted, with prefix sums: E[min(length, cap)] over a random feature in O(log nF).
  const sortedLens = new Float64Array(nF);
  for (let f = 0; f < nF; f++) sortedLens[f] = colptr[f + 1] - colptr[f];
  sortedLens.sort();
  const lenPrefix = new Float64Array(nF + 1);
  for (let f = 0; f < nF; f++) lenPrefix[f + 1] = lenPrefix[f] + sortedLens[f];
  const expectedScan = (cap: number): number => {
    let lo = 0;
    let hi = nF;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortedLens[mid] < cap) lo = mid + 1;
      else hi = mid;
    }
    return nF > 0 ? (lenPrefix[lo] + cap * (nF - lo)) / nF : 0;
  };
  const mtry = Math.max(1, Math.min(nF, params.mtry));
  const minLeaf = Math.max(1, params.minSamplesLeaf);
  const minSplit = Math.max(2, params.minSamplesSplit, 2 * minLeaf);
  const maxDepth = params.maxDepth > 0 ? params.maxDepth : Infinity;

  // Scratch shared by all trees.
  const w = new Float64Array(n);
  const wc = new Float64Array(2);
  const samples = new Int32Array(n);
  // 1 for the samples of the node being split (bytes, so the flags stay in L1 cache)
  const inNode = new Uint8Array(n);
  // 1 for the candidate features of the current batch (row scans test this before the slot lookup)
  const isCandidate = new Uint8Array(nF);
  const side = new Uint8Array(n);
  const feats = new Int32Array(nF);
  const featCount = new Int32Array(nF);
  const featSlot = new Int32Array(nF).fill(-1);
  const h0 = new Float64Array(256);
  const h01 = new Float64Array(512);
  const h1 = new Float64Array(256);
  const hn = new Int32Array(256);
  const bins = new Int32Array(256);
  let entS = new Int32Array(1024);
  let entC = new Uint8Array(1024);
  let entF = new Int32Array(1024);
  let bestS = new Int32Array(1024);
  let bestC = new Uint8Array(1024);
  let bucketS = new Int32Array(1024);
  let bucketC = new Uint8Array(1024);
  const candidates = new Int32Array(nF);
  const bucketStart = new Int32Array(nF + 1);
  const importanceSum = new Float64Array(nF);
  const importance = new Float64Array(nF);

  const trees: CodedTree[] = [];
  for (const seed of task.seeds) {
    const rng = createRng(seed);
    // Bootstrap: n draws with replacement; counts become weights (times the row weights).
    w.fill(0);
    if (params.bootstrap) for (let k = 0; k < n; k++) w[rng.int(n)] += 1;
    else w.fill(1);
    let nSamples = 0;
    for (let i = 0; i < n; i++) {
      if (rowWeights) w[i] *= rowWeights[i];
      if (w[i] > 0) samples[nSamples++] = i;
    }
    for (let f = 0; f < nF; f++) feats[f] = f;
    importance.fill(0);

    const feature = new NumList();
    const code = new NumList();
    const left = new NumList();
    const right = new NumList();
    const value = new NumList();
    const cover = new NumList();
    // stack of pending nodes: start, end, depth, node index
    const stack: number[] = [];
    const newNode = (): number => {
      feature.push(-1);
      code.push(-1);
      left.push(-1);
      right.push(-1);
      value.push(0);
      cover.push(0);
      return feature.length - 1;
    };
    stack.push(0, nSamples, 0, newNode());

    while (stack.length > 0) {
      const node = stack.pop()!;
      const depth = stack.pop()!;
      const end = stack.pop()!;
      const start = stack.pop()!;
      const nNode = end - start;
      let w0 = 0;
      let w1 = 0;
      let rowCost = 0;
      wc[0] = 0;
      wc[1] = 0;
      for (let k = start; k < end; k++) {
        const s = samples[k];
        wc[y[s]] += w[s];
        rowCost += rowptr[s + 1] - rowptr[s];
      }
      w0 = wc[0];
      w1 = wc[1];
      const W = w0 + w1;
      value.data[node] = W > 0 ? w1 / W : 0;
      cover.data[node] = W;
      if (depth >= maxDepth || nNode < minSplit || w0 <= 0 || w1 <= 0) continue;

      // ---- split search ----
      let bestProxy = -Infinity;
      let bestF = -1;
      let bestCode = -1;
      let bestK = 0;
      let bestZeroLeft = false;

      /** Evaluates feature f whose in-node non-zero entries are entS/entC[0..k). */
      const evaluate = (f: number, eS: Int32Array, eC: Uint8Array, off: number, k: number): boolean => {
        let nb = 0;
        let s0 = 0;
        let s1 = 0;
        for (let e = off; e < off + k; e++) {
          const c = eC[e];
          const s = eS[e];
          if (hn[c]++ === 0) bins[nb++] = c;
          // branch-free by class: h01 interleaves (class 0, class 1) per code
          h01[2 * c + y[s]] += w[s];
        }
        for (let t = 0; t < nb; t++) {
          const c = bins[t];
          h0[c] = h01[2 * c];
          h1[c] = h01[2 * c + 1];
          h01[2 * c] = 0;
          h01[2 * c + 1] = 0;
          s0 += h0[c];
          s1 += h1[c];
        }
        const z = zeroCode[f];
        if (k < nNode) {
          if (hn[z] === 0) bins[nb++] = z;
          hn[z] += nNode - k;
          h0[z] += Math.max(0, w0 - s0);
          h1[z] += Math.max(0, w1 - s1);
        }
        let nonConstant = nb > 1;
        if (nonConstant) {
          // bins in value order: insertion sort when few, else a pass over all codes
          if (nb > 24) {
            let q = 0;
            for (let c = 0; c < 256; c++) if (hn[c] > 0) bins[q++] = c;
          } else for (let a = 1; a < nb; a++) {
            const v = bins[a];
            let b = a - 1;
            while (b >= 0 && bins[b] > v) {
              bins[b + 1] = bins[b];
              b--;
            }
            bins[b + 1] = v;
          }
          let l0 = 0;
          let l1 = 0;
          let ln = 0;
          let found = false;
          for (let t = 0; t < nb - 1; t++) {
            const c = bins[t];
            l0 += h0[c];
            l1 += h1[c];
            ln += hn[c];
            if (ln < minLeaf) continue;
            if (nNode - ln < minLeaf) break;
            const lw = l0 + l1;
            const r0 = w0 - l0;
            const r1 = w1 - l1;
            const rw = r0 + r1;
            if (lw <= 0 || rw <= 0) continue;
            const proxy = (l0 * l0 + l1 * l1) / lw + (r0 * r0 + r1 * r1) / rw;
            if (proxy > bestProxy) {
              bestProxy = proxy;
              bestF = f;
              bestCode = c;
              bestZeroLeft = z <= c;
              found = true;
            }
          }
          if (found && bestF === f) {
            if (bestS.length < k) {
              bestS = new Int32Array(k * 2);
              bestC = new Uint8Array(k * 2);
            }
            bestS.set(eS.subarray(off, off + k));
            bestC.set(eC.subarray(off, off + k));
            bestK = k;
          }
        } else nonConstant = false;
        for (let t = 0; t < nb; t++) {
          const c = bins[t];
          h0[c] = 0;
          h1[c] = 0;
          hn[c] = 0;
        }
        return nonConstant;
      };

      // Cost model: scanning a drawn column costs its length, capped by the binary-search intersection
      // (~2·nNode·log2(length)), plus ~30 for the cache misses of reaching a random column; scanning
      // the node's rows costs their non-zeros once (contiguous). Take the cheaper.
      const useRows = rowCost < mtry * (expectedScan(2 * nNode * 12) + 30);
      let visited = 0;
      let nonConstantSeen = 0;
      let i = 0;
      if (!useRows) {
        // Column scan per drawn feature. Long columns are intersected with the node's sorted samples
        // by binary search instead (cost nNode·log(column) instead of the column's length).
        for (let k = start; k < end; k++) inNode[samples[k]] = 1;
        let sorted = false;
        const logNode = nNode * 2;
        while (i < nF && (visited < mtry || nonConstantSeen === 0)) {
          const j = i + rng.int(nF - i);
          const f = feats[j];
          feats[j] = feats[i];
          feats[i] = f;
          i++;
          visited++;
          let k = 0;
          const a = colptr[f];
          const b = colptr[f + 1];
          const len = b - a;
          if (entS.length <= len) {
            entS = new Int32Array(len * 2 + 1);
            entC = new Uint8Array(len * 2 + 1);
          }
          if (len > logNode * Math.log2(len + 1)) {
            if (!sorted) {
              samples.subarray(start, end).sort();
              sorted = true;
            }
            let lo = a;
            for (let q = start; q < end && lo < b; q++) {
              const s = samples[q];
              let hi = b;
              while (lo < hi) {
                const mid = (lo + hi) >>> 1;
                if (colRows[mid] < s) lo = mid + 1;
                else hi = mid;
              }
              if (lo < b && colRows[lo] === s) {
                entS[k] = s;
                entC[k] = colCodes[lo];
                k++;
                lo++;
              }
            }
          } else {
            // branch-free: write every entry, advance only for the node's samples (a data-dependent
            // branch here mispredicts half the time and costs several times the whole loop body)
            for (let q = a; q < b; q++) {
              const s = colRows[q];
              entS[k] = s;
              entC[k] = colCodes[q];
              k += inNode[s];
            }
          }
          if (k === 0) continue;
          if (evaluate(f, entS, entC, 0, k)) nonConstantSeen++;
        }
        for (let k = start; k < end; k++) inNode[samples[k]] = 0;
      } else {
        // Row scan: draw a batch of candidates, collect their entries from the node's rows in one pass,
        // group them by candidate, evaluate; draw another batch only if all were constant here.
        while (i < nF && (visited < mtry || nonConstantSeen === 0)) {
          let nCand = 0;
          const batchEnd = visited < mtry ? mtry : visited + mtry;
          while (i < nF && visited < batchEnd) {
            const j = i + rng.int(nF - i);
            const f = feats[j];
            feats[j] = feats[i];
            feats[i] = f;
            i++;
            visited++;
            featSlot[f] = nCand;
            isCandidate[f] = 1;
            candidates[nCand++] = f;
          }
          // pass over the rows: entries of candidate features, in row order
          let total = 0;
          for (let c = 0; c <= nCand; c++) bucketStart[c] = 0;
          for (let k = start; k < end; k++) {
            const s = samples[k];
            for (let q = rowptr[s], qe = rowptr[s + 1]; q < qe; q++) {
              const f = rowCols[q];
              if (isCandidate[f] === 0) continue;
              const slot = featSlot[f];
              if (total === entS.length) {
                const grownS = new Int32Array(total * 2);
                grownS.set(entS);
                entS = grownS;
                const grownC = new Uint8Array(total * 2);
                grownC.set(entC);
                entC = grownC;
                const grownF = new Int32Array(total * 2);
                grownF.set(entF);
                entF = grownF;
              }
              entS[total] = s;
              entC[total] = rowCodes[q];
              entF[total] = slot;
              total++;
              bucketStart[slot + 1]++;
            }
          }
          // counting sort by candidate
          for (let c = 0; c < nCand; c++) bucketStart[c + 1] += bucketStart[c];
          if (bucketS.length < total) {
            bucketS = new Int32Array(total * 2);
            bucketC = new Uint8Array(total * 2);
          }
          for (let c = 0; c < nCand; c++) featCount[c] = bucketStart[c];
          for (let e = 0; e < total; e++) {
            const p = featCount[entF[e]]++;
            bucketS[p] = entS[e];
            bucketC[p] = entC[e];
          }
          for (let c = 0; c < nCand; c++) {
            const f = candidates[c];
            featSlot[f] = -1;
            isCandidate[f] = 0;
            const k = bucketStart[c + 1] - bucketStart[c];
            if (k > 0 && evaluate(f, bucketS, bucketC, bucketStart[c], k)) nonConstantSeen++;
          }
        }
      }
      if (bestF < 0) continue;

      // ---- partition: zeros follow bestZeroLeft, non-zeros their code ----
      const zl = bestZeroLeft ? 1 : 0;
      for (let k = start; k < end; k++) side[samples[k]] = zl;
      for (let e = 0; e < bestK; e++) side[bestS[e]] = bestC[e] <= bestCode ? 1 : 0;
      let lo = start;
      let hi = end - 1;
      while (lo <= hi) {
        if (side[samples[lo]] === 1) lo++;
        else {
          const t = samples[lo];
          samples[lo] = samples[hi];
          samples[hi] = t;
          hi--;
        }
      }
      // Gini decrease in weight units: W·gini(node) − W_L·gini(L) − W_R·gini(R) = proxy − (w0² + w1²)/W.
      importance[bestF] += bestProxy - (w0 * w0 + w1 * w1) / W;
      feature.data[node] = bestF;
      code.data[node] = bestCode;
      const l = newNode();
      const r = newNode();
      left.data[node] = l;
      right.data[node] = r;
      stack.push(lo, end, depth + 1, r);
      stack.push(start, lo, depth + 1, l);
    }

    let impTotal = 0;
    for (let f = 0; f < nF; f++) impTotal += importance[f];
    if (impTotal > 0) for (let f = 0; f < nF; f++) importanceSum[f] += importance[f] / impTotal;
    trees.push({
      feature: feature.toInt32(),
      code: code.toInt32(),
      left: left.toInt32(),
      right: right.toInt32(),
      value: value.toFloat64(),
      cover: cover.toFloat64(),
    });
  }
  return { trees, importanceSum };
}
