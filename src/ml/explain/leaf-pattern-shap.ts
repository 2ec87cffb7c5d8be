/**
 * Path-dependent TreeSHAP with per-leaf tables, after Fast TreeSHAP v2 (Yang 2021, arXiv:2109.09847).
 *
 * A leaf l with distinct path features D (d = |D|), value v, and per feature j the share z_j of
 * training cover that follows the path through j's splits, contributes to the path-dependent value
 * function f(T) = v · Π_{j∈D∖T} z_j · Π_{j∈D∩T} o_j, where o_j is 1 when the row follows the path
 * through all of j's splits and 0 otherwise. Its Shapley values therefore depend on the row only
 * through the pattern S = {j : o_j = 1}, one of 2^d:
 *   j ∈ S:  φ_j = v (1 − z_j) Σ_{T⊆S∖{j}} w(|T|, d) Π_{k∈D∖T∖{j}} z_k
 *   j ∉ S:  φ_j = −v Σ_{T⊆S} w(|T|, d) Π_{k∈D∖T} z_k          (the same for every such j)
 * with the Shapley weight w(t, d) = t!(d − t − 1)!/d!. Features outside D are dummies for the leaf.
 *
 * The tables (2^d × d numbers per leaf) are computed once per ensemble; each row then costs, per tree,
 * one comparison per split node, a bit mask per leaf and d additions per leaf — O(L·d) instead of
 * Algorithm 2's O(L·d²), and with far cheaper steps. Rows are explained in blocks, tree by tree, so a
 * tree's tables stay in cache across the block (all tables together are megabytes; row by row, every
 * lookup would miss the cache). Trees whose tables would be too large (deep trees) or not worth
 * building for the number of rows are left to Algorithm 2 (tree-shap.ts).
 */
import type { TreeEnsemble } from './tree-format.ts';

/** Longest distinct-feature path a table is built for: 2^d × d numbers per leaf. */
const MAX_TABLE_FEATURES = 10;
/** Table numbers kept at most per ensemble (64 MB of float64). */
const MAX_TABLE_NUMBERS = 8_000_000;

/** One tree in preorder, with what the per-row pass needs at each position. */
interface TreeLayout {
  node: number[];
  /** Position of the parent (-1 at the root). */
  parent: number[];
  /** 1 when this node is its parent's left child. */
  isLeft: number[];
  /** Bit of the parent's feature in the path's distinct-feature order (0 at the root). */
  edgeBit: number[];
  /** Leaves: distinct path features (in order of first use) and their cover shares z_j. */
  leaves: { pos: number; features: number[]; zero: number[] }[];
}

function treeLayout(e: TreeEnsemble, root: number): TreeLayout {
  const L: TreeLayout = { node: [], parent: [], isLeft: [], edgeBit: [], leaves: [] };
  const features: number[] = [];
  const zero: number[] = [];
  const walk = (node: number, parent: number, isLeft: number, edgeBit: number) => {
    const pos = L.node.length;
    L.node.push(node);
    L.parent.push(parent);
    L.isLeft.push(isLeft);
    L.edgeBit.push(edgeBit);
    const f = e.feature[node];
    if (f < 0) {
      L.leaves.push({ pos, features: [...features], zero: [...zero] });
      return;
    }
    let j = features.indexOf(f);
    const added = j < 0;
    if (added) {
      j = features.push(f) - 1;
      zero.push(1);
    }
    const z = zero[j];
    for (const [child, left] of [[e.left[node], 1], [e.right[node], 0]]) {
      zero[j] = z * (e.cover[node] > 0 ? e.cover[child] / e.cover[node] : 0);
      walk(child, pos, left, 1 << j);
    }
    zero[j] = z;
    if (added) {
      features.pop();
      zero.pop();
    }
  };
  walk(root, -1, 0, 0);
  return L;
}

function popcount(m: number): number {
  let c = 0;
  for (; m; m &= m - 1) c++;
  return c;
}

