/**
 * Each model kind's scoring as ONNX nodes on the featurised [N,D] double matrix, giving the margin or
 * the probability of the positive class as [N,1] double. Everything stays in double precision, as
 * Crispflow's own scorers compute, so exported scores match to ~1e-15 rather than float32's ~1e-7.
 */
import type { TreeEnsemble } from '../../ml/explain/tree-format.ts';
import { forestEnsemble } from '../../ml/explain/tree-format.ts';
import type { MlpActivation, MlpState } from '../../ml/neural/mlp.ts';
import type { AdversarialState } from '../../ml/neural/adversarial-debiasing.ts';
import { ML_DOMAIN, type OnnxGraphBuilder } from './graph-builder.ts';
import { OnnxType } from './onnx-proto.ts';
import { OnnxExportRefused } from './featurizer-graph.ts';

const int = (value: number) => ({ kind: 'int' as const, value });

/** sigmoid(X·coef + intercept), the logistic-regression scorer (src/ml/linear/margins.ts). */
export function logisticHead(g: OnnxGraphBuilder, x: string, d: number, coef: ArrayLike<number>, intercept: number): string {
  if (coef.length !== d) throw new OnnxExportRefused(`The model has ${coef.length} coefficients for ${d} features; it is damaged.`);
  const margin = g.op('Add', [g.op('MatMul', [x, g.doubles('coef', coef, [d, 1])]), g.doubles('intercept', [intercept], [])]);
  return g.op('Sigmoid', [margin]);
}

/**
 * The flat tree ensemble (src/ml/explain/tree-format.ts) as ai.onnx.ml TreeEnsemble (opset 5), summing the
 * leaf values, then `base + scale · sum` and the link. Crispflow sends a row left when value ≤ threshold:
 * BRANCH_LEQ (mode 0) with the true branch on the left. A NaN goes left where missingLeft is 1, which is
 * nodes_missing_value_tracks_true = 1 (the true branch); elsewhere it goes right, and so does ONNX
 * (NaN ≤ t is false). Thresholds and leaf values are double tensors, compared with the double input.
 */
export function treeEnsembleHead(g: OnnxGraphBuilder, x: string, d: number, e: TreeEnsemble): string {
  const featureIds: number[] = [];
  const splits: number[] = [];
  const trueIds: number[] = [];
  const falseIds: number[] = [];
  const trueLeafs: number[] = [];
  const falseLeafs: number[] = [];
  const missingTrue: number[] = [];
  const leafWeights: number[] = [];
  const roots: number[] = [];
  const leafIndex = new Map<number, number>();
  const leafOf = (n: number) => {
    let k = leafIndex.get(n);
    if (k === undefined) {
      k = leafWeights.length;
      leafWeights.push(e.value[n]);
      leafIndex.set(n, k);
    }
    return k;
  };
  // Interior nodes in depth-first order; children are resolved after they are numbered.
  const addInterior = (n: number): number => {
    const f = e.feature[n];
    if (f >= d) throw new OnnxExportRefused(`A tree splits on feature ${f}, beyond the ${d} features of the model; it is damaged.`);
    const k = featureIds.length;
    featureIds.push(f);
    splits.push(e.threshold[n]);
    missingTrue.push(e.missingLeft && e.missingLeft[n] ? 1 : 0);
    trueIds.push(0);
    falseIds.push(0);
    trueLeafs.push(0);
    falseLeafs.push(0);
    const link = (child: number, ids: number[], leafs: number[]) => {
      if (e.feature[child] < 0) {
        leafs[k] = 1;
        ids[k] = leafOf(child);
      } else ids[k] = addInterior(child);
    };
    link(e.left[n], trueIds, trueLeafs);
    link(e.right[n], falseIds, falseLeafs);
    return k;
  };
  for (const root of e.roots) {
    if (e.feature[root] >= 0) roots.push(addInterior(root));
    else {
      // A one-leaf tree: one node whose two branches reach the same leaf (as the operator's spec says).
      const k = featureIds.length;
      const leaf = leafOf(root);
      featureIds.push(0);
      splits.push(0);
      missingTrue.push(0);
      trueIds.push(leaf);
      falseIds.push(leaf);
      trueLeafs.push(1);
      falseLeafs.push(1);
      roots.push(k);
    }
  }
  if (roots.length === 0) throw new OnnxExportRefused('The model has no trees.');
  const sum = g.op('TreeEnsemble', [x], {
    domain: ML_DOMAIN,
    attrs: {
      n_targets: int(1),
      aggregate_function: int(1), // SUM
      post_transform: int(0), // NONE: base, scale and the link follow in double
      tree_roots: { kind: 'ints', value: roots },
      nodes_featureids: { kind: 'ints', value: featureIds },
      nodes_splits: { kind: 'tensor', value: { type: OnnxType.DOUBLE, dims: [splits.length], data: splits } },
      nodes_modes: { kind: 'tensor', value: { type: OnnxType.UINT8, dims: [splits.length], data: new Uint8Array(splits.length) } }, // BRANCH_LEQ
      nodes_truenodeids: { kind: 'ints', value: trueIds },
      nodes_falsenodeids: { kind: 'ints', value: falseIds },
      nodes_trueleafs: { kind: 'ints', value: trueLeafs },
      nodes_falseleafs: { kind: 'ints', value: falseLeafs },
      nodes_missing_value_tracks_true: { kind: 'ints', value: missingTrue },
      leaf_targetids: { kind: 'ints', value: new Array<number>(leafWeights.length).fill(0) },
      leaf_weights: { kind: 'tensor', value: { type: OnnxType.DOUBLE, dims: [leafWeights.length], data: leafWeights } },
    },
  });
  const scaled = e.scale === 1 ? sum : g.op('Mul', [sum, g.doubles('scale', [e.scale], [])]);
  const margin = e.base === 0 ? scaled : g.op('Add', [g.doubles('base', [e.base], []), scaled]);
  return e.link === 'logit' ? g.op('Sigmoid', [margin]) : margin;
}

