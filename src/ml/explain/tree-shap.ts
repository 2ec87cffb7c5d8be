/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2; the shap package's
 * `tree_shap_recursive`) over the flat TreeEnsemble format.
 *
 * For one row and one tree it walks every root-to-leaf path once, keeping the "unique path" of features
 * split on so far with, per feature, the fraction of training cover that flows along the path when the
 * feature is absent (zero fraction) and whether the row itself follows it when present (one fraction);
 * the path weights are the Shapley-kernel-weighted counts of coalitions. Each leaf adds its value times
 * the unwound weight to every feature on its path: O(leaves · depth²) per tree and row.
 * The value function is the path-dependent one: an absent feature sends the row down both children,
 * weighted by their training cover. SHAP values sum to margin(x) − expected margin.
 */
import type { TreeEnsemble } from './tree-format.ts';
import { LeafPatternShap } from './leaf-pattern-shap.ts';

export interface TreeShapResult {
  /** Row-major n × nOut SHAP values on the margin scale (log-odds for boosting). */
  values: Float64Array;
  nOut: number;
  /** Expected margin: Σ_trees Σ_leaves value · cover/rootCover, times scale, plus base. */
  expectedValue: number;
}

export interface TreeShapOptions {
  /**
   * Output slot of each input feature (e.g. one-hot columns to their source column); default identity.
   * Summing SHAP values of a group gives the group's SHAP value.
   */
  groupOf?: Int32Array;
  nOut?: number;
  /**
   * 'auto' (default): per-leaf tables (leaf-pattern-shap.ts) for the trees where they pay off for the
   * number of rows, Algorithm 2 for the rest; 'recursive': Algorithm 2 only; 'tables': tables wherever
   * they fit in memory. All give the same values up to rounding.
   */
  algorithm?: 'auto' | 'recursive' | 'tables';
}

/** A dense feature source: row i's value of feature f. Dense rows are filled into a scratch buffer. */
export interface RowSource {
  n: number;
  nFeatures: number;
  /** Writes row i into `out` (length nFeatures); `clear` undoes it for sparse sources. */
  fill(i: number, out: Float64Array): void;
  clear?(i: number, out: Float64Array): void;
}

export function denseRows(X: Float64Array, n: number, d: number): RowSource {
  return { n, nFeatures: d, fill: (i, out) => out.set(X.subarray(i * d, i * d + d)) };
}

function maxDepthOf(e: TreeEnsemble): number {
  let best = 0;
  const stack: number[] = [];
  for (let t = 0; t < e.roots.length; t++) {
    stack.push(e.roots[t], 0);
    while (stack.length) {
      const depth = stack.pop()!;
      const node = stack.pop()!;
      if (e.feature[node] < 0) best = Math.max(best, depth);
      else stack.push(e.left[node], depth + 1, e.right[node], depth + 1);
    }
  }
  return best;
}

export function expectedMargin(e: TreeEnsemble): number {
  let s = 0;
  for (let t = 0; t < e.roots.length; t++) {
    const root = e.roots[t];
    const rootCover = e.cover[root];
    const stack = [root];
    while (stack.length) {
      const node = stack.pop()!;
      if (e.feature[node] < 0) s += e.value[node] * (rootCover > 0 ? e.cover[node] / rootCover : 0);
      else stack.push(e.left[node], e.right[node]);
    }
  }
  return e.base + e.scale * s;
}

/** Working memory and the recursion for one ensemble. */
class TreeShapKernel {
  // The unique paths of every recursion level, laid end to end (level k starts at k(k+1)/2).
  private readonly pf: Int32Array;
  private readonly pz: Float64Array;
  private readonly po: Float64Array;
  private readonly pw: Float64Array;
  /** 1/k up to depth + 2: the recursion's divisions sit on its critical path; multiplications are cheaper. */
  private readonly recip: Float64Array;
  private readonly leftFrac: Float64Array;
  private readonly rightFrac: Float64Array;
  private row!: Float64Array;
  private phi!: Float64Array;
  private phiOff = 0;
  private scale = 1;