/** Row-major 2^d × d table of a leaf's contributions (times v) by pattern S, per path-feature index. */
function leafTable(zero: number[], v: number): Float64Array {
  const d = zero.length;
  const full = (1 << d) - 1;
  // w(t, d) = t!(d − t − 1)!/d!
  const fact = [1];
  for (let k = 1; k <= d; k++) fact.push(fact[k - 1] * k);
  const w = Array.from({ length: d }, (_, t) => (fact[t] * fact[d - t - 1]) / fact[d]);
  // Z[U] = Π_{k∈U} z_k
  const Z = new Float64Array(1 << d);
  Z[0] = 1;
  for (let m = 1; m <= full; m++) Z[m] = Z[m & (m - 1)] * zero[31 - Math.clz32(m & -m)];
  const table = new Float64Array((1 << d) * d);
  const hot = new Float64Array(d);
  for (let S = 0; S <= full; S++) {
    hot.fill(0);
    let cold = 0;
    // Every T ⊆ S (submask enumeration, T = S first, ending with the empty set).
    for (let T = S; ; T = (T - 1) & S) {
      const wt = w[popcount(T)];
      const rest = full & ~T;
      cold += wt * Z[rest];
      for (let j = 0; j < d; j++) if (((S & ~T) >> j) & 1) hot[j] += wt * Z[rest & ~(1 << j)];
      if (T === 0) break;
    }
    for (let j = 0; j < d; j++) table[S * d + j] = (S >> j) & 1 ? v * (1 - zero[j]) * hot[j] : -v * cold;
  }
  return table;
}

/** Precomputed tables of some trees of an ensemble, and the per-row pass over them. */
export class LeafPatternShap {
  /** Tree t's nodes in preorder at positions [treeStart[t], treeStart[t + 1]). */
  private readonly treeStart: Int32Array;
  private readonly node: Int32Array;
  private readonly parent: Int32Array;
  private readonly isLeft: Int32Array;
  private readonly edgeBit: Int32Array;
  /** Per position: the leaf's index (-1 for split nodes). */
  private readonly leafOf: Int32Array;
  /** Per leaf: its distinct features and table. */
  private readonly featStart: Int32Array;
  private readonly feats: Int32Array;
  private readonly tableStart: Float64Array;
  private readonly table: Float64Array;
  /** The input features the tabled trees split on; a block holds only these (sparse inputs stay small). */
  readonly usedFeatures: Int32Array;
  /** Per position: its feature's index in usedFeatures (split nodes). */
  private readonly usedIndex: Int32Array;
  /** Scratch per position: the row's pattern mask so far, and 1 when the row goes left there. */
  private readonly mask: Int32Array;
  private readonly goesLeft: Int32Array;

  private constructor(
    private readonly e: TreeEnsemble,
    layouts: TreeLayout[],
    tables: Float64Array[],
  ) {
    this.treeStart = new Int32Array(layouts.length + 1);
    layouts.forEach((l, t) => (this.treeStart[t + 1] = this.treeStart[t] + l.node.length));
    const offsetParents = layouts.flatMap((l, t) => l.parent.map((p) => (p < 0 ? -1 : p + this.treeStart[t])));
    this.node = Int32Array.from(layouts.flatMap((l) => l.node));
    this.parent = Int32Array.from(offsetParents);
    this.isLeft = Int32Array.from(layouts.flatMap((l) => l.isLeft));
    this.edgeBit = Int32Array.from(layouts.flatMap((l) => l.edgeBit));
    const leaves = layouts.flatMap((l, t) => l.leaves.map((leaf) => ({ ...leaf, pos: leaf.pos + this.treeStart[t] })));
    this.leafOf = new Int32Array(this.node.length).fill(-1);
    leaves.forEach((leaf, k) => (this.leafOf[leaf.pos] = k));
    this.featStart = new Int32Array(leaves.length + 1);
    this.tableStart = new Float64Array(leaves.length + 1);
    leaves.forEach((leaf, k) => {
      this.featStart[k + 1] = this.featStart[k] + leaf.features.length;
      this.tableStart[k + 1] = this.tableStart[k] + tables[k].length;
    });
    this.feats = Int32Array.from(leaves.flatMap((l) => l.features));
    this.table = new Float64Array(this.tableStart[leaves.length]);
    tables.forEach((t, k) => this.table.set(t, this.tableStart[k]));
    const used = [...new Set(Array.from(this.node, (n) => e.feature[n]).filter((f) => f >= 0))].sort((a, b) => a - b);
    this.usedFeatures = Int32Array.from(used);
    this.usedIndex = Int32Array.from(this.node, (n) => (e.feature[n] >= 0 ? used.indexOf(e.feature[n]) : -1));
    this.mask = new Int32Array(this.node.length);
    this.goesLeft = new Int32Array(this.node.length);
  }

