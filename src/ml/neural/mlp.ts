/**
 * A multilayer perceptron for binary classification, trained with TF.js; scored without it.
 *
 * The network and its training follow scikit-learn's `MLPClassifier(solver="adam")` so the two can be
 * compared on the same data: dense hidden layers with one activation, one sigmoid output unit, log loss
 * plus 0.5·α·Σ‖W‖² / batch rows (α = `l2`, biases not penalised), Adam (β 0.9 / 0.999, ε 1e-8), shuffled
 * mini-batches (the last one may be smaller), and weights initialised uniform in ±√(6 / (fan-in +
 * fan-out)) (±√(2 / …) for the logistic activation), biases too. Additions: inverted dropout on the
 * hidden layers, row and class weights (a weighted mean of the log loss), and early stopping on the
 * *log loss* of a stratified validation split (scikit-learn watches accuracy there), restoring the best
 * weights. Without a validation split, training stops when the training loss stops improving.
 *
 * Each mini-batch's forward and backward passes run as TF.js kernels on the chosen backend (wasm,
 * WebGL, cpu), with the gradients written out by hand and read back once; Adam then updates the
 * weights, which live in plain typed arrays. Nothing stays on the backend between batches, so
 * cancellation or an error can never leak a tensor.
 *
 * Deterministic given `seed`: the initial weights, the validation split, the batch order and the
 * dropout masks all come from one seeded generator, so two runs on one backend give identical weights.
 * Features are standardised inside (training mean and population standard deviation, kept in the
 * state), so callers pass the raw design matrix; TF.js is passed in so this module never pulls it into
 * a bundle. `scoreMlp` is the forward pass in plain typed-array math: Predict, Explain and serve need
 * no TF.js.
 */
import type * as TF from '@tensorflow/tfjs';
import { createRng, type Rng } from '../../core/rng.ts';
import type { MlpActivation } from './mlp-architecture.ts';
// The architecture's vocabulary lives in mlp-architecture.ts (the node's description needs it, not the training code).
export { MLP_ACTIVATIONS, parseHiddenSizes, type MlpActivation } from './mlp-architecture.ts';

/** An epoch counts as an improvement when it beats the best loss by at least this (scikit-learn's tol). */
export const MLP_TOL = 1e-4;

export interface MlpOptions {
  /** Units per hidden layer, input side first (e.g. [64, 32]); empty is logistic regression. */
  hidden: readonly number[];
  activation?: MlpActivation;
  /** Fraction of hidden units dropped in each training batch (0 = none). */
  dropout?: number;
  /** α of the L2 penalty, as scikit-learn's `alpha`. */
  l2?: number;
  learningRate?: number;
  /** Upper limit on passes over the training rows. */
  epochs?: number;
  batchSize?: number;
  /** Share of the rows held back (stratified) to watch for early stopping; 0 watches the training loss. */
  validationFraction?: number;
  /** Epochs without an improvement of at least `tol` before training stops. */
  patience?: number;
  tol?: number;
  /** Per-row weights (row weights × class weights); rescaled to mean 1. */
  sampleWeight?: Float64Array;
  seed: number;
  /** After every epoch (progress; may throw to stop). */
  onEpoch?: (epoch: MlpEpoch) => void | Promise<void>;
  /** Called every few batches; throws to cancel (e.g. the node context's checkpoint). */
  checkpoint?: () => Promise<void>;
}

export interface MlpEpoch {
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** Mean penalised training loss over the epoch's batches. */
  loss: number;
  /** Weighted log loss of the validation rows (NaN without a validation split). */
  validationLoss: number;
}

export interface MlpLayer {
  inputs: number;
  units: number;
  /** inputs × units, row-major. */
  weights: Float32Array;
  bias: Float32Array;
}

/** Everything the scorer needs: plain data, serialisable with the model. */
export interface MlpState {
  activation: MlpActivation;
  /** Hidden layers then the output layer (1 unit, sigmoid). */
  layers: MlpLayer[];
  /** Standardisation of the raw features (training mean, population standard deviation; 1 where constant). */
  mean: Float64Array;
  std: Float64Array;
}

