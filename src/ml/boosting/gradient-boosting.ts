/**
 * Histogram gradient boosting for binary classification (log loss), after scikit-learn's
 * HistGradientBoostingClassifier and LightGBM: features binned once (≤ 255 bins + a missing bin),
 * trees grown best-first on gradient/hessian histograms, shrinkage by the learning rate, L2 on leaf
 * values, optional early stopping on a seeded stratified validation split, row weights (class weights
 * are folded in by the caller).
 *
 * The fitted state is a flat TreeEnsemble (src/ml/explain/tree-format.ts) on the log-odds scale, so the
 * scorer and TreeSHAP read it directly.
 */
import { createRng } from '../../core/rng.ts';
import type { FeatureMatrix } from '../features/featurizer.ts';
import { trainTestSplitIndices } from '../split/stratified-split.ts';
import type { TreeEnsemble } from '../explain/tree-format.ts';
import { binRows, fitBinMapper } from './bin-mapper.ts';
import { HistogramTreeGrower, histogramsNeeded, type GrownTree } from './histogram-tree.ts';
import { createBoostingArena } from './kernel-arena.ts';

export interface GradientBoostingOptions {
  /** Number of boosting iterations (trees). */
  maxIter: number;
  learningRate: number;
  /** 0 = no depth limit (then maxLeaves limits the tree). */
  maxDepth: number;
  maxLeaves: number;
  minSamplesLeaf: number;
  l2: number;
  maxBins?: number;
  earlyStopping: boolean;
  validationFraction?: number;
  nIterNoChange?: number;
  /** Minimum validation-loss improvement that counts. */
  tol?: number;
  seed: number;
  /** Row weights (times class weights). */
  sampleWeight?: Float64Array;
  /** Use the JavaScript kernels even where WebAssembly SIMD is available (tests compare the two). */
  javascriptKernels?: boolean;
  /** Called after each tree; await it (checkpoint, progress). */
  onIteration?: (info: { iteration: number; validLoss?: number }) => void | Promise<void>;
}

export const GRADIENT_BOOSTING_DEFAULTS: Omit<GradientBoostingOptions, 'seed'> = {
  maxIter: 200,
  learningRate: 0.1,
  maxDepth: 6,
  maxLeaves: 31,
  minSamplesLeaf: 20,
  l2: 0,
  maxBins: 255,
  earlyStopping: false,
  validationFraction: 0.1,
  nIterNoChange: 10,
  tol: 1e-7,
};

export interface GradientBoostingState extends TreeEnsemble {
  nTrees: number;
  /** Total split gain per feature, normalised to sum 1. */
  importances: Float64Array;
  /** Iterations kept (early stopping keeps the best). */
  bestIteration: number;
  /** Validation log loss per iteration (empty without early stopping). */
  validLoss: number[];
  /** Which kernels grew the trees: 'wasm' (WebAssembly SIMD) or 'js' (the fallback; same model). */
  kernels: 'wasm' | 'js';
}

function logLossOf(raw: Float64Array, y: Uint8Array, w: Float64Array | undefined, rows: ArrayLike<number>): number {
  let s = 0;
  let sw = 0;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    const wi = w ? w[i] : 1;
    const z = raw[r];
    // log(1 + e^{-z}) for y=1, log(1 + e^{z}) for y=0, computed stably
    const m = y[i] === 1 ? -z : z;
    s += wi * (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m)));
    sw += wi;
  }
  return sw > 0 ? s / sw : 0;
}

/** Adds a grown tree's leaf values to `raw` for rows given by their slots (validation rows). */
function addTreeBySlots(t: GrownTree, slots: Int32Array, d: number, m: number, slotStart: Int32Array, nBins: Int32Array, raw: Float64Array): void {
  for (let r = 0; r < m; r++) {
    let node = 0;
    for (let f = t.feature[node]; f >= 0; f = t.feature[node]) {
      const slot = slots[r * d + f];
      const goLeft = slot === slotStart[f] + nBins[f] ? t.missingLeft[node] === 1 : slot <= slotStart[f] + t.bin[node];
      node = goLeft ? t.left[node] : t.right[node];
    }
    raw[r] += t.value[node];
  }
}

