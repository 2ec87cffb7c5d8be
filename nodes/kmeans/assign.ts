/**
 * K-means split into fit (the run: centres, and the standardisation it applied) and transform (label
 * each row with its nearest centre). The transform is what a scoring pipeline replays on new rows, from
 * the node's saved `model` output, through the same featurizer, standardisation and assignment code.
 */
import { NodeError } from '../../src/core/errors.ts';
import type { FittedReplay } from '../../src/core/node-definition.ts';
import type { Model } from '../../src/core/ports.ts';
import { withColumns, type CategoryColumn } from '../../src/core/table/table.ts';
import { assignToCenters } from '../../src/ml/cluster/kmeans.ts';
import { applyFeaturizer, type FeaturizerSpec } from '../../src/ml/features/featurizer.ts';

export function clusterNames(k: number): string[] {
  return Array.from({ length: k }, (_, c) => `Cluster ${c + 1}`);
}

/** Each feature in standard deviations from its training mean (row-major, d columns). */
export function standardizeRows(X: Float64Array, d: number, mean: ArrayLike<number>, std: ArrayLike<number>): Float64Array {
  return X.map((v, p) => (v - mean[p % d]) / std[p % d]);
}

/** The cluster column, named and ordered as the node names clusters. */
export function clusterColumn(name: string, labels: Int32Array, k: number): CategoryColumn {
  return { name, type: 'category', role: 'group', codes: labels, categories: clusterNames(k) };
}

interface KMeansState {
  featurizer: FeaturizerSpec;
  centers: Float64Array;
  standardize?: { mean: Float64Array; std: Float64Array };
  k: number;
  outputColumn: string;
}

export const kmeansReplay: FittedReplay<{ outputColumn: string }> = {
  fit({ outputs }) {
    const model = outputs.model as Model | undefined;
    const st = model?.state as { centers?: Float64Array; standardize?: KMeansState['standardize'] } | undefined;
    if (!model || !st?.centers) throw new Error('The k-means node gave no fitted model to replay.');
    const featurizer = model.featurizer as FeaturizerSpec;
    const state: KMeansState = {
      featurizer,
      centers: st.centers,
      ...(st.standardize ? { standardize: st.standardize } : {}),
      k: Number(model.hyperParams.k),
      outputColumn: String(model.hyperParams.outputColumn),
    };
    return { state, reads: featurizer.columns.map((c) => c.name) };
  },
  apply({ table, state }) {
    const s = state as KMeansState;
    const m = applyFeaturizer(s.featurizer, table);
    const d = m.d;
    if (s.centers.length !== s.k * d) throw new NodeError(`The saved k-means centres are not ${s.k} × ${d} numbers; the model file is damaged. Retrain the pipeline.`);
    const X = s.standardize ? standardizeRows(m.X, d, s.standardize.mean, s.standardize.std) : m.X;
    const labels = assignToCenters(X, m.n, d, s.centers, s.k);
    return withColumns(table, [clusterColumn(s.outputColumn, labels, s.k)]);
  },
};
