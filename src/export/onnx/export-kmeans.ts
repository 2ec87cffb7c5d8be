/**
 * K-means cluster assignment as ONNX. The kmeans node keeps no model file (it adds a cluster column), so
 * this takes what the assignment needs: the featurizer, the standardisation it applied, and the centres.
 * Outputs: `distances` (double [N,k], squared Euclidean distance to each centre, computed as
 * ReduceSumSquare(x − c) like Crispflow, not via the |x|² − 2x·c + |c|² expansion that loses digits) and
 * `cluster` (int64 [N], ArgMin with the first index on ties, as Crispflow's strict `<` keeps the first).
 */
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

export function exportKMeansToOnnx(m: KMeansForExport, o: { producerVersion?: string } = {}): OnnxExport {
  const g = new OnnxGraphBuilder();
  const { features, width: d } = addFeaturizer(g, m.featurizer);
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
    metadata: { 'crispflow.kind': 'kmeans', 'crispflow.k': String(m.k) },
  });
  return { bytes: encodeModelProto(proto), inputs: g.inputs, outputs: g.outputs };
}
