/**
 * Random forest classifier (binary), after scikit-learn's RandomForestClassifier: bootstrap samples,
 * `max_features` drawn per split, fully grown Gini trees by default, probability = mean of the trees'
 * leaf shares, impurity-based feature importances (each tree's normalised, then averaged).
 *
 * Training is split into chunks of trees (`growTrees`, a pure kernel) so a node can run them on several
 * workers; `fitRandomForest` runs the chunks here unless given a runner.
 */
import type { FeatureMatrix } from '../features/featurizer.ts';
import { createRng } from '../../core/rng.ts';
import { binMatrix, type BinnedMatrix } from './binned-matrix.ts';
import { growTrees, type ForestData, type ForestScoreRows, type GrowTreesResult, type GrowTreesTask } from './grow-trees.ts';

export type MaxFeatures = 'sqrt' | 'log2' | 'all' | number;

export interface RandomForestOptions {
  nTrees: number;
  /** 0 = grow until pure (scikit-learn's None). */
  maxDepth: number;
  /** 'sqrt' | 'log2' | 'all', or a fraction in (0, 1] of the features. */
  maxFeatures: MaxFeatures;
  minSamplesLeaf: number;
  minSamplesSplit?: number;
  bootstrap: boolean;
  seed: number;
  /** Row weights (reweighing, class weights); multiplied into the bootstrap counts. */
  sampleWeight?: Float64Array;
}

/** All trees flattened into shared arrays (serialisable, transferable). Tree t starts at roots[t]. */
export interface RandomForestState {
  nTrees: number;
  roots: Int32Array;
  /** -1 marks a leaf. Feature indices run over [dense | sparse] columns. */
  feature: Int32Array;
  /** Go left when value ≤ threshold. */
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  cover: Float64Array;
  importances: Float64Array;
}

/** scikit-learn's rule for the number of features tried per split. */
export function resolveMtry(maxFeatures: MaxFeatures, nFeatures: number): number {
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(nFeatures)));
  if (maxFeatures === 'all') return nFeatures;
  return Math.max(1, Math.floor(maxFeatures * nFeatures));
}

export interface ForestPlan {
  binned: BinnedMatrix;
  /** What all tasks grow from (ctx.parallel's shared data). */
  data: ForestData;
  tasks: GrowTreesTask[];
}

/**
 * Bins the matrix once and splits the trees into `chunks` kernel tasks with their own seeds;
 * `score`: rows the tasks also score with their trees.
 */
export function planForest(m: FeatureMatrix, y: Uint8Array, o: RandomForestOptions, chunks: number, score?: FeatureMatrix): ForestPlan {
  if (y.length !== m.n) throw new Error(`Labels (${y.length}) and rows (${m.n}) differ in length.`);
  const binned = binMatrix(m);
  const rng = createRng(o.seed);
  const seeds = Array.from({ length: o.nTrees }, () => Math.floor(rng.next() * 4294967296));
  const nChunks = Math.max(1, Math.min(chunks, o.nTrees));
  const params = {
    maxDepth: o.maxDepth,
    minSamplesLeaf: o.minSamplesLeaf,
    minSamplesSplit: o.minSamplesSplit ?? 2,
    mtry: resolveMtry(o.maxFeatures, binned.nFeatures),
    bootstrap: o.bootstrap,
  };
  const { nRows, nFeatures, rowptr, rowEntries, zeroCode } = binned;
  const data: ForestData = { matrix: { nRows, nFeatures, rowptr, rowEntries, zeroCode }, y, params, ...(o.sampleWeight ? { rowWeights: o.sampleWeight } : {}) };
  if (score) data.score = scoreRowsOf(score, binned);
  const tasks: GrowTreesTask[] = [];
  for (let c = 0; c < nChunks; c++) {
    const a = Math.floor((c * o.nTrees) / nChunks);
    const b = Math.floor(((c + 1) * o.nTrees) / nChunks);
    tasks.push({ seeds: seeds.slice(a, b) });
  }
  return { binned, data, tasks };
}

