import type * as TF from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import { fitLogisticRegression } from '../linear/logistic-regression.ts';
import { logisticProbabilities } from '../linear/margins.ts';
import { auc } from '../metrics/classification.ts';
import { batchGradients, parseHiddenSizes, scoreMlp, stratifiedValidationRows, trainMlp, type MlpLayer, type MlpState } from './mlp.ts';
import { loadTf } from './tf-backend.ts';

/** XOR-like data: the label is 1 where x0·x1 > 0 (two opposite quadrants), plus 2 noise columns. */
function xorData(n: number, seed: number): { X: Float64Array; y: Uint8Array; d: number } {
  const rng = createRng(seed);
  const d = 4;
  const X = new Float64Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) X[i * d + j] = 2 * rng.next() - 1;
    // Different scales and offsets, so the internal standardisation matters.
    X[i * d] = 50 + 10 * X[i * d];
    y[i] = (X[i * d] - 50) * X[i * d + 1] > 0 ? 1 : 0;
  }
  return { X, y, d };
}

function logLoss(p: Float64Array, y: Uint8Array, rows: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const q = Math.min(Math.max(p[i], 1e-12), 1 - 1e-12);
    s -= y[i] ? Math.log(q) : Math.log(1 - q);
  }
  return s / rows.length;
}