  constructor(
    private readonly e: TreeEnsemble,
    private readonly groupOf: Int32Array,
    maxDepth: number,
  ) {
    const size = ((maxDepth + 2) * (maxDepth + 3)) / 2;
    this.pf = new Int32Array(size);
    this.pz = new Float64Array(size);
    this.po = new Float64Array(size);
    this.pw = new Float64Array(size);
    this.recip = Float64Array.from({ length: maxDepth + 3 }, (_, k) => (k === 0 ? 0 : 1 / k));
    // Cover share of each child, once per ensemble rather than per row.
    const nNodes = e.feature.length;
    this.leftFrac = new Float64Array(nNodes);
    this.rightFrac = new Float64Array(nNodes);
    for (let k = 0; k < nNodes; k++) {
      if (e.feature[k] < 0) continue;
      const w = e.cover[k];
      this.leftFrac[k] = w > 0 ? e.cover[e.left[k]] / w : 0;
      this.rightFrac[k] = w > 0 ? e.cover[e.right[k]] / w : 0;
    }
  }

  /** Adds the SHAP values of one row over the trees rooted at `roots`. */
  explainRow(row: Float64Array, phi: Float64Array, phiOff: number, roots: ArrayLike<number>): void {
    this.row = row;
    this.phi = phi;
    this.phiOff = phiOff;
    this.scale = this.e.scale;
    for (let t = 0; t < roots.length; t++) this.recurse(roots[t], 0, 0, 1, 1, -1);
  }

  private extend(p: number, depth: number, zero: number, one: number, feature: number): void {
    const { pf, pz, po, pw } = this;
    pf[p + depth] = feature;
    pz[p + depth] = zero;
    po[p + depth] = one;
    pw[p + depth] = depth === 0 ? 1 : 0;
    const RECIP = this.recip;
    const inv = RECIP[depth + 1];
    const oneInv = one * inv;
    const zeroInv = zero * inv;
    for (let i = depth - 1; i >= 0; i--) {
      const w = pw[p + i];
      pw[p + i + 1] += oneInv * w * (i + 1);
      pw[p + i] = zeroInv * w * (depth - i);
    }
  }

  private unwind(p: number, depth: number, index: number): void {
    const { pf, pz, po, pw } = this;
    const one = po[p + index];
    const zero = pz[p + index];
    let next = pw[p + depth];
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = pw[p + i];
        pw[p + i] = (next * (depth + 1)) / ((i + 1) * one);
        next = tmp - (pw[p + i] * zero * (depth - i)) / (depth + 1);
      } else {
        pw[p + i] = (pw[p + i] * (depth + 1)) / (zero * (depth - i));
      }
    }
    for (let i = index; i < depth; i++) {
      pf[p + i] = pf[p + i + 1];
      pz[p + i] = pz[p + i + 1];
      po[p + i] = po[p + i + 1];
    }
  }

  /**
   * `parentP` is where the parent's unique path starts; this level's path starts right after it
   * (levels never overlap because level k holds at most k+1 elements).
   */
  private recurse(node: number, parentP: number, depth: number, zero: number, one: number, feature: number): void {
    const e = this.e;
    const { pf, pz, po, pw } = this;
    const p = parentP + depth; // parent path had `depth` elements (0 at the root: empty)
    for (let i = 0; i < depth; i++) {
      pf[p + i] = pf[parentP + i];
      pz[p + i] = pz[parentP + i];
      po[p + i] = po[parentP + i];
      pw[p + i] = pw[parentP + i];
    }
    this.extend(p, depth, zero, one, feature);
    const split = e.feature[node];
    if (split < 0) {
      // unwoundSum inlined for every path feature (the hot loop of the algorithm)
      const RECIP = this.recip;
      const v = e.value[node] * this.scale;
      const phi = this.phi;
      const off = this.phiOff;
      const groupOf = this.groupOf;
      const depth1 = depth + 1;
      const last = pw[p + depth];
      // One row: one fractions are 0 or 1. For one = 0 the unwound sum is S0 / zero with
      // S0 = Σ_i pw[i] / (depth − i), the same for every such feature, and its contribution
      // (one − zero) · S0 / zero = −S0 does not depend on zero: computed once per leaf.
      let s0 = 0;
      for (let i = depth - 1; i >= 0; i--) s0 += pw[p + i] * RECIP[depth - i];
      const coldContribution = -s0 * depth1 * v;
      for (let k = 1; k <= depth; k++) {
        if (po[p + k] === 0) {
          phi[off + groupOf[pf[p + k]]] += coldContribution;
          continue;
        }
        const zero = pz[p + k];
        let total = 0;
        let next = last;
        for (let i = depth - 1; i >= 0; i--) {
          const tmp = next * RECIP[i + 1];
          total += tmp;
          next = pw[p + i] - tmp * zero * (depth - i);
        }
        phi[off + groupOf[pf[p + k]]] += total * depth1 * (1 - zero) * v;
      }
      return;
    }
    const x = this.row[split];
    const goLeft = x !== x ? !!(e.missingLeft && e.missingLeft[node]) : x <= e.threshold[node];
    const hot = goLeft ? e.left[node] : e.right[node];
    const cold = goLeft ? e.right[node] : e.left[node];
    const hotZero = goLeft ? this.leftFrac[node] : this.rightFrac[node];
    const coldZero = goLeft ? this.rightFrac[node] : this.leftFrac[node];
    let inZero = 1;
    let inOne = 1;
    let d = depth;
    let k = 0;
    for (; k <= d; k++) if (pf[p + k] === split) break;
    if (k !== d + 1) {
      inZero = pz[p + k];
      inOne = po[p + k];
      this.unwind(p, d, k);
      d -= 1;
    }
    this.recurse(hot, p, d + 1, hotZero * inZero, inOne, split);
    this.recurse(cold, p, d + 1, coldZero * inZero, 0, split);
  }
}

