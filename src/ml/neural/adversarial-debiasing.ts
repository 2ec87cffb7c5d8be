/**
 * Adversarial debiasing (Zhang, Lemoine & Mitchell 2018, "Mitigating Unwanted Biases with Adversarial
 * Learning"), following AIF360's formulation:
 *
 * - Classifier: x → ReLU hidden layer (200 units) → dropout → logit ŷ.
 * - Adversary (equalized odds): s = σ((1 + |c|)·ŷ), input [s, s·y, s·(1−y)] → logit ẑ predicting the
 *   protected attribute z. Giving it the true label y means it can only exploit what ŷ reveals about z
 *   beyond y, which is exactly a violation of equalized odds.
 * - Each batch: the adversary takes an Adam step on its loss; the classifier takes an Adam step along
 *   ∇L_clf − proj(∇L_clf onto ∇L_adv) − α·∇L_adv (the projection term stops the classifier from moving
 *   in a direction that helps the adversary; −α·∇L_adv actively hurts it).
 *
 * TF.js is passed in (the node imports it dynamically) so this module never pulls it into a bundle.
 * Features are standardised inside (means/stds kept in the model state). Seeded: weights are drawn from
 * the caller's rng, dropout masks and batch order from it too.
 */
import type * as TF from '@tensorflow/tfjs';
import type { Rng } from '../../core/rng.ts';

export interface AdversarialOptions {
  hiddenUnits?: number;
  epochs?: number;
  batchSize?: number;
  /** α: weight of the adversary's gradient in the classifier update. */
  adversaryWeight?: number;
  learningRate?: number;
  /** Dropout rate on the hidden layer (AIF360 keeps 80%). */
  dropout?: number;
  /** false trains the plain classifier (no adversary), for comparison. */
  debias?: boolean;
  /** Row weights (e.g. from reweighing): both losses become weighted means. Rescaled to mean 1. */
  weights?: Float64Array;
  rng: Rng;
  onEpoch?: (epoch: number, losses: { classifier: number; adversary: number }) => Promise<void> | void;
  /** Called every few batches (cancellation). */
  checkpoint?: () => Promise<void>;
}

export interface AdversarialState {
  mean: Float64Array;
  std: Float64Array;
  /** d × H row-major. */
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: number;
  hidden: number;
}

export interface AdversarialFit {
  state: AdversarialState;
  losses: Array<{ classifier: number; adversary: number }>;
}

/** Glorot-uniform weights drawn from the seeded rng. */
function glorot(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = (2 * rng.next() - 1) * limit;
  return w;
}

export function standardize(X: Float64Array, n: number, d: number): { Z: Float32Array; mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j] += (X[i * d + j] - mean[j]) ** 2;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j] / n) || 1;
  const Z = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Z[i * d + j] = (X[i * d + j] - mean[j]) / std[j];
  return { Z, mean, std };
}

/** Adam (Kingma & Ba) on a flat parameter vector, in place. */
class Adam {
  private m: Float64Array;
  private v: Float64Array;
  private t = 0;
  constructor(size: number, private readonly beta1 = 0.9, private readonly beta2 = 0.999, private readonly eps = 1e-8) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }
  step(params: Float32Array, grad: Float64Array, lr: number): void {
    this.t++;
    const { m, v, beta1, beta2 } = this;
    const lrT = (lr * Math.sqrt(1 - beta2 ** this.t)) / (1 - beta1 ** this.t);
    for (let k = 0; k < params.length; k++) {
      const g = grad[k];
      m[k] = beta1 * m[k] + (1 - beta1) * g;
      v[k] = beta2 * v[k] + (1 - beta2) * g * g;
      params[k] -= (lrT * m[k]) / (Math.sqrt(v[k]) + this.eps);
    }
  }
}

/**
 * g ← g − (g·û)û − α·a with û = a/‖a‖, on the slice [from, to) (one variable, as AIF360 projects per variable).
 */
function projectSlice(g: Float64Array, a: Float64Array, from: number, to: number, alpha: number): void {
  let norm = 0;
  for (let k = from; k < to; k++) norm += a[k] * a[k];
  norm = Math.sqrt(norm) + 1e-8;
  let dot = 0;
  for (let k = from; k < to; k++) dot += (g[k] * a[k]) / norm;
  for (let k = from; k < to; k++) g[k] -= (dot * a[k]) / norm + alpha * a[k];
}

/**
 * Trains the classifier (and adversary). The forward and backward passes run as TF.js kernels with the
 * gradients written out by hand (two fused matrix products do the whole backward pass for both losses
 * at once); the projection and Adam steps run on the small parameter vectors in plain arrays. This
 * keeps each batch to ~30 TF.js ops, where autodiff + optimiser objects needed several hundred — the
 * difference between ~90 s and a few seconds for 50 epochs on 20,000 rows (per-op overhead dominates
 * at batch 128).
 */
