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
 * Deterministic given `seed`: the initial weights, the validation split, the batch order and the
 * dropout masks all come from one seeded generator, so two runs on one backend give identical weights.
 * Features are standardised inside (training mean and population standard deviation, kept in the
 * state), so callers pass the raw design matrix; TF.js is passed in so this module never pulls it into
 * a bundle. `scoreMlp` is the forward pass in plain typed-array math: Predict, Explain and serve need
 * no TF.js.
 */
import type * as TF from '@tensorflow/tfjs';
import type { Model } from '../../core/ports.ts';
import { createRng, type Rng } from '../../core/rng.ts';
import type { FeatureMatrix } from '../features/featurizer.ts';

export type MlpActivation = 'relu' | 'tanh' | 'logistic';
/** An epoch counts as an improvement when it beats the best loss by at least this (scikit-learn's tol). */
export const MLP_TOL = 1e-4;
export const MLP_ACTIVATIONS: readonly MlpActivation[] = ['relu', 'tanh', 'logistic'];

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
 * Trains the network. Every tensor it creates is disposed before it returns or throws (the caller can
 * check `tf.memory().numTensors`).
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
  const hiddenWidth = o.hidden.reduce((a, b) => a + b, 0);

  const act = (t: TF.Tensor2D): TF.Tensor2D =>
    activation === 'relu' ? tf.relu(t) : activation === 'tanh' ? tf.tanh(t) : tf.sigmoid(t);
  // tf.variable keeps its own reference to the data: the initial tensors are disposed right away.
  const variableOf = (t: TF.Tensor) => {
    const v = tf.variable(t);
    t.dispose();
    return v;
  };
  const vars = init.map((l) => ({
    W: variableOf(tf.tensor2d(l.weights, [l.inputs, l.units])),
    b: variableOf(tf.tensor1d(l.bias)),
  }));
  const varList = vars.flatMap((v) => [v.W, v.b]);
  const optimizer = tf.train.adam(o.learningRate ?? 0.001, 0.9, 0.999, 1e-8);

  /** Logits of `x`; `masks` (one per hidden layer, already scaled by 1/keep) applies dropout. */
  const forward = (x: TF.Tensor2D, masks?: TF.Tensor2D[]): TF.Tensor1D => {
    let h = x;
    vars.forEach((v, k) => {
      const z = tf.add(tf.matMul(h, v.W), v.b) as TF.Tensor2D;
      if (k === vars.length - 1) h = z;
      else {
        h = act(z);
        if (masks) h = tf.mul(h, masks[k]);
      }
    });
    return h.reshape([-1]) as TF.Tensor1D;
  };
  /** Σ w·logloss(z, y), stably: max(z, 0) − z·y + log(1 + e^−|z|). */
  const weightedLogLossSum = (z: TF.Tensor1D, yt: TF.Tensor1D, wt: TF.Tensor1D): TF.Scalar =>
    tf.sum(tf.mul(wt, tf.add(tf.sub(tf.relu(z), tf.mul(z, yt)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))))) as TF.Scalar;

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
  let valWeightSum = 0;
  if (val) for (const w of val.wb) valWeightSum += w;

  const snapshot = (): MlpLayer[] =>
    vars.map((v, k) => ({
      inputs: init[k].inputs,
      units: init[k].units,
      weights: Float32Array.from(v.W.dataSync()),
      bias: Float32Array.from(v.b.dataSync()),
    }));

  const history: MlpEpoch[] = [];
  const order = Int32Array.from(train);
  let best = Infinity;
  let bestEpoch = 0;
  let bestLayers: MlpLayer[] | undefined;
  let sinceBest = 0;
  let stoppedEarly = false;
  // The epoch's loss stays on the backend until the epoch ends (one read-back, not one per batch).
  let lossSum: TF.Scalar | undefined;
  try {
    for (let epoch = 1; epoch <= maxEpochs; epoch++) {
      rng.shuffle(order);
      lossSum = tf.keep(tf.scalar(0));
      for (let from = 0, batch = 0; from < nTrain; from += B, batch++) {
        const count = Math.min(B, nTrain - from);
        const { xb, yb, wb } = rowsOf(order, from, count);
        let maskData: Float32Array | undefined;
        if (keep < 1 && hiddenWidth > 0) {
          maskData = new Float32Array(count * hiddenWidth);
          for (let k = 0; k < maskData.length; k++) maskData[k] = rng.next() < keep ? 1 / keep : 0;
        }
        const sumSoFar: TF.Scalar = lossSum;
        const next = tf.tidy(() => {
          const xt = tf.tensor2d(xb, [count, d]);
          const yt = tf.tensor1d(yb);
          const wt = tf.tensor1d(wb);
          let masks: TF.Tensor2D[] | undefined;
          if (maskData) {
            const all = tf.tensor2d(maskData, [count, hiddenWidth]);
            masks = tf.split(all, [...o.hidden], 1) as TF.Tensor2D[];
          }
          const cost = optimizer.minimize(
            () => {
              const data = weightedLogLossSum(forward(xt, masks), yt, wt);
              let penalty: TF.Scalar = tf.scalar(0);
              for (const v of vars) penalty = tf.add(penalty, tf.sum(tf.square(v.W)));
              return tf.div(tf.add(data, tf.mul(penalty, 0.5 * alpha)), count) as TF.Scalar;
            },
            true,
            varList,
          ) as TF.Scalar;
          return tf.add(sumSoFar, tf.mul(cost, count)) as TF.Scalar;
        });
        sumSoFar.dispose();
        lossSum = next;
        if (o.checkpoint && batch % 8 === 7) await o.checkpoint();
      }
      const loss = (await lossSum.data())[0] / nTrain;
      lossSum.dispose();
      lossSum = undefined;
      let validationLoss = NaN;
      if (val) {
        const v = tf.tidy(() =>
          weightedLogLossSum(forward(tf.tensor2d(val.xb, [validation.length, d])), tf.tensor1d(val.yb), tf.tensor1d(val.wb)),
        );
        validationLoss = (await v.data())[0] / valWeightSum;
        v.dispose();
      }
      if (!Number.isFinite(loss)) {
        throw new Error(`Training diverged at epoch ${epoch} (loss ${loss}). Lower the learning rate or standardise the features.`);
      }
      const entry: MlpEpoch = { epoch, epochs: maxEpochs, loss, validationLoss };
      history.push(entry);
      // Watch the validation loss when there is a validation split, else the training loss. As in
      // scikit-learn: an epoch counts as no improvement unless it beats the best by `tol`, and the best
      // moves on any improvement.
      const watched = val ? validationLoss : loss;
      sinceBest = watched > best - tol ? sinceBest + 1 : 0;
      if (watched < best) {
        best = watched;
        bestEpoch = epoch;
        if (val) bestLayers = snapshot();
      }
      if (o.onEpoch) await o.onEpoch(entry);
      if (o.checkpoint) await o.checkpoint();
      if (sinceBest >= patience) {
        stoppedEarly = true;
        break;
      }
    }
    const layers = bestLayers ?? snapshot();
    if (!bestLayers) bestEpoch = history.length;
    return {
      state: { activation, layers, mean, std },
      history,
      bestEpoch,
      stoppedEarly,
      trainRows: nTrain,
      validationRows: validation.length,
    };
  } finally {
    lossSum?.dispose();
    optimizer.dispose();
    for (const v of varList) v.dispose();
  }
}

