/**
 * The model's featurizer (src/ml/features/featurizer.ts) as ONNX: one graph input per raw table column,
 * so a consumer feeds a table. Numbers, integers, booleans (0/1) and dates (milliseconds since 1970,
 * turned into fractional years as Crispflow does) are `double`; category columns are `string`. Each input
 * is one column of shape [N] — what MLflow's ONNX flavour feeds from a DataFrame with several columns
 * (`df[name].values`) — or [N,1] when the model has a single input column (MLflow then feeds
 * `df.values`). Category columns go through ai.onnx.ml OneHotEncoder with zeros=1, so an unseen or missing value (feed "")
 * gives all-zero indicators, as applyFeaturizer does. The dropped first category of a dropFirst column is
 * simply left out of the encoder's list: it then also gives all zeros, the same as Crispflow. The columns
 * are concatenated in the featurizer's weight order into one `double` [N,D] matrix.
 *
 * TF-IDF features (the spec's sparse block) are refused: see tfidfRefusal.
 */
import type { FeaturizerSpec } from '../../ml/features/featurizer.ts';
import { denseWidth } from '../../ml/features/featurizer.ts';
import { ML_DOMAIN, type OnnxGraphBuilder } from './graph-builder.ts';
import { OnnxType } from './onnx-proto.ts';

const MS_PER_YEAR = 365.25 * 24 * 3600 * 1000;

export class OnnxExportRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'OnnxExportRefused';
  }
}

/** Why a featurizer with a TF-IDF block has no exact ONNX form (undefined when it has none). */
export function tfidfRefusal(spec: FeaturizerSpec): string | undefined {
  if (!spec.sparse || spec.sparse.nCols === 0) return undefined;
  return (
    `The model uses the text features "${spec.sparse.name}" (${spec.sparse.nCols} TF-IDF terms), which have no exact ONNX form: ` +
    "ONNX's TfIdfVectorizer counts n-grams of text that is already split into tokens, and the standard operator set has no " +
    "tokenizer that reproduces Crispflow's (its word pattern after lower-casing and stop-word removal; StringNormalizer does " +
    "only the last two); it also has no L2 row normalisation of the weights, and the vocabulary's IDF weights belong to the TF-IDF " +
    'node, not to the model file. No ONNX file was written rather than an approximation: export a model trained without the ' +
    'TF-IDF node, or score this one with crispflow score or serve.'
  );
}

export interface FeaturizerGraph {
  /** The [N,D] double matrix, in model.featureNames order. */
  features: string;
  width: number;
}

/** Adds the featurizer's inputs and nodes to `g`; returns the name of the feature matrix. */
export function addFeaturizer(g: OnnxGraphBuilder, spec: FeaturizerSpec): FeaturizerGraph {
  const refusal = tfidfRefusal(spec);
  if (refusal) throw new OnnxExportRefused(refusal);
  if (spec.version !== 1) throw new OnnxExportRefused(`The model's featurizer has version ${String(spec.version)}, which this export does not know (known: 1).`);
  const parts: string[] = [];
  const shape = spec.columns.length > 1 ? ['N'] : ['N', 1];
  for (const c of spec.columns) {
    if (c.kind === 'numeric') {
      const x = g.op('Reshape', [g.input({ name: c.name, type: OnnxType.DOUBLE, shape }), g.int64s('column_shape', [-1, 1])]);
      parts.push(c.type === 'date' ? g.op('Mul', [x, g.doubles('years_per_ms', [1 / MS_PER_YEAR], [])]) : x);
      continue;
    }
    const x = g.input({ name: c.name, type: OnnxType.STRING, shape });
    const kept = c.categories.slice(c.dropFirst ? 1 : 0);
    if (kept.length === 0) continue; // a one-level column with its only level dropped adds no feature
    const onehot = g.op('OneHotEncoder', [x], {
      domain: ML_DOMAIN,
      attrs: { cats_strings: { kind: 'strings', value: kept }, zeros: { kind: 'int', value: 1 } },
    });
    const flat = g.op('Reshape', [onehot, g.int64s('onehot_shape', [-1, kept.length])]);
    parts.push(g.op('Cast', [flat], { attrs: { to: { kind: 'int', value: OnnxType.DOUBLE } } }));
  }
  const width = denseWidth(spec);
  if (parts.length === 0) throw new OnnxExportRefused('The model has no feature columns, so there is nothing to export.');
  const features = parts.length === 1 ? parts[0] : g.op('Concat', parts, { attrs: { axis: { kind: 'int', value: 1 } } });
  return { features, width };
}