export interface MlpFit {
  state: MlpState;
  /** One entry per epoch trained. */
  history: MlpEpoch[];
  /** The epoch whose weights were kept (the best validation loss, else the last). */
  bestEpoch: number;
  /** The stopping rule ended training (rather than the epoch limit). */
  stoppedEarly: boolean;
  trainRows: number;
  validationRows: number;
}

/** Mean and population standard deviation per column (1 where a column is constant). */
export function featureScaling(X: Float64Array, n: number, d: number): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j] += (X[i * d + j] - mean[j]) ** 2;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j] / n) || 1;
  return { mean, std };
}

/** scikit-learn's initialisation: W and b uniform in ±√(factor / (fan-in + fan-out)). */
function initLayer(rng: Rng, inputs: number, units: number, activation: MlpActivation): MlpLayer {
  const bound = Math.sqrt((activation === 'logistic' ? 2 : 6) / (inputs + units));
  const weights = new Float32Array(inputs * units);
  const bias = new Float32Array(units);
  for (let k = 0; k < weights.length; k++) weights[k] = (2 * rng.next() - 1) * bound;
  for (let k = 0; k < units; k++) bias[k] = (2 * rng.next() - 1) * bound;
  return { inputs, units, weights, bias };
}

/** Row indices held back for validation: `fraction` of each class (at least one of each), drawn by `rng`. */
export function stratifiedValidationRows(y: Uint8Array, fraction: number, rng: Rng): { train: Int32Array; validation: Int32Array } {
  const n = y.length;
  if (!(fraction > 0)) return { train: Int32Array.from({ length: n }, (_, i) => i), validation: new Int32Array(0) };
  const held = new Uint8Array(n);
  for (const cls of [0, 1]) {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (y[i] === cls) rows.push(i);
    rng.shuffle(rows);
    // Keep at least one row of the class for training.
    const take = Math.min(Math.max(1, Math.round(rows.length * fraction)), rows.length - 1);
    for (let k = 0; k < take; k++) held[rows[k]] = 1;
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (let i = 0; i < n; i++) (held[i] ? validation : train).push(i);
  return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
}

function checkOptions(o: MlpOptions, n: number, d: number): void {
  if (n < 2 || d < 1) throw new Error(`A neural network needs at least 2 rows and 1 feature (got ${n} rows, ${d} features).`);
  for (const h of o.hidden) {
    if (!Number.isInteger(h) || h < 1) throw new Error(`Hidden layer sizes must be whole numbers of at least 1 (got ${o.hidden.join(',')}).`);
  }
  const dropout = o.dropout ?? 0;
  if (!(dropout >= 0 && dropout < 1)) throw new Error(`Dropout must be in [0, 1) (got ${dropout}).`);
  const vf = o.validationFraction ?? 0.1;
  if (!(vf >= 0 && vf < 1)) throw new Error(`The validation fraction must be in [0, 1) (got ${vf}).`);
}

/** Rescales weights to mean 1 (so the learning rate means the same with or without them). */
function normalisedWeights(w: Float64Array | undefined, n: number): Float32Array {
  const out = new Float32Array(n).fill(1);
  if (!w) return out;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (!(w[i] >= 0)) throw new Error(`Row weight ${i + 1} is ${w[i]}; weights must be zero or more.`);
    sum += w[i];
  }
  if (!(sum > 0)) throw new Error('The row weights sum to zero; at least one row needs a positive weight.');
  for (let i = 0; i < n; i++) out[i] = (w[i] * n) / sum;
  return out;
}

/**
 * Trains the network. Every tensor it creates is disposed within its batch, whether the batch ends,
 * fails or is cancelled (the caller can check `tf.memory().numTensors`).
 */
