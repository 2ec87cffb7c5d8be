/**
 * The flat tree-ensemble format every tree explainer and scorer here reads: all trees' nodes in shared
 * typed arrays (serialisable, transferable), tree t starting at node roots[t]. Child indices are
 * absolute; leaves have feature -1. A row goes left when its value ≤ threshold, and a missing value
 * (NaN) goes left when missingLeft is 1.
 *
 * The model output is `base + scale · Σ_t leaf_t(x)` on the margin scale: log-odds for gradient
 * boosting (scale 1), probabilities for a random forest (scale 1/nTrees, link identity).
 * This is the same layout as src/ml/forest's RandomForestState (which lacks missingLeft: no missing values).
 */
export interface TreeEnsemble {
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  /** Optional: absent means missing values go right (never happens for models trained without them). */
  missingLeft?: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  /** Training rows (or weight) reaching each node; the path-dependent TreeSHAP weights. */
  cover: Float64Array;
  base: number;
  scale: number;
  /** How the margin maps to the score: 'logit' → sigmoid, 'identity' → as is. */
  link: 'logit' | 'identity';
}

/** Leaf reached by row `row` (a dense feature vector) in the tree rooted at `root`. */
export function leafOf(e: TreeEnsemble, root: number, row: ArrayLike<number>): number {
  const { feature, threshold, left, right, missingLeft } = e;
  let node = root;
  for (let f = feature[node]; f >= 0; f = feature[node]) {
    const v = row[f];
    if (v !== v) node = missingLeft && missingLeft[node] ? left[node] : right[node];
    else node = v <= threshold[node] ? left[node] : right[node];
  }
  return node;
}

/** The margin (before the link) of one dense row. */
export function ensembleMargin(e: TreeEnsemble, row: ArrayLike<number>): number {
  let s = 0;
  for (let t = 0; t < e.roots.length; t++) s += e.value[leafOf(e, e.roots[t], row)];
  return e.base + e.scale * s;
}

export function applyLink(link: TreeEnsemble['link'], margin: number): number {
  return link === 'logit' ? 1 / (1 + Math.exp(-margin)) : margin;
}

/** Margins of every row of a dense row-major n × d matrix. */
export function ensembleMargins(e: TreeEnsemble, X: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ensembleMargin(e, X.subarray(i * d, (i + 1) * d));
  return out;
}

/** Random forest state (src/ml/forest) as an ensemble: the mean of the trees' leaf shares. */
export function forestEnsemble(state: {
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  cover: Float64Array;
}): TreeEnsemble {
  const nTrees = state.roots.length;
  return {
    roots: state.roots,
    feature: state.feature,
    threshold: state.threshold,
    left: state.left,
    right: state.right,
    value: state.value,
    cover: state.cover,
    base: 0,
    scale: nTrees > 0 ? 1 / nTrees : 0,
    link: 'identity',
  };
}