/** Rows explained together by the tables, tree by tree (a tree's tables stay in cache across them). */
const ROW_BLOCK = 256;

/**
 * A TreeSHAP explainer for one ensemble, reusable across row sets (e.g. a worker's blocks of one
 * Explain run): the per-leaf tables are built once, for the number of rows expected in all.
 */
export class TreeShapExplainer {
  private readonly groupOf: Int32Array | undefined;
  private readonly nOut: number | undefined;
  private readonly tables: LeafPatternShap | null;
  private readonly recursiveRoots: ArrayLike<number>;

  constructor(
    private readonly e: TreeEnsemble,
    expectedRows: number,
    options: TreeShapOptions = {},
  ) {
    this.groupOf = options.groupOf;
    this.nOut = options.nOut;
    const algorithm = options.algorithm ?? 'auto';
    const rest: number[] = [];
    this.tables = algorithm === 'recursive' ? null : LeafPatternShap.build(e, expectedRows, rest, algorithm === 'tables');
    this.recursiveRoots = algorithm === 'recursive' ? e.roots : Int32Array.from(rest);
  }

  /** Row-major rows.n × nOut SHAP values on the margin scale. */
  explain(rows: RowSource): Float64Array {
    const { e, tables, recursiveRoots: roots } = this;
    const nF = rows.nFeatures;
    const groupOf = this.groupOf ?? Int32Array.from({ length: nF }, (_, f) => f);
    const nOut = this.nOut ?? nF;
    const kernel = roots.length > 0 ? new TreeShapKernel(e, groupOf, maxDepthOf(e)) : null;
    const values = new Float64Array(rows.n * nOut);
    const row = new Float64Array(nF);
    const used = tables?.usedFeatures ?? new Int32Array(0);
    const block = new Float64Array(ROW_BLOCK * used.length);
    for (let i0 = 0; i0 < rows.n; i0 += ROW_BLOCK) {
      const nb = Math.min(ROW_BLOCK, rows.n - i0);
      for (let r = 0; r < nb; r++) {
        rows.fill(i0 + r, row);
        for (let u = 0; u < used.length; u++) block[r * used.length + u] = row[used[u]];
        kernel?.explainRow(row, values, (i0 + r) * nOut, roots);
        rows.clear?.(i0 + r, row);
      }
      tables?.explainBlock(block, nb, values, i0 * nOut, nOut, groupOf);
    }
    return values;
  }
}

/** SHAP values of every row of `rows` for the ensemble's margin. */
export function treeShap(e: TreeEnsemble, rows: RowSource, options: TreeShapOptions = {}): TreeShapResult {
  const values = new TreeShapExplainer(e, rows.n, options).explain(rows);
  return { values, nOut: options.nOut ?? rows.nFeatures, expectedValue: expectedMargin(e) };
}