export async function trainMlp(tf: typeof TF, X: Float64Array, n: number, d: number, y: Uint8Array, o: MlpOptions): Promise<MlpFit> {
  checkOptions(o, n, d);
  const activation = o.activation ?? 'relu';
  const keep = 1 - (o.dropout ?? 0);
  const alpha = o.l2 ?? 1e-4;
  const maxEpochs = o.epochs ?? 200;
  const patience = o.patience ?? 10;
  const tol = o.tol ?? MLP_TOL;
  const rng = createRng(o.seed);

  const { mean, std } = featureScaling(X, n, d);
  const Z = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Z[i * d + j] = (X[i * d + j] - mean[j]) / std[j];
  const weight = normalisedWeights(o.sampleWeight, n);

  const sizes = [d, ...o.hidden, 1];
  const init: MlpLayer[] = [];
  for (let k = 0; k + 1 < sizes.length; k++) init.push(initLayer(rng, sizes[k], sizes[k + 1], activation));
  const { train, validation } = stratifiedValidationRows(y, o.validationFraction ?? 0.1, rng);
  const nTrain = train.length;
  const B = Math.max(1, Math.min(o.batchSize ?? 200, nTrain));

  const layers = init;
  const L = layers.length;
  const adam = layers.map((l) => ({ w: new Adam(l.weights.length), b: new Adam(l.units) }));
  const learningRate = o.learningRate ?? 0.001;
  const gradW = layers.map((l) => new Float64Array(l.weights.length));
  const gradB = layers.map((l) => new Float64Array(l.units));

  /** Applies a batch's gradients (plus the L2 term) with Adam; returns the batch's penalised loss sum × count. */
  const applyBatch = (out: Float32Array, yb: Float32Array, wb: Float32Array, count: number): number => {
    let off = 0;
    let penalty = 0;
    for (let k = 0; k < L; k++) {
      const { weights, bias } = layers[k];
      const gw = gradW[k];
      const gb = gradB[k];
      for (let q = 0; q < weights.length; q++) {
        gw[q] = (out[off + q] + alpha * weights[q]) / count;
        penalty += weights[q] * weights[q];
      }
      off += weights.length;
      for (let u = 0; u < bias.length; u++) gb[u] = out[off + u] / count;
      off += bias.length;
    }
    let data = 0;
    for (let r = 0; r < count; r++) {
      const z = out[off + r];
      data += wb[r] * (Math.max(z, 0) - z * yb[r] + Math.log1p(Math.exp(-Math.abs(z))));
    }
    for (let k = 0; k < L; k++) {
      adam[k].w.step(layers[k].weights, gradW[k], learningRate);
      adam[k].b.step(layers[k].bias, gradB[k], learningRate);
    }
    return data + 0.5 * alpha * penalty;
  };

  const rowsOf = (idx: ArrayLike<number>, from: number, count: number) => {
    const xb = new Float32Array(count * d);
    const yb = new Float32Array(count);
    const wb = new Float32Array(count);
    for (let r = 0; r < count; r++) {
      const i = idx[from + r];
      xb.set(Z.subarray(i * d, i * d + d), r * d);
      yb[r] = y[i];
      wb[r] = weight[i];
    }
    return { xb, yb, wb };
  };

  const val = validation.length > 0 ? rowsOf(validation, 0, validation.length) : undefined;
  /** Weighted mean log loss of the validation rows with the current weights (one forward pass on the backend). */
  const validationLossNow = (v: NonNullable<typeof val>): number => {
    const z = networkLogits(tf, { activation, layers }, v.xb, validation.length);
    let sum = 0;
    let wsum = 0;
    for (let r = 0; r < z.length; r++) {
      sum += v.wb[r] * (Math.max(z[r], 0) - z[r] * v.yb[r] + Math.log1p(Math.exp(-Math.abs(z[r]))));
      wsum += v.wb[r];
    }
    return sum / wsum;
  };

  const snapshot = (): MlpLayer[] => layers.map((l) => ({ ...l, weights: l.weights.slice(), bias: l.bias.slice() }));

  const history: MlpEpoch[] = [];
  const order = Int32Array.from(train);
  let best = Infinity;
  let bestEpoch = 0;
  let bestLayers: MlpLayer[] | undefined;
  let sinceBest = 0;
  let stoppedEarly = false;
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    rng.shuffle(order);
    let lossSum = 0;
    for (let from = 0, batch = 0; from < nTrain; from += B, batch++) {
      const count = Math.min(B, nTrain - from);
      const { xb, yb, wb } = rowsOf(order, from, count);
      let masks: Float32Array[] | undefined;
      if (keep < 1 && o.hidden.length > 0) {
        masks = o.hidden.map((units) => {
          const m = new Float32Array(count * units);
          for (let q = 0; q < m.length; q++) m[q] = rng.next() < keep ? 1 / keep : 0;
          return m;
        });
      }
      lossSum += applyBatch(batchGradients(tf, { activation, layers }, { x: xb, y: yb, w: wb, masks, count }), yb, wb, count);
      if (o.checkpoint && batch % 8 === 7) await o.checkpoint();
    }
    const loss = lossSum / nTrain;
    if (!Number.isFinite(loss)) {
      throw new Error(`Training diverged at epoch ${epoch} (loss ${loss}). Lower the learning rate or standardise the features.`);
    }
    const validationLoss = val ? validationLossNow(val) : NaN;
    const entry: MlpEpoch = { epoch, epochs: maxEpochs, loss, validationLoss };
    history.push(entry);
    // Watch the validation loss when there is a validation split, else the training loss. As in
    // scikit-learn: an epoch counts as no improvement unless it beats the best by `tol`, and the best
    // moves on any improvement.
    const watched = validation.length > 0 ? validationLoss : loss;
    sinceBest = watched > best - tol ? sinceBest + 1 : 0;
    if (watched < best) {
      best = watched;
      bestEpoch = epoch;
      if (validation.length > 0) bestLayers = snapshot();
    }
    if (o.onEpoch) await o.onEpoch(entry);
    if (o.checkpoint) await o.checkpoint();
    if (sinceBest >= patience) {
      stoppedEarly = true;
      break;
    }
  }
  if (!bestLayers) bestEpoch = history.length;
  return {
    state: { activation, layers: bestLayers ?? snapshot(), mean, std },
    history,
    bestEpoch,
    stoppedEarly,
    trainRows: nTrain,
    validationRows: validation.length,
  };
}

