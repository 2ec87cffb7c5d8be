/**
 * SHAP values for any model kind, picking the exact method where one exists: TreeSHAP for tree
 * ensembles (gradient boosting, random forest), linear SHAP for logistic regression, otherwise
 * permutation sampling with a time budget. Returns the explanation document's numeric core.
 */
import type { Model } from '../../core/ports.ts';
import type { Rng } from '../../core/rng.ts';
import type { FeatureMatrix } from '../features/featurizer.ts';
import { getScorer } from '../models/scorers.ts';
import type { LinearModelState } from '../models/scorers.ts';
import { forestEnsemble, type TreeEnsemble } from './tree-format.ts';
import { treeShap, type RowSource } from './tree-shap.ts';
import { linearShap } from './linear-shap.ts';
import { samplingShap } from './sampling-shap.ts';

export type ShapMethod = 'tree' | 'linear' | 'sampling';

/** The model as a tree ensemble, when it is one. */
export function treeEnsembleOf(model: Model): TreeEnsemble | undefined {
  const s = model.state as Record<string, unknown>;
  if (!(s.roots instanceof Int32Array) || !(s.feature instanceof Int32Array) || !(s.cover instanceof Float64Array)) return undefined;
  if (model.kind === 'random-forest') return forestEnsemble(s as unknown as Parameters<typeof forestEnsemble>[0]);
  if (typeof s.base === 'number' && typeof s.scale === 'number' && (s.link === 'logit' || s.link === 'identity')) return s as unknown as TreeEnsemble;
  return undefined;
}

export function linearStateOf(model: Model): LinearModelState | undefined {
  const s = model.state as Record<string, unknown>;
  return s.coef instanceof Float64Array && typeof s.intercept === 'number' ? (s as unknown as LinearModelState) : undefined;
}

export function defaultMethod(model: Model): ShapMethod {
  if (treeEnsembleOf(model)) return 'tree';
  if (model.kind === 'logistic-regression' && linearStateOf(model)) return 'linear';
  return 'sampling';
}

/** Dense and sparse parts of a feature matrix as a row source for TreeSHAP. */
export function matrixRows(m: FeatureMatrix): RowSource {
  const sp = m.sparse;
  return {
    n: m.n,
    nFeatures: m.d + (sp?.nCols ?? 0),
    fill(i, out) {
      out.set(m.X.subarray(i * m.d, i * m.d + m.d));
      if (sp) for (let k = sp.indptr[i]; k < sp.indptr[i + 1]; k++) out[m.d + sp.indices[k]] = sp.values[k];
    },
    clear(i, out) {
      if (sp) for (let k = sp.indptr[i]; k < sp.indptr[i + 1]; k++) out[m.d + sp.indices[k]] = 0;
    },
  };
}

export interface ExplainCoreResult {
  method: ShapMethod;
  outputScale: 'log-odds' | 'probability';
  values: Float64Array;
  expectedValue: number;
  note?: string;
}

export function explainMatrix(
  model: Model,
  m: FeatureMatrix,
  groupOf: Int32Array,
  nOut: number,
  o: { method: ShapMethod; rng: Rng; timeBudgetMs: number; backgroundRows: number },
): ExplainCoreResult {
  if (o.method === 'tree') {
    const e = treeEnsembleOf(model);
    if (!e) throw new Error(`TreeSHAP needs a tree model; "${model.kind}" is not one. Choose Automatic or Sampling.`);
    const r = treeShap(e, matrixRows(m), { groupOf, nOut });
    return { method: 'tree', outputScale: e.link === 'logit' ? 'log-odds' : 'probability', values: r.values, expectedValue: r.expectedValue };
  }
  if (o.method === 'linear') {
    const s = linearStateOf(model);
    if (!s) throw new Error(`Linear SHAP needs a linear model; "${model.kind}" is not one. Choose Automatic or Sampling.`);
    const r = linearShap(m, s.coef, s.intercept, groupOf, nOut);
    return { method: 'linear', outputScale: 'log-odds', values: r.values, expectedValue: r.expectedValue };
  }
  if (m.sparse && m.sparse.nCols > 0) {
    throw new Error('Sampling SHAP works on models without text features; use logistic regression or tree models for text.');
  }
  const scorer = getScorer(model.kind);
  const d = m.d;
  const nb = Math.min(o.backgroundRows, m.n);
  // Background: evenly spaced rows of the explained table (deterministic and spread out).
  const background = new Float64Array(nb * d);
  for (let k = 0; k < nb; k++) {
    const i = Math.floor((k * m.n) / nb);
    background.set(m.X.subarray(i * d, i * d + d), k * d);
  }
  const predict = (rows: Float64Array, count: number) => scorer(model, { n: count, d, X: rows, names: m.names });
  const r = samplingShap({ X: m.X, n: m.n, d, background, nb, groupOf, nOut, predict, rng: o.rng, timeBudgetMs: o.timeBudgetMs });
  return {
    method: 'sampling',
    outputScale: 'probability',
    values: r.values,
    expectedValue: r.expectedValue,
    note: `${r.permutations} permutations per row over ${nb} background rows (time budget ${o.timeBudgetMs} ms).`,
  };
}
