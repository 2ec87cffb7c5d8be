/**
 * A Crispflow model (featurizer + scorer) as one ONNX model, or a refusal with the reason when it has no
 * exact ONNX form. Graph inputs: one per raw feature column (see featurizer-graph.ts). Graph outputs:
 * `probability` (double [N], the positive class's probability, what Crispflow's scorer returns) and
 * `label` (int64 [N], 1 when probability ≥ the model's decision threshold, else 0).
 */
import type { Model } from '../../core/ports.ts';
import type { FeaturizerSpec } from '../../ml/features/featurizer.ts';
import type { TreeEnsemble } from '../../ml/explain/tree-format.ts';
import type { LinearModelState } from '../../ml/models/scorers.ts';
import type { MlpState } from '../../ml/neural/mlp.ts';
import type { AdversarialState } from '../../ml/neural/adversarial-debiasing.ts';
import type { RandomForestState } from '../../ml/forest/random-forest.ts';
import { OnnxGraphBuilder, type GraphIo } from './graph-builder.ts';
import { addFeaturizer, OnnxExportRefused } from './featurizer-graph.ts';
import { adversarialHead, forestHead, logisticHead, mlpHead, treeEnsembleHead } from './model-heads.ts';
import { encodeModelProto, OnnxType } from './onnx-proto.ts';
import { KMEANS_MODEL_KIND, kmeansModelToOnnx } from './export-kmeans.ts';

export { OnnxExportRefused } from './featurizer-graph.ts';

type Head = (g: OnnxGraphBuilder, x: string, d: number, state: Record<string, unknown>) => string;

/** Model kind → its ONNX scoring graph. A kind not listed has no ONNX export (refused, naming it). */
const HEADS: Record<string, Head> = {
  'logistic-regression': (g, x, d, s) => {
    const st = s as unknown as LinearModelState;
    return logisticHead(g, x, d, st.coef, st.intercept);
  },
  'random-forest': (g, x, d, s) => forestHead(g, x, d, s as unknown as RandomForestState),
  'gradient-boosting': (g, x, d, s) => treeEnsembleHead(g, x, d, s as unknown as TreeEnsemble),
  'neural-network': (g, x, d, s) => mlpHead(g, x, d, s as unknown as MlpState),
  'adversarial-debiasing': (g, x, d, s) => adversarialHead(g, x, d, s as unknown as AdversarialState),
};

/** The ONNX export's own format version (producer_version); bump when the graph layout changes. */
export const PRODUCER_VERSION = '1';

export const ONNX_MODEL_KINDS = [...Object.keys(HEADS), KMEANS_MODEL_KIND];

export interface OnnxExport {
  bytes: Uint8Array;
  inputs: GraphIo[];
  outputs: GraphIo[];
}

export interface OnnxExportOptions {
  /** Written into the model's producer_version. */
  producerVersion?: string;
  /** Extra metadata_props (e.g. the registry name and version). */
  metadata?: Record<string, string>;
}

export function decisionThreshold(model: Pick<Model, 'hyperParams'>): number {
  const t = model.hyperParams?.threshold;
  return typeof t === 'number' && Number.isFinite(t) ? t : 0.5;
}

/** Why `model` cannot be exported exactly, or undefined when it can (checks without building). */
export function onnxRefusalReason(model: Model): string | undefined {
  try {
    buildOnnx(model, {});
    return undefined;
  } catch (e) {
    if (e instanceof OnnxExportRefused) return e.message;
    throw e;
  }
}

/** The ONNX model of `model`; throws OnnxExportRefused (with the reason) when there is no exact form. */
export function exportModelToOnnx(model: Model, o: OnnxExportOptions = {}): OnnxExport {
  return buildOnnx(model, o);
}

function buildOnnx(model: Model, o: OnnxExportOptions): OnnxExport {
  // K-means assigns clusters (outputs `cluster`, `distances`), not a probability: its own graph.
  if (model.kind === KMEANS_MODEL_KIND) return kmeansModelToOnnx(model, { producerVersion: o.producerVersion ?? PRODUCER_VERSION, metadata: o.metadata });
  const head = Object.hasOwn(HEADS, model.kind) ? HEADS[model.kind] : undefined;
  if (!head) {
    throw new OnnxExportRefused(
      `Models of kind "${model.kind}" have no ONNX export (kinds with one: ${ONNX_MODEL_KINDS.join(', ')}).`,
    );
  }
  const g = new OnnxGraphBuilder();
  const spec = model.featurizer as FeaturizerSpec;
  const { features, width } = addFeaturizer(g, spec);
  if (width !== model.featureNames.length) {
    throw new OnnxExportRefused(`The featurizer gives ${width} features but the model has ${model.featureNames.length}; the model file is damaged.`);
  }
  const p = head(g, features, width, model.state);
  g.op('Reshape', [p, g.int64s('flat', [-1])], { output: 'probability' });
  const positive = g.op('GreaterOrEqual', ['probability', g.doubles('threshold', [decisionThreshold(model)], [])]);
  g.op('Cast', [positive], { output: 'label', attrs: { to: { kind: 'int', value: OnnxType.INT64 } } });
  g.output({ name: 'label', type: OnnxType.INT64, shape: ['N'] });
  g.output({ name: 'probability', type: OnnxType.DOUBLE, shape: ['N'] });
  const proto = g.model({
    graphName: `crispflow_${model.kind.replace(/\W+/g, '_')}`,
    docString: `Crispflow ${model.kind} model predicting ${model.target.column} = ${model.target.positive}.`,
    producerVersion: o.producerVersion ?? PRODUCER_VERSION,
    metadata: {
      'crispflow.kind': model.kind,
      'crispflow.fingerprint': model.fingerprint,
      'crispflow.target': model.target.column,
      'crispflow.positive': model.target.positive,
      'crispflow.threshold': String(decisionThreshold(model)),
      ...o.metadata,
    },
  });
  return { bytes: encodeModelProto(proto), inputs: g.inputs, outputs: g.outputs };
}