/** One mini-batch: standardised rows (row-major), labels, weights and optional dropout masks (0 or 1/keep). */
export interface MlpBatch {
  x: Float32Array;
  y: Float32Array;
  w: Float32Array;
  /** One per hidden layer, count × units. */
  masks?: Float32Array[];
  count: number;
}

/**
 * The gradients of Σ w·logloss over one batch (no L2 term, not divided by the rows), as one flat array
 * [dW₀, db₀, dW₁, db₁, …, logits]: the forward and backward passes written out by hand as a few TF.js
 * kernels per layer, read back once. Autodiff plus TF.js's optimiser needed ~200 kernels per batch where
 * this needs ~12 per layer, and kernel dispatch, not arithmetic, dominates at these sizes.
 */
export function batchGradients(tf: typeof TF, net: Pick<MlpState, 'activation' | 'layers'>, batch: MlpBatch): Float32Array {
  const { layers, activation } = net;
  const { count, masks } = batch;
  const L = layers.length;
  const d = layers[0].inputs;
  const xT = new Float32Array(count * d);
  for (let r = 0; r < count; r++) for (let j = 0; j < d; j++) xT[j * count + r] = batch.x[r * d + j];
  /** The activation and its slope, from z (ReLU) or from the activation's output (tanh, logistic). */
  const act = (z: TF.Tensor2D): { a: TF.Tensor2D; slope: TF.Tensor2D } => {
    if (activation === 'relu') return { a: tf.relu(z), slope: tf.step(z) };
    const a = activation === 'tanh' ? tf.tanh(z) : tf.sigmoid(z);
    return { a, slope: activation === 'tanh' ? tf.sub(1, tf.square(a)) : tf.mul(a, tf.sub(1, a)) };
  };
  const packed = tf.tidy(() => {
    const inputs: TF.Tensor2D[] = [tf.tensor2d(batch.x, [count, d])];
    const slopes: TF.Tensor2D[] = [];
    const Ws = layers.map((l) => tf.tensor2d(l.weights, [l.inputs, l.units]));
    for (let k = 0; k < L - 1; k++) {
      const z = tf.add(tf.matMul(inputs[k], Ws[k]), tf.tensor1d(layers[k].bias)) as TF.Tensor2D;
      let { a, slope } = act(z);
      if (masks) {
        // Inverted dropout: the same 0 or 1/keep factor scales the unit's output and its gradient.
        const m = tf.tensor2d(masks[k], [count, layers[k].units]);
        a = tf.mul(a, m);
        slope = tf.mul(slope, m);
      }
      inputs.push(a);
      slopes.push(slope);
    }
    const logits = tf.add(tf.matMul(inputs[L - 1], Ws[L - 1]), layers[L - 1].bias[0]) as TF.Tensor2D;
    // ∂(Σ w·logloss)/∂logit = w·(σ(z) − y)
    let g = tf.mul(tf.sub(tf.sigmoid(logits), tf.tensor2d(batch.y, [count, 1])), tf.tensor2d(batch.w, [count, 1])) as TF.Tensor2D;
    const parts: TF.Tensor[] = [];
    for (let k = L - 1; k >= 0; k--) {
      // Transposes as their own kernels: the wasm backend's transposed matMul is ~6× slower than both.
      const inputT = k === 0 ? tf.tensor2d(xT, [d, count]) : tf.transpose(inputs[k]);
      parts.push(tf.sum(g, 0), tf.matMul(inputT, g).reshape([-1]));
      if (k > 0) g = tf.mul(tf.matMul(g, tf.transpose(Ws[k])), slopes[k - 1]);
    }
    parts.reverse();
    parts.push(logits.reshape([-1]));
    return tf.concat(parts);
  });
  try {
    return packed.dataSync() as Float32Array;
  } finally {
    packed.dispose();
  }
}