describe('multilayer perceptron (TF.js training, typed-array scoring)', () => {
  it('learns XOR-like data that a logistic regression cannot, on the wasm backend', async () => {
    const { tf, backend } = await loadTf('auto');
    expect(backend).toBe('wasm');
    const train = xorData(1200, 1);
    const test = xorData(600, 2);
    const fit = await trainMlp(tf, train.X, 1200, train.d, train.y, { hidden: [16, 8], learningRate: 0.01, seed: 7 });
    const mlpAuc = auc(scoreMlp(fit.state, test.X, 600, test.d), test.y);
    const lr = await fitLogisticRegression({ n: 1200, d: train.d, X: train.X, names: ['a', 'b', 'c', 'd'] }, train.y);
    const lrAuc = auc(logisticProbabilities({ n: 600, d: test.d, X: test.X, names: [] }, lr.coef, lr.intercept), test.y);
    expect(mlpAuc).toBeGreaterThan(0.97);
    expect(lrAuc).toBeLessThan(0.6);
    expect(fit.validationRows).toBe(120); // 10% held back for early stopping by default
    expect(fit.trainRows).toBe(1080);
  });

  it('hand-written batch gradients equal TF.js autodiff (relu, tanh, logistic; row weights and dropout)', async () => {
    const { tf } = await loadTf('auto');
    const rng = createRng(21);
    const count = 7;
    const sizes = [3, 5, 4, 1];
    const start = tf.memory().numTensors;
    for (const activation of ['relu', 'tanh', 'logistic'] as const) {
      const layers: MlpLayer[] = sizes.slice(0, -1).map((inputs, k) => ({
        inputs,
        units: sizes[k + 1],
        weights: Float32Array.from({ length: inputs * sizes[k + 1] }, () => 0.7 * rng.normal()),
        bias: Float32Array.from({ length: sizes[k + 1] }, () => 0.3 * rng.normal()),
      }));
      const x = Float32Array.from({ length: count * 3 }, () => rng.normal());
      const y = Float32Array.from({ length: count }, () => rng.int(2));
      const w = Float32Array.from({ length: count }, () => 0.5 + rng.next());
      const masks = [5, 4].map((u) => Float32Array.from({ length: count * u }, () => (rng.next() < 0.7 ? 1 / 0.7 : 0)));
      const ours = batchGradients(tf, { activation, layers }, { x, y, w, masks, count });
      const expected = tf.tidy(() => {
        const act = (z: TF.Tensor) => (activation === 'relu' ? tf.relu(z) : activation === 'tanh' ? tf.tanh(z) : tf.sigmoid(z));
        const loss = (...p: TF.Tensor[]) => {
          let h: TF.Tensor = tf.tensor2d(x, [count, 3]);
          for (let k = 0; k < 3; k++) {
            const z = tf.add(tf.matMul(h as TF.Tensor2D, p[2 * k] as TF.Tensor2D), p[2 * k + 1]);
            h = k < 2 ? tf.mul(act(z), tf.tensor2d(masks[k], [count, sizes[k + 1]])) : z.reshape([count]);
          }
          const yt = tf.tensor1d(y);
          return tf.sum(tf.mul(tf.tensor1d(w), tf.add(tf.sub(tf.relu(h), tf.mul(h, yt)), tf.log1p(tf.exp(tf.neg(tf.abs(h)))))));
        };
        const params = layers.flatMap((l) => [tf.tensor2d(l.weights, [l.inputs, l.units]), tf.tensor1d(l.bias)]);
        return tf.concat(tf.grads(loss)(params).map((g) => g.reshape([-1])));
      });
      const want = expected.dataSync();
      expected.dispose();
      expect(ours.length).toBe(want.length + count); // gradients, then the batch's logits
      want.forEach((v, k) => expect(ours[k]).toBeCloseTo(v, 4));
      expect(want.some((v) => Math.abs(v) > 0.05)).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(start);
  });

  it('is deterministic given the seed, and another seed gives other weights', async () => {
    const { tf } = await loadTf('auto');
    const { X, y, d } = xorData(300, 3);
    const options = { hidden: [8, 4], epochs: 5, dropout: 0.2, seed: 11 };
    const a = await trainMlp(tf, X, 300, d, y, options);
    const b = await trainMlp(tf, X, 300, d, y, options);
    const c = await trainMlp(tf, X, 300, d, y, { ...options, seed: 12 });
    a.state.layers.forEach((layer, k) => {
      expect(Array.from(layer.weights)).toEqual(Array.from(b.state.layers[k].weights));
      expect(Array.from(layer.bias)).toEqual(Array.from(b.state.layers[k].bias));
    });
    expect(a.history.map((h) => h.loss)).toEqual(b.history.map((h) => h.loss));
    expect(Array.from(c.state.layers[0].weights)).not.toEqual(Array.from(a.state.layers[0].weights));
  });

  it('keeps the weights of the best validation epoch: the scorer reproduces that epoch\'s validation loss', async () => {
    const { tf } = await loadTf('auto');
    const { X, y, d } = xorData(500, 4);
    const fit = await trainMlp(tf, X, 500, d, y, { hidden: [12], activation: 'tanh', epochs: 30, learningRate: 0.01, seed: 5 });
    // Recompute the held-back rows (same seed, same draws: the initial weights come first).
    const rng = createRng(5);
    for (const [inputs, units] of [[d, 12], [12, 1]]) for (let k = 0; k < inputs * units + units; k++) rng.next();
    const { validation } = stratifiedValidationRows(y, 0.1, rng);
    expect(validation.length).toBe(fit.validationRows);
    const p = scoreMlp(fit.state, X, 500, d);
    const best = fit.history[fit.bestEpoch - 1];
    expect(best.validationLoss).toBe(Math.min(...fit.history.map((h) => h.validationLoss)));
    expect(logLoss(p, y, validation)).toBeCloseTo(best.validationLoss, 5);
  });

  it('stops early when the validation loss stops improving, and on the training loss without a validation split', async () => {
    const { tf } = await loadTf('auto');
    const { X, y, d } = xorData(400, 5);
    // Pure noise labels: nothing to learn, so the validation loss turns up quickly.
    const noise = Uint8Array.from(y, (_, i) => (createRng(i).next() < 0.5 ? 1 : 0));
    const fit = await trainMlp(tf, X, 400, d, noise, { hidden: [32], learningRate: 0.01, epochs: 300, patience: 5, seed: 1 });
    expect(fit.stoppedEarly).toBe(true);
    expect(fit.history.length).toBe(fit.bestEpoch + 5);
    const noVal = await trainMlp(tf, X, 400, d, y, { hidden: [4], epochs: 40, validationFraction: 0, tol: 10, patience: 3, seed: 1 });
    expect(noVal.validationRows).toBe(0);
    expect(noVal.history.length).toBe(4); // the first epoch sets the best; none of the next 3 beats it by tol = 10
    expect(noVal.history.every((h) => Number.isNaN(h.validationLoss))).toBe(true);
  });

  it('balanced class weights lift the scores of a rare class to even odds where features say nothing', async () => {
    const { tf } = await loadTf('auto');
    const { X, d } = xorData(600, 6);
    // ~15% positive, unrelated to the features: the best a network can do is predict the class share.
    const rng = createRng(60);
    const rare = Uint8Array.from({ length: 600 }, () => (rng.next() < 0.15 ? 1 : 0));
    let n1 = 0;
    for (const v of rare) n1 += v;
    const balanced = Float64Array.from(rare, (v) => (v ? 600 / (2 * n1) : 600 / (2 * (600 - n1))));
    const options = { hidden: [8], epochs: 30, learningRate: 0.01, validationFraction: 0, seed: 2 };
    const plain = await trainMlp(tf, X, 600, d, rare, options);
    const weighted = await trainMlp(tf, X, 600, d, rare, { ...options, sampleWeight: balanced });
    const mean = (s: MlpState) => scoreMlp(s, X, 600, d).reduce((a, b) => a + b, 0) / 600;
    expect(Math.abs(mean(plain.state) - n1 / 600)).toBeLessThan(0.05);
    expect(Math.abs(mean(weighted.state) - 0.5)).toBeLessThan(0.08); // balanced: both classes weigh the same
  });

  it('disposes every tensor it creates, whether it finishes, fails or is cancelled', async () => {
    const { tf } = await loadTf('auto');
    const { X, y, d } = xorData(300, 7);
    const start = tf.memory().numTensors;
    await trainMlp(tf, X, 300, d, y, { hidden: [8, 8], epochs: 3, dropout: 0.3, seed: 1 });
    expect(tf.memory().numTensors).toBe(start);
    await expect(
      trainMlp(tf, X, 300, d, y, { hidden: [8], epochs: 3, learningRate: 1e30, seed: 1, validationFraction: 0 }),
    ).rejects.toThrow(/diverged at epoch 1.*Lower the learning rate/);
    expect(tf.memory().numTensors).toBe(start);
    const controller = new AbortController();
    const checkpoint = async () => {
      if (controller.signal.aborted) throw Object.assign(new Error('Stopped by the user.'), { name: 'AbortError' });
    };
    await expect(
      trainMlp(tf, X, 300, d, y, { hidden: [8], epochs: 100, seed: 1, checkpoint, onEpoch: (e) => void (e.epoch === 2 && controller.abort()) }),
    ).rejects.toThrow('Stopped by the user.');
    expect(tf.memory().numTensors).toBe(start);
  });

  it('reaches a stop within a fraction of a second on a large epoch (checks between batches)', async () => {
    const { tf } = await loadTf('auto');
    const { X, y, d } = xorData(40_000, 8);
    const controller = new AbortController();
    let stopAsked = 0;
    setTimeout(() => {
      controller.abort();
      stopAsked = performance.now();
    }, 150);
    const checkpoint = async () => {
      await new Promise<void>((r) => setTimeout(r, 0));
      if (controller.signal.aborted) throw Object.assign(new Error('Stopped by the user.'), { name: 'AbortError' });
    };
    await expect(trainMlp(tf, X, 40_000, d, y, { hidden: [256, 128], batchSize: 64, epochs: 50, seed: 1, checkpoint })).rejects.toThrow(
      'Stopped by the user.',
    );
    expect(stopAsked).toBeGreaterThan(0);
    expect(performance.now() - stopAsked).toBeLessThan(300);
  });

  it('refuses bad settings with sentences that say what to change', async () => {
    const { tf } = await loadTf('auto');
    const { X, y, d } = xorData(50, 9);
    await expect(trainMlp(tf, X, 50, d, y, { hidden: [8], dropout: 1, seed: 1 })).rejects.toThrow('Dropout must be in [0, 1) (got 1).');
    await expect(trainMlp(tf, X, 50, d, y, { hidden: [8], validationFraction: 1, seed: 1 })).rejects.toThrow(/validation fraction/);
    await expect(trainMlp(tf, X, 50, d, y, { hidden: [8], sampleWeight: new Float64Array(50), seed: 1 })).rejects.toThrow(/sum to zero/);
    expect(parseHiddenSizes(' 64, 32 ')).toEqual([64, 32]);
    expect(parseHiddenSizes('128 64;16')).toEqual([128, 64, 16]);
    expect(parseHiddenSizes('')).toEqual([]);
    expect(() => parseHiddenSizes('64,x')).toThrow('"x" is not a layer size: give whole numbers from 1 to 4096 separated by commas, e.g. 64,32.');
    expect(() => parseHiddenSizes('0')).toThrow(/"0" is not a layer size/);
  });

  it('scorer: hand-checked forward pass (standardise, relu, sigmoid)', () => {
    const state: MlpState = {
      activation: 'relu',
      mean: Float64Array.from([1, 0]),
      std: Float64Array.from([2, 1]),
      layers: [
        { inputs: 2, units: 2, weights: Float32Array.from([1, -1, 0.5, 2]), bias: Float32Array.from([0, 0.5]) },
        { inputs: 2, units: 1, weights: Float32Array.from([1, -0.5]), bias: Float32Array.from([0.25]) },
      ],
    };
    // Row (3, 1): z = (1, 1); hidden = relu(1·1 + 1·0.5 + 0, 1·(−1) + 1·2 + 0.5) = (1.5, 1.5); logit = 1.5 − 0.75 + 0.25 = 1.
    // Row (1, −2): z = (0, −2); hidden = relu(−1, −3.5) = (0, 0); logit = 0.25.
    const p = scoreMlp(state, Float64Array.from([3, 1, 1, -2]), 2, 2);
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-0.25)), 12);
    expect(() => scoreMlp(state, new Float64Array(3), 1, 3)).toThrow('The network expects 2 features but got 3.');
  });
});
