import { describeNode, withLazyRun } from '../../src/core/node-definition.ts';
import { param } from '../../src/core/params.ts';
import type { ColumnSchema } from '../../src/core/table/table.ts';
import { suggestFeatureColumns } from '../../src/ml/features/featurizer.ts';

// Type only: the ONNX export (and protobufjs) stays out of the node's bundle.

/** The `model` output's kind (KMEANS_MODEL_KIND of src/export/onnx/export-kmeans.ts). */
export const KMEANS_MODEL_KIND = 'kmeans';

const NUMERIC = new Set(['number', 'integer', 'boolean']);

export function defaultFeatures(columns: ReadonlyArray<Pick<ColumnSchema, 'name' | 'type' | 'role'>>, out: string): string[] {
  return suggestFeatureColumns(columns, [out]).filter((n) => NUMERIC.has(columns.find((c) => c.name === n)!.type));
}

import { clusterNames } from './assign.ts';

export const description = describeNode({
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
});

export const kmeans = withLazyRun(description, () => import('./run.ts'));