  /**
   * Tables for the trees (by root) where they pay off for `nRows` rows (always, when `always`) and fit
   * the memory budget; `rest` receives the roots left to Algorithm 2.
   */
  static build(e: TreeEnsemble, nRows: number, rest: number[], always = false): LeafPatternShap | null {
    const layouts: TreeLayout[] = [];
    const tables: Float64Array[] = [];
    let numbers = 0;
    for (let t = 0; t < e.roots.length; t++) {
      const root = e.roots[t];
      const layout = treeLayout(e, root);
      // Rough costs in inner-loop steps: building the tables once vs Algorithm 2's per-row work.
      let build = 0;
      let size = 0;
      let perRowAlg2 = 0;
      let tooDeep = false;
      for (const leaf of layout.leaves) {
        const d = leaf.features.length;
        if (d > MAX_TABLE_FEATURES) tooDeep = true;
        build += (d + 3) * 3 ** d;
        size += (1 << d) * d;
        perRowAlg2 += 4 * d * d;
      }
      const perRow = 2 * layout.node.length + size / (1 << 3);
      const paysOff = always || build + nRows * perRow < nRows * perRowAlg2;
      if (tooDeep || numbers + size > MAX_TABLE_NUMBERS || !paysOff) {
        rest.push(root);
        continue;
      }
      numbers += size;
      layouts.push(layout);
      for (const leaf of layout.leaves) tables.push(leafTable(leaf.zero, e.value[layout.node[leaf.pos]] * e.scale));
    }
    return layouts.length > 0 ? new LeafPatternShap(e, layouts, tables) : null;
  }

  /**
   * Adds the SHAP values of a block of rows over the tabled trees: row r's used features are
   * block[r·nUsed ..], its outputs phi[phiOff + r·nOut + groupOf[f]].
   */
  explainBlock(block: Float64Array, nRows: number, phi: Float64Array, phiOff: number, nOut: number, groupOf: Int32Array): void {
    const { threshold, missingLeft } = this.e;
    const { treeStart, node, parent, isLeft, edgeBit, leafOf, featStart, feats, tableStart, table, usedIndex, mask, goesLeft } = this;
    const nUsed = this.usedFeatures.length;
    const outOf = Int32Array.from(feats, (f) => groupOf[f]);
    for (let t = 0; t + 1 < treeStart.length; t++) {
      const p0 = treeStart[t];
      const p1 = treeStart[t + 1];
      for (let r = 0; r < nRows; r++) {
        const x0 = r * nUsed;
        const out = phiOff + r * nOut;
        mask[p0] = -1;
        for (let p = p0; p < p1; p++) {
          if (p > p0) {
            // The pattern loses the parent's feature bit where the row leaves the path.
            const q = parent[p];
            mask[p] = mask[q] & ~(edgeBit[p] & -(goesLeft[q] ^ isLeft[p]));
          }
          const leaf = leafOf[p];
          if (leaf < 0) {
            const n = node[p];
            const x = block[x0 + usedIndex[p]];
            goesLeft[p] = (x !== x ? !!(missingLeft && missingLeft[n]) : x <= threshold[n]) ? 1 : 0;
          } else {
            const f0 = featStart[leaf];
            const d = featStart[leaf + 1] - f0;
            const base = tableStart[leaf] + (mask[p] & ((1 << d) - 1)) * d;
            for (let j = 0; j < d; j++) phi[out + outOf[f0 + j]] += table[base + j];
          }
        }
      }
    }
  }
}
