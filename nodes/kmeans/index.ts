import { NodeError } from '../../src/core/errors.ts';
import { defineNode } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import { withColumns, type ColumnSchema } from '../../src/core/table/table.ts';
import { kmeans as kmeansClustering, orderBySize } from '../../src/ml/cluster/kmeans.ts';
import { applyFeaturizer, fitFeaturizer, suggestFeatureColumns } from '../../src/ml/features/featurizer.ts';
import { fingerprintTable } from '../../src/ml/models/fingerprint.ts';
import type { Model } from '../../src/core/ports.ts';
// Type only: the ONNX export (and protobufjs) stays out of the node's bundle.
import type { KMeansModelState } from '../../src/export/onnx/export-kmeans.ts';

/** The `model` output's kind (KMEANS_MODEL_KIND of src/export/onnx/export-kmeans.ts). */
const KMEANS_MODEL_KIND = 'kmeans';

const NUMERIC = new Set(['number', 'integer', 'boolean']);

function defaultFeatures(columns: ReadonlyArray<Pick<ColumnSchema, 'name' | 'type' | 'role'>>, out: string): string[] {
  return suggestFeatureColumns(columns, [out]).filter((n) => NUMERIC.has(columns.find((c) => c.name === n)!.type));
}

import { clusterColumn, clusterNames, standardizeRows } from './assign.ts';

export const kmeans = defineNode({
  type: 'kmeans',
  version: 1,
  title: 'K-means clusters',
  phase: 'modeling',
  category: 'Clustering',
  summary: 'Groups similar rows into k clusters and adds a cluster column, with a profile of each cluster.',
  inputs: { table: { type: 'table', label: 'Table' } },
  outputs: {
    table: { type: 'table', label: 'Table with clusters' },
    profile: { type: 'report', label: 'Cluster profile' },
    /**
     * The fitted assignment (featurizer, standardisation, centres): saved and exported to ONNX like the
     * other models. It has no probability scorer: a cluster is not a positive-class probability.
     */
    model: { type: 'model', label: 'K-means model' },
  },
  params: {
    features: param.columns({
      from: 'table',
      types: ['number', 'integer', 'boolean', 'category'],
      label: 'Features',
      help: 'Columns that describe each person (e.g. objective capability metrics). Empty: every numeric feature column.',
    }),
    k: param.integer({ default: 4, min: 1, max: 50, label: 'Number of clusters (k)' }),
    standardize: param.boolean({
      default: true,
      label: 'Standardise features',
      help: 'Put every feature on the same scale first (mean 0, standard deviation 1) so large-valued columns do not dominate.',
    }),
    nInit: param.integer({ default: 10, min: 1, max: 100, label: 'Restarts', help: 'Runs k-means this many times from different starts and keeps the best.', advanced: true }),
    maxIter: param.integer({ default: 300, min: 1, max: 10000, label: 'Max iterations', advanced: true }),
    tol: param.number({ default: 1e-4, min: 0, label: 'Tolerance', help: 'Stops when the centres move less than this (relative to the data’s variance).', advanced: true }),
    outputColumn: param.string({ default: 'cluster', required: true, maxLength: 100, label: 'Cluster column name', advanced: true }),
  },
  schema({ inputs, params }) {
    if (!inputs.table) return {};
    const cluster: ColumnSchema = { name: params.outputColumn, type: 'category', role: 'group', categories: clusterNames(params.k) };
    const columns = inputs.table.columns.filter((c) => c.name !== params.outputColumn).concat(cluster);
    if (params.features.length === 0 && defaultFeatures(inputs.table.columns, params.outputColumn).length === 0) {
      throw new Error('No numeric feature column found: choose the features to cluster on.');
    }
    const featureNames = params.features.length ? params.features : defaultFeatures(inputs.table.columns, params.outputColumn);
    const model = { kind: KMEANS_MODEL_KIND, features: featureNames.flatMap((n) => inputs.table!.columns.filter((c) => c.name === n)) };
    return { table: { ...inputs.table, columns }, profile: { kind: 'cluster-profile' }, model };
  },
  // Scoring pipelines label new rows with the fitted centres (the `model` output), as the run labelled its own.
  replay: { kind: 'fitted', input: 'table', output: 'table', load: async () => (await import('./assign.ts')).kmeansReplay },
  async run({ inputs, params, ctx }) {
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
  },
});
