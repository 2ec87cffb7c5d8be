import type { RunArgs, RunOutputs } from '../../src/core/node-definition.ts';
import { NodeError } from '../../src/core/errors.ts';
import { withColumns } from '../../src/core/table/table.ts';
import { kmeans as kmeansClustering, orderBySize } from '../../src/ml/cluster/kmeans.ts';
import { applyFeaturizer, fitFeaturizer } from '../../src/ml/features/featurizer.ts';
import { fingerprintTable } from '../../src/ml/models/fingerprint.ts';
import type { Model } from '../../src/core/ports.ts';
import type { KMeansModelState } from '../../src/export/onnx/export-kmeans.ts';
import { clusterColumn, clusterNames, standardizeRows } from './assign.ts';
import { type description, KMEANS_MODEL_KIND, defaultFeatures } from './index.ts';

export async function run({ inputs, params, ctx }: RunArgs<typeof description>): Promise<RunOutputs<typeof description>> {
  const t = inputs.table;
  const features = params.features.length ? params.features : defaultFeatures(t.columns, params.outputColumn);
  if (features.length === 0) throw new NodeError('No numeric feature column found: choose the features to cluster on.', { field: 'features' });
  const spec = fitFeaturizer(t, features, { includeSparse: false });
  const m = applyFeaturizer(spec, t);
  const { n, d } = m;
  if (params.k > n) throw new NodeError(`k = ${params.k} clusters needs at least ${params.k} rows; the input has ${n}.`, { field: 'k' });
  // Column means and standard deviations (population, as scikit-learn's StandardScaler).
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += m.X[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j] += (m.X[i * d + j] - mean[j]) ** 2;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j] / n) || 1;
  const X = params.standardize ? standardizeRows(m.X, d, mean, std) : m.X;
  const res = orderBySize(
    await kmeansClustering(X, n, d, {
      k: params.k,
      nInit: params.nInit,
      maxIter: params.maxIter,
      tol: params.tol,
      rng: ctx.rng,
      pause: async (f) => {
        ctx.progress(f, 'k-means restarts');
        await ctx.checkpoint();
      },
    }),
    d,
  );
  const names = clusterNames(params.k);
  const cluster = clusterColumn(params.outputColumn, res.labels, params.k);
  // Profile in original units: mean of every feature per cluster.
  const sums = new Float64Array(params.k * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sums[res.labels[i] * d + j] += m.X[i * d + j];
  const clusters = names.map((name, c) => ({
    cluster: name,
    size: res.sizes[c],
    share: res.sizes[c] / n,
    means: Object.fromEntries(m.names.map((f, j) => [f, sums[c * d + j] / Math.max(1, res.sizes[c])])),
    /** Centre in standard deviations from the overall mean (for heat maps). */
    z: Object.fromEntries(m.names.map((f, j) => [f, (sums[c * d + j] / Math.max(1, res.sizes[c]) - mean[j]) / std[j]])),
  }));
  const empty = clusters.filter((c) => c.size === 0).length;
  if (empty) ctx.log(`${empty} cluster(s) ended up empty; try a smaller k.`, 'warn');
  ctx.log(`k-means: inertia ${res.inertia.toFixed(3)} after ${res.nIter} iteration(s) (best of ${params.nInit}).`);
  const hyperParams = { k: params.k, standardize: params.standardize, nInit: params.nInit, maxIter: params.maxIter, tol: params.tol, seed: ctx.seed, outputColumn: params.outputColumn };
  const state: KMeansModelState = {
    centers: res.centers,
    ...(params.standardize ? { standardize: { mean, std } } : {}),
    inertia: res.inertia,
    iterations: res.nIter,
  };
  const model: Model = {
    kind: KMEANS_MODEL_KIND,
    hyperParams,
    featureNames: m.names,
    featurizer: spec,
    state: state as unknown as Record<string, unknown>,
    // No outcome is predicted: the "target" is the column the assignment writes, with no positive class.
    target: { column: params.outputColumn, positive: '' },
    fingerprint: fingerprintTable(t, { kind: KMEANS_MODEL_KIND, hyperParams, features }),
    trainedAt: new Date().toISOString(),
    metrics: { inertia: res.inertia },
  };
  return {
    model,
    table: withColumns(t, [cluster]),
    profile: {
      kind: 'cluster-profile',
      title: `K-means profile (k = ${params.k})`,
      data: {
        k: params.k,
        features: m.names,
        standardized: params.standardize,
        inertia: res.inertia,
        iterations: res.nIter,
        overall: { means: Object.fromEntries(m.names.map((f, j) => [f, mean[j]])), std: Object.fromEntries(m.names.map((f, j) => [f, std[j]])) },
        clusters,
      },
    },
  };
}
