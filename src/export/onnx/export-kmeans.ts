/**
 * K-means cluster assignment as ONNX, from what the assignment needs: the featurizer, the standardisation
 * it applied, and the centres. The kmeans node's `model` output (kind "kmeans", state `KMeansModelState`)
 * holds exactly these, so `kmeansModelToOnnx` exports a saved k-means model file.
 * Outputs: `distances` (double [N,k], squared Euclidean distance to each centre, computed as
 * ReduceSumSquare(x − c) like Crispflow, not via the |x|² − 2x·c + |c|² expansion that loses digits) and
 * `cluster` (int64 [N], ArgMin with the first index on ties, as Crispflow's strict `<` keeps the first).
 */
import type { Model } from '../../core/ports.ts';
import type { FeaturizerSpec } from '../../ml/features/featurizer.ts';
import { OnnxGraphBuilder } from './graph-builder.ts';
import { addFeaturizer, OnnxExportRefused } from './featurizer-graph.ts';
import { encodeModelProto, OnnxType } from './onnx-proto.ts';
import type { OnnxExport } from './export-onnx.ts';

export interface KMeansForExport {
  featurizer: FeaturizerSpec;
  /** The per-feature mean and standard deviation subtracted and divided before clustering, if any. */
  standardize?: { mean: ArrayLike<number>; std: ArrayLike<number> };
  /** k × d, row-major. */
  centers: ArrayLike<number>;
  k: number;
}

/** The model kind of the kmeans node's `model` output. */
export const KMEANS_MODEL_KIND = 'kmeans';

/** `Model.state` of a k-means model: centres in the (standardised, when `standardize`) feature space. */
export interface KMeansModelState {
  /** k × d, row-major; cluster c is "Cluster c+1" (ordered by size, as the node names them). */
  centers: Float64Array;
  standardize?: { mean: Float64Array; std: Float64Array };
  inertia: number;
  iterations: number;
}

const isNumbers = (v: unknown, length: number) => (v instanceof Float64Array || Array.isArray(v)) && v.length === length && Array.from(v as ArrayLike<unknown>).every((x) => typeof x === 'number' && Number.isFinite(x));

/** The ONNX model of a saved k-means model; refuses (with the reason) a state that does not fit its features. */
export function kmeansModelToOnnx(model: Model, o: { producerVersion?: string; metadata?: Record<string, string> } = {}): OnnxExport {
  const st = model.state as Partial<KMeansModelState>;
  const k = model.hyperParams.k;
  const d = model.featureNames.length;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) throw new OnnxExportRefused(`The k-means model's k (${String(k)}) is not a positive whole number; the model file is damaged.`);
  if (!isNumbers(st.centers, k * d)) throw new OnnxExportRefused(`The k-means model's centres are not ${k} × ${d} finite numbers; the model file is damaged.`);
  if (st.standardize && !(isNumbers(st.standardize.mean, d) && isNumbers(st.standardize.std, d))) {
    throw new OnnxExportRefused(`The k-means model's standardisation is not ${d} finite means and standard deviations; the model file is damaged.`);
  }
  return exportKMeansToOnnx({ featurizer: model.featurizer as FeaturizerSpec, standardize: st.standardize, centers: st.centers!, k }, {
    ...o,
    metadata: { 'crispflow.fingerprint': model.fingerprint, 'crispflow.cluster_column': model.target.column, ...o.metadata },
  });
}

export function exportKMeansToOnnx(m: KMeansForExport, o: { producerVersion?: string; metadata?: Record<string, string> } = {}): OnnxExport {
  const g = new OnnxGraphBuilder();
  const { features, width: d } = addFeaturizer(g, m.featurizer);
  if (m.standardize && (m.standardize.mean.length !== d || m.standardize.std.length !== d)) {
    throw new OnnxExportRefused(`The standardisation holds ${m.standardize.mean.length} means and ${m.standardize.std.length} deviations, not ${d}.`);
  }
  if (m.centers.length !== m.k * d) throw new OnnxExportRefused(`The ${m.k} centres hold ${m.centers.length} numbers, not ${m.k} × ${d}.`);
  let x = features;
  if (m.standardize) {
    x = g.op('Div', [g.op('Sub', [x, g.doubles('mean', m.standardize.mean, [1, d])]), g.doubles('std', m.standardize.std, [1, d])]);
  }
  const rows = g.op('Unsqueeze', [x, g.int64s('axis1', [1])]); // [N,1,d]
  const diff = g.op('Sub', [rows, g.doubles('centers', m.centers, [1, m.k, d])]); // [N,k,d]
  g.op('ReduceSumSquare', [diff, g.int64s('axis2', [2])], { output: 'distances', attrs: { keepdims: { kind: 'int', value: 0 } } });
  g.op('ArgMin', ['distances'], { output: 'cluster', attrs: { axis: { kind: 'int', value: 1 }, keepdims: { kind: 'int', value: 0 } } });
  g.output({ name: 'cluster', type: OnnxType.INT64, shape: ['N'] });
  g.output({ name: 'distances', type: OnnxType.DOUBLE, shape: ['N', m.k] });
  const proto = g.model({
    graphName: 'crispflow_kmeans',
    docString: `Crispflow k-means assignment to ${m.k} clusters (cluster index c is "Cluster c+1").`,
    producerVersion: o.producerVersion ?? '0',
    metadata: { 'crispflow.kind': KMEANS_MODEL_KIND, 'crispflow.k': String(m.k), ...o.metadata },
  });
  return { bytes: encodeModelProto(proto), inputs: g.inputs, outputs: g.outputs };
}