export async function fitGradientBoosting(m: FeatureMatrix, y: Uint8Array, options: Partial<GradientBoostingOptions> & { seed: number }): Promise<GradientBoostingState> {
  const o: GradientBoostingOptions = { ...GRADIENT_BOOSTING_DEFAULTS, ...options };
  const { n, d, X } = m;
  if (m.sparse && m.sparse.nCols > 0) {
    throw new Error('Gradient boosting takes dense features only; leave sparse text features out or use logistic regression for them.');
  }
  if (y.length !== n) throw new Error(`Labels (${y.length}) and rows (${n}) differ in length.`);
  if (!(o.learningRate > 0)) throw new Error(`The learning rate must be above 0 (got ${o.learningRate}).`);
  const w = o.sampleWeight;

  // Seeded stratified validation split for early stopping.
  let trainRows: Uint32Array;
  let validRows: Uint32Array = new Uint32Array(0);
  if (o.earlyStopping) {
    const strata = new Int32Array(n);
    for (let i = 0; i < n; i++) strata[i] = y[i];
    const split = trainTestSplitIndices(n, o.validationFraction ?? 0.1, createRng(o.seed), strata);
    trainRows = split.train;
    validRows = split.test;
  } else {
    trainRows = new Uint32Array(n);
    for (let i = 0; i < n; i++) trainRows[i] = i;
  }
  const nt = trainRows.length;

  const mapper = fitBinMapper(X, n, d, o.maxBins ?? 255, trainRows);
  const slots = binRows(mapper, X, d, trainRows);
  const validSlots = binRows(mapper, X, d, validRows);

  // Local arrays indexed by position in trainRows.
  const yt = new Uint8Array(nt);
  const wt = w ? new Float64Array(nt) : undefined;
  let sw = 0;
  let swy = 0;
  for (let r = 0; r < nt; r++) {
    const i = trainRows[r];
    yt[r] = y[i];
    const wi = w ? w[i] : 1;
    if (wt) wt[r] = wi;
    sw += wi;
    swy += wi * y[i];
  }
  const prior = Math.min(1 - 1e-15, Math.max(1e-15, sw > 0 ? swy / sw : 0.5));
  const base = Math.log(prior / (1 - prior));

  const growth = {
    maxLeaves: o.maxLeaves,
    maxDepth: o.maxDepth,
    minSamplesLeaf: Math.max(1, o.minSamplesLeaf),
    l2: o.l2,
    learningRate: o.learningRate,
    minHessian: 1e-3,
  };
  const arena = createBoostingArena(mapper, slots, nt, yt, wt, histogramsNeeded(growth, nt), o.javascriptKernels);
  arena.f64.fill(Math.exp(-base), arena.expNegRawAt >> 3, (arena.expNegRawAt >> 3) + nt);
  const grower = new HistogramTreeGrower(mapper, arena);
  const validRaw = new Float64Array(validRows.length).fill(base);

  const trees: GrownTree[] = [];
  const validLoss: number[] = [];
  let bestIteration = 0;
  let bestLoss = Infinity;
  const patience = o.nIterNoChange ?? 10;
  const tol = o.tol ?? 1e-7;
  for (let it = 0; it < o.maxIter; it++) {
    const tree = grower.grow(growth);
    trees.push(tree);
    let vl: number | undefined;
    if (o.earlyStopping && validRows.length > 0) {
      addTreeBySlots(tree, validSlots, d, validRows.length, mapper.slotStart, mapper.nBins, validRaw);
      vl = logLossOf(validRaw, y, w, validRows);
      validLoss.push(vl);
      if (vl < bestLoss - tol) {
        bestLoss = vl;
        bestIteration = it + 1;
      }
    }
    await o.onIteration?.({ iteration: it + 1, validLoss: vl });
    if (o.earlyStopping && validRows.length > 0 && it + 1 - bestIteration >= patience) break;
  }
  const kept = o.earlyStopping && validRows.length > 0 ? Math.max(1, bestIteration) : trees.length;
  return { ...assembleEnsemble(trees.slice(0, kept), mapper, base, d, validLoss), kernels: arena.kernels.kind };
}

function assembleEnsemble(trees: GrownTree[], mapper: ReturnType<typeof fitBinMapper>, base: number, d: number, validLoss: number[]): Omit<GradientBoostingState, 'kernels'> {
  const total = trees.reduce((s, t) => s + t.feature.length, 0);
  const st: Omit<GradientBoostingState, 'kernels'> = {
    nTrees: trees.length,
    roots: new Int32Array(trees.length),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    missingLeft: new Uint8Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    value: new Float64Array(total),
    cover: new Float64Array(total),
    base,
    scale: 1,
    link: 'logit',
    importances: new Float64Array(d),
    bestIteration: trees.length,
    validLoss,
  };
  let off = 0;
  trees.forEach((t, ti) => {
    st.roots[ti] = off;
    for (let k = 0; k < t.feature.length; k++) {
      const f = t.feature[k];
      st.feature[off + k] = f;
      if (f >= 0) {
        const b = t.bin[k];
        // "bin ≤ b" ⇔ "value ≤ threshold"; the last present bin means "every present value".
        st.threshold[off + k] = b < mapper.nBins[f] - 1 ? mapper.thresholds[mapper.thrStart[f] + b] : Infinity;
        st.importances[f] += t.gain[k];
      }
      st.missingLeft![off + k] = t.missingLeft[k];
      st.left[off + k] = t.left[k] >= 0 ? off + t.left[k] : -1;
      st.right[off + k] = t.right[k] >= 0 ? off + t.right[k] : -1;
    }
    st.value.set(t.value, off);
    st.cover.set(t.count, off);
    off += t.feature.length;
  });
  let s = 0;
  for (let f = 0; f < d; f++) s += st.importances[f];
  if (s > 0) for (let f = 0; f < d; f++) st.importances[f] /= s;
  return st;
}

// Scoring lives in boosting-scorer.ts: hosts that only describe the node (the designer's main thread) import
// the scorer without the training code.
export { gradientBoostingMargins, gradientBoostingScorer, predictGradientBoosting } from './boosting-scorer.ts';