export function forestHead(g: OnnxGraphBuilder, x: string, d: number, state: Parameters<typeof forestEnsemble>[0]): string {
  return treeEnsembleHead(g, x, d, forestEnsemble(state));
}

const ACTIVATION_OPS: Record<MlpActivation, string> = { relu: 'Relu', tanh: 'Tanh', logistic: 'Sigmoid' };

/** (x − mean) / std, the networks' own standardisation. */
function standardise(g: OnnxGraphBuilder, x: string, mean: ArrayLike<number>, std: ArrayLike<number>): string {
  const d = mean.length;
  return g.op('Div', [g.op('Sub', [x, g.doubles('mean', mean, [1, d])]), g.doubles('std', std, [1, d])]);
}

function dense(g: OnnxGraphBuilder, a: string, inputs: number, units: number, weights: ArrayLike<number>, bias: ArrayLike<number> | number): string {
  const b = typeof bias === 'number' ? g.doubles('bias', [bias], [1, 1]) : g.doubles('bias', bias, [1, units]);
  return g.op('Add', [g.op('MatMul', [a, g.doubles('weights', weights, [inputs, units])]), b]);
}

/** The MLP (src/ml/neural/mlp.ts): standardise, hidden layers with the activation, a sigmoid output unit. */
export function mlpHead(g: OnnxGraphBuilder, x: string, d: number, s: MlpState): string {
  if (s.mean.length !== d) throw new OnnxExportRefused(`The network expects ${s.mean.length} features but the featurizer gives ${d}; the model is damaged.`);
  const op = ACTIVATION_OPS[s.activation];
  if (!op) throw new OnnxExportRefused(`The network's activation "${String(s.activation)}" has no ONNX operator here (known: relu, tanh, logistic).`);
  let a = standardise(g, x, s.mean, s.std);
  s.layers.forEach((layer, k) => {
    a = dense(g, a, layer.inputs, layer.units, layer.weights, layer.bias);
    if (k < s.layers.length - 1) a = g.op(op, [a]);
  });
  return g.op('Sigmoid', [a]);
}

/** The adversarially debiased classifier (one ReLU hidden layer; the adversary is not part of scoring). */
export function adversarialHead(g: OnnxGraphBuilder, x: string, d: number, s: AdversarialState): string {
  if (s.mean.length !== d) throw new OnnxExportRefused(`The network expects ${s.mean.length} features but the featurizer gives ${d}; the model is damaged.`);
  const hidden = g.op('Relu', [dense(g, standardise(g, x, s.mean, s.std), d, s.hidden, s.w1, s.b1)]);
  return g.op('Sigmoid', [dense(g, hidden, s.hidden, 1, s.w2, s.b2)]);
}