/** The network's logits for `count` standardised rows (row-major), in one forward pass on the backend. */
export function networkLogits(tf: typeof TF, net: Pick<MlpState, 'activation' | 'layers'>, x: Float32Array, count: number): Float32Array {
  const { layers, activation } = net;
  const out = tf.tidy(() => {
    let h = tf.tensor2d(x, [count, layers[0].inputs]);
    layers.forEach((l, k) => {
      const z = tf.add(tf.matMul(h, tf.tensor2d(l.weights, [l.inputs, l.units])), tf.tensor1d(l.bias)) as TF.Tensor2D;
      h = k === layers.length - 1 ? z : activation === 'relu' ? tf.relu(z) : activation === 'tanh' ? tf.tanh(z) : tf.sigmoid(z);
    });
    return h.reshape([-1]);
  });
  try {
    return out.dataSync() as Float32Array;
  } finally {
    out.dispose();
  }
}

/** Adam (Kingma & Ba) on one parameter array, in place, as TF.js's optimiser computes it (β 0.9 / 0.999, ε 1e-8). */
class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  constructor(size: number) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }
  step(params: Float32Array, grad: Float64Array, lr: number): void {
    const b1 = 0.9;
    const b2 = 0.999;
    this.t++;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    const { m, v } = this;
    for (let k = 0; k < params.length; k++) {
      const g = grad[k];
      m[k] = b1 * m[k] + (1 - b1) * g;
      v[k] = b2 * v[k] + (1 - b2) * g * g;
      params[k] -= (lr * (m[k] / c1)) / (Math.sqrt(v[k] / c2) + 1e-8);
    }
  }
}

// Scoring lives in neural-scorers.ts: hosts that only describe the node (the designer's main thread) import
// the scorer without the training code.
export { neuralNetworkScorer, scoreMlp } from './neural-scorers.ts';