/**
 * Probability of the positive class for each row of X (n × d, raw features), with the saved weights:
 * the same forward pass as training (without dropout) in double precision.
 */
export function scoreMlp(state: MlpState, X: Float64Array, n: number, d: number): Float64Array {
  if (state.mean.length !== d) throw new Error(`The network expects ${state.mean.length} features but got ${d}.`);
  const out = new Float64Array(n);
  const widest = Math.max(d, ...state.layers.map((l) => l.units));
  let a = new Float64Array(widest);
  let b = new Float64Array(widest);
  const f = activationFunction(state.activation);
  const last = state.layers.length - 1;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) a[j] = (X[i * d + j] - state.mean[j]) / state.std[j];
    for (let k = 0; k <= last; k++) {
      const { inputs, units, weights, bias } = state.layers[k];
      for (let u = 0; u < units; u++) b[u] = bias[u];
      for (let j = 0; j < inputs; j++) {
        const aj = a[j];
        if (aj === 0) continue;
        const row = j * units;
        for (let u = 0; u < units; u++) b[u] += aj * weights[row + u];
      }
      if (k < last) for (let u = 0; u < units; u++) b[u] = f(b[u]);
      const t = a;
      a = b;
      b = t;
    }
    out[i] = 1 / (1 + Math.exp(-a[0]));
  }
  return out;
}

function activationFunction(name: MlpActivation): (x: number) => number {
  if (name === 'relu') return (x) => (x > 0 ? x : 0);
  if (name === 'tanh') return Math.tanh;
  if (name === 'logistic') return (x) => 1 / (1 + Math.exp(-x));
  throw new Error(`Unknown activation "${String(name)}" in the saved network (known: ${MLP_ACTIVATIONS.join(', ')}).`);
}

/** "64, 32" → [64, 32]; "" → [] (no hidden layer). Throws a sentence naming the bad part. */
export function parseHiddenSizes(text: string): number[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  return trimmed.split(/[\s,;]+/).map((part) => {
    const v = Number(part);
    if (!Number.isInteger(v) || v < 1 || v > 4096) {
      throw new Error(`"${part}" is not a layer size: give whole numbers from 1 to 4096 separated by commas, e.g. 64,32.`);
    }
    return v;
  });
}

/**
 * Scores `neural-network` models (declared by the neural-network node): the forward pass above on the
 * model's dense features.
 */
export const neuralNetworkScorer = {
  score: (model: Model, features: FeatureMatrix): Float64Array => {
    if (features.sparse && features.sparse.nCols > 0) {
      throw new Error('Neural-network models use table columns only; score tables without text features (leave out the TF-IDF node).');
    }
    return scoreMlp(model.state as unknown as MlpState, features.X, features.n, features.d);
  },
};