/** Joins the chunks' trees, turning bin-code splits into value thresholds. */
export function assembleForest(binned: BinnedMatrix, results: GrowTreesResult[]): RandomForestState {
  const trees = results.flatMap((r) => r.trees);
  const total = trees.reduce((s, t) => s + t.feature.length, 0);
  const state: RandomForestState = {
    nTrees: trees.length,
    roots: new Int32Array(trees.length),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    value: new Float64Array(total),
    cover: new Float64Array(total),
    importances: new Float64Array(binned.nFeatures),
  };
  let off = 0;
  trees.forEach((t, ti) => {
    state.roots[ti] = off;
    for (let k = 0; k < t.feature.length; k++) {
      const f = t.feature[k];
      state.feature[off + k] = f;
      state.threshold[off + k] = f >= 0 ? binned.thresholds[binned.thrStart[f] + t.code[k]] : 0;
      state.left[off + k] = t.left[k] >= 0 ? off + t.left[k] : -1;
      state.right[off + k] = t.right[k] >= 0 ? off + t.right[k] : -1;
    }
    state.value.set(t.value, off);
    state.cover.set(t.cover, off);
    off += t.feature.length;
  });
  for (const r of results) for (let f = 0; f < binned.nFeatures; f++) state.importances[f] += r.importanceSum[f];
  let s = 0;
  for (let f = 0; f < binned.nFeatures; f++) s += state.importances[f];
  if (s > 0) for (let f = 0; f < binned.nFeatures; f++) state.importances[f] /= s;
  return state;
}

function scoreRowsOf(m: FeatureMatrix, binned: BinnedMatrix): ForestScoreRows {
  if (m.d + (m.sparse?.nCols ?? 0) !== binned.nFeatures) {
    throw new Error(`The rows to score have ${m.d + (m.sparse?.nCols ?? 0)} features; the forest is trained on ${binned.nFeatures}.`);
  }
  const rows: ForestScoreRows = { n: m.n, d: m.d, X: m.X, thrStart: binned.thrStart, thresholds: binned.thresholds };
  if (m.sparse) rows.sparse = { indptr: m.sparse.indptr, indices: m.sparse.indices, values: m.sparse.values };
  return rows;
}

/** Runs the kernel tasks over the shared data (e.g. `ctx.parallel`); default: here, one by one. */
export type ForestTaskRunner = (tasks: GrowTreesTask[], data: ForestData) => Promise<GrowTreesResult[]>;

/**
 * Trains a forest and scores `score`'s rows in the same parallel tasks (each task scores its own
 * trees); the scores equal predictForest's on the returned state bit for bit.
 */
export async function fitAndScoreRandomForest(
  m: FeatureMatrix,
  y: Uint8Array,
  o: RandomForestOptions,
  score: FeatureMatrix,
  run?: ForestTaskRunner,
  chunks = 4,
): Promise<{ state: RandomForestState; scores: Float64Array }> {
  const { state, results } = await growForest(m, y, o, run, chunks, score);
  // Sum each row's leaf values tree by tree, in the forest's tree order, as predictForest does.
  const n = score.n;
  const sums = new Float64Array(n);
  for (const r of results) {
    const lv = r.leafValues!;
    for (let t = 0; t < r.trees.length; t++) for (let i = 0; i < n; i++) sums[i] += lv[t * n + i];
  }
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) scores[i] = state.nTrees > 0 ? sums[i] / state.nTrees : 0;
  return { state, scores };
}

/** Trains a forest; `run` executes the kernel tasks (e.g. `ctx.parallel`), default: here, one by one. */
export async function fitRandomForest(m: FeatureMatrix, y: Uint8Array, o: RandomForestOptions, run?: ForestTaskRunner, chunks = 4): Promise<RandomForestState> {
  return (await growForest(m, y, o, run, chunks)).state;
}

async function growForest(m: FeatureMatrix, y: Uint8Array, o: RandomForestOptions, run: ForestTaskRunner | undefined, chunks: number, score?: FeatureMatrix) {
  const plan = planForest(m, y, o, run ? chunks : 1, score);
  const results = run ? await run(plan.tasks, plan.data) : plan.tasks.map((t) => growTrees(t, plan.data));
  return { state: assembleForest(plan.binned, results), results };
}

/**
 * The forest for scoring: 16 bytes per node in one buffer, threshold (f64) then feature and left child
 * (i32; the right child is left + 1, as the trees are grown), so each step down a tree reads one cache
 * line instead of four arrays. Built once per state (a state is treated as immutable).
 */

// Scoring lives in forest-scorer.ts: hosts that only describe the node (the designer's main thread) import
// the scorer without the training code.
export { predictForest, randomForestScorer } from './forest-scorer.ts';