export async function trainAdversarialDebiasing(
  tf: typeof TF,
  X: Float64Array,
  n: number,
  d: number,
  y: Uint8Array,
  z: Uint8Array,
  o: AdversarialOptions,
): Promise<AdversarialFit> {
  const H = o.hiddenUnits ?? 200;
  const epochs = o.epochs ?? 50;
  const B = Math.min(o.batchSize ?? 128, n);
  const alpha = o.adversaryWeight ?? 0.1;
  const rate = o.dropout ?? 0.2;
  const keep = 1 - rate;
  const debias = o.debias ?? true;
  const lr0 = o.learningRate ?? 0.001;
  const { rng } = o;
  const { Z, mean, std } = standardize(X, n, d);
  const D1 = d + 1; // inputs plus a constant 1, so the first layer's bias is its last weight row

  // Classifier parameters, flat: [W1 (d×H) | b1 (H) | W2 (H) | b2]; adversary: [c | wa (3) | ba].
  const nW1 = D1 * H;
  const clf = new Float32Array(nW1 + H + 1);
  clf.set(glorot(rng, d, H), 0);
  clf.set(glorot(rng, H, 1), nW1);
  const adv = Float32Array.from([1, ...glorot(rng, 3, 1), 0]);
  const W1 = clf.subarray(0, nW1);
  const W2 = clf.subarray(nW1, nW1 + H);
  const clfOpt = new Adam(clf.length);
  const advOpt = new Adam(adv.length);
  const gClf = new Float64Array(clf.length);
  const gAdvClf = new Float64Array(clf.length);
  const gAdv = new Float64Array(adv.length);

  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const xb = new Float32Array(B * D1);
  const xbT = new Float32Array(B * D1);
  const yb = new Float32Array(B);
  const wb = new Float32Array(B).fill(1);
  let rowWeight: Float64Array | undefined;
  if (o.weights) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += o.weights[i];
    if (!(sum > 0)) throw new Error('The row weights sum to zero or less.');
    rowWeight = Float64Array.from(o.weights, (w) => (w * n) / sum);
  }
  const zb = new Float32Array(B);
  const vb = new Float32Array(B * 3);
  const mb = new Float32Array(B * H);
  const losses: AdversarialFit['losses'] = [];
  const nBatches = Math.floor(n / B) || 1;
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    rng.shuffle(order);
    let clfLoss = 0;
    let advLoss = 0;
    for (let b = 0; b < nBatches; b++) {
      for (let r = 0; r < B; r++) {
        const i = order[b * B + r];
        for (let j = 0; j < d; j++) xb[r * D1 + j] = Z[i * d + j];
        xb[r * D1 + d] = 1;
        for (let j = 0; j < D1; j++) xbT[j * B + r] = xb[r * D1 + j];
        yb[r] = y[i];
        zb[r] = z[i];
        if (rowWeight) wb[r] = rowWeight[i];
        vb[r * 3] = 1;
        vb[r * 3 + 1] = y[i];
        vb[r * 3 + 2] = 1 - y[i];
      }
      // Inverted dropout mask: an inlined xorshift32 seeded from the rng each batch (25,600 draws per
      // batch; a closure call per draw would cost more than the batch's matrix products).
      if (rate > 0) {
        let x = rng.int(0x7fffffff) + 1;
        const cut = keep * 4294967296;
        const on = 1 / keep;
        for (let k = 0; k < mb.length; k++) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          mb[k] = x >>> 0 < cut ? on : 0;
        }
      } else mb.fill(1);
      const a = 1 + Math.abs(adv[0]);
      const ba = adv[4];
      const b2 = clf[clf.length - 1];
      const packed = tf.tidy(() => {
        const X1 = tf.tensor2d(xb, [B, D1]);
        const X1T = tf.tensor2d(xbT, [D1, B]);
        const yt = tf.tensor2d(yb, [B, 1]);
        const zt = tf.tensor2d(zb, [B, 1]);
        const wt = tf.tensor2d(wb, [B, 1]);
        const V = tf.tensor2d(vb, [B, 3]);
        const M = tf.tensor2d(mb, [B, H]);
        const w1 = tf.tensor2d(W1, [D1, H]);
        const w2 = tf.tensor2d(W2, [H, 1]);
        const wa = tf.tensor2d(adv.subarray(1, 4), [3, 1]);
        // Forward: classifier.
        const hm = tf.mul(tf.relu(tf.matMul(X1, w1)), M);
        const logit = tf.add(tf.matMul(hm, w2), b2);
        const p = tf.sigmoid(logit);
        const gc = tf.mul(tf.sub(p, yt), wt); // ∂(weighted CE)/∂logit (×B)
        // Forward: adversary on [s, s·y, s·(1−y)] = s ⊙ V.
        const s = tf.sigmoid(tf.mul(logit, a));
        const u = tf.mul(s, V);
        const q = tf.sigmoid(tf.add(tf.matMul(u, wa), ba));
        const dz = tf.mul(tf.sub(q, zt), wt); // ∂CE_adv/∂(adversary logit) (×B)
        const gA = tf.mul(tf.mul(dz, tf.matMul(V, wa)), tf.sub(s, tf.square(s))); // ∂/∂(a·logit)
        const ga = tf.mul(gA, a); // ∂CE_adv/∂logit
        // Backward through the classifier for both losses at once. Products are arranged so no
        // operand needs a transpose (transposed matMul is several times slower in the wasm backend).
        const gcRow = gc.reshape([1, B]);
        const gaRow = ga.reshape([1, B]);
        const GT = tf.concat([gcRow, gaRow], 0); // 2 × B
        const dW2T = tf.matMul(GT, hm); // 2 × H
        const D0 = tf.step(hm); // ReLU active and kept by dropout
        const dW1 = tf.matMul(tf.concat([tf.mul(X1T, gcRow), tf.mul(X1T, gaRow)], 0), D0); // 2·D1 × H
        const dwa = tf.matMul(dz.reshape([1, B]), u); // 1 × 3
        const sums = tf.sum(tf.concat([gc, ga, dz, tf.mul(gA, logit)], 1), 0);
        return tf.concat([dW1.reshape([-1]), dW2T.reshape([-1]), dwa.reshape([-1]), sums, p.reshape([-1]), q.reshape([-1])]);
      });
      const out = packed.dataSync();
      packed.dispose();

      // Unpack, applying the factors kept out of the kernels: 1/B, W2[h], 1/keep.
      const inv = 1 / B;
      const oW2 = 2 * nW1;
      const oWa = oW2 + 2 * H;
      const oSum = oWa + 3;
      const oP = oSum + 4;
      const oQ = oP + B;
      for (let j = 0; j < D1; j++) {
        for (let h = 0; h < H; h++) {
          const f = (W2[h] / keep) * inv;
          gClf[j * H + h] = out[j * H + h] * f;
          gAdvClf[j * H + h] = out[(D1 + j) * H + h] * f;
        }
      }
      for (let h = 0; h < H; h++) {
        gClf[nW1 + h] = out[oW2 + h] * inv;
        gAdvClf[nW1 + h] = out[oW2 + H + h] * inv;
      }
      gClf[clf.length - 1] = out[oSum] * inv;
      gAdvClf[clf.length - 1] = out[oSum + 1] * inv;
      let lc = 0;
      let la = 0;
      for (let r = 0; r < B; r++) {
        const pr = Math.min(Math.max(out[oP + r], 1e-7), 1 - 1e-7);
        const qr = Math.min(Math.max(out[oQ + r], 1e-7), 1 - 1e-7);
        lc -= wb[r] * (yb[r] ? Math.log(pr) : Math.log(1 - pr));
        la -= wb[r] * (zb[r] ? Math.log(qr) : Math.log(1 - qr));
      }
      clfLoss += lc * inv;
      advLoss += la * inv;

      // AIF360's schedule: learning rate × 0.96 every 1000 steps.
      const lr = lr0 * 0.96 ** Math.floor(step / 1000);
      step++;
      if (debias) {
        // Classifier: remove the component that helps the adversary, then push against it.
        projectSlice(gClf, gAdvClf, 0, d * H, alpha);
        projectSlice(gClf, gAdvClf, d * H, nW1, alpha);
        projectSlice(gClf, gAdvClf, nW1, nW1 + H, alpha);
        projectSlice(gClf, gAdvClf, nW1 + H, clf.length, alpha);
        gAdv[0] = adv[0] === 0 ? 0 : out[oSum + 3] * inv * Math.sign(adv[0]);
        gAdv[1] = out[oWa] * inv;
        gAdv[2] = out[oWa + 1] * inv;
        gAdv[3] = out[oWa + 2] * inv;
        gAdv[4] = out[oSum + 2] * inv;
        advOpt.step(adv, gAdv, lr);
      }
      clfOpt.step(clf, gClf, lr);
      if (o.checkpoint && b % 16 === 15) await o.checkpoint();
    }
    const epochLoss = { classifier: clfLoss / nBatches, adversary: advLoss / nBatches };
    losses.push(epochLoss);
    if (o.onEpoch) await o.onEpoch(epoch, epochLoss);
  }
  const state: AdversarialState = {
    mean,
    std,
    w1: clf.slice(0, d * H),
    b1: clf.slice(d * H, nW1),
    w2: clf.slice(nW1, nW1 + H),
    b2: clf[clf.length - 1],
    hidden: H,
  };
  return { state, losses };
}

// Scoring lives in neural-scorers.ts: hosts that only describe the node (the designer's main thread) import
// the scorer without the training code.
export { adversarialDebiasingScorer, scoreAdversarial } from './neural-scorers.ts';

