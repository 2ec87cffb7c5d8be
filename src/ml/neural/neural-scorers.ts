/**
 * Scoring of the neural models (neural-network, adversarial-debiasing) in plain double-precision
 * JavaScript, apart from their TF.js training code: node definitions declare these scorers, and hosts
 * that only describe nodes (the designer's main thread) import them without the training code.
 */
import type { ModelScorer } from '../../core/node-definition.ts';
import type { Model } from '../../core/ports.ts';
import type { FeatureMatrix } from '../features/featurizer.ts';
import type { AdversarialState } from './adversarial-debiasing.ts';
import { MLP_ACTIVATIONS, type MlpActivation } from './mlp-architecture.ts';
import type { MlpState } from './mlp.ts';

/**
 * The network's logit for one standardised row, in double precision: reused buffers, so callers get a
 * function and call it per row.
 */
function networkForward(state: Pick<MlpState, 'activation' | 'layers'>, d: number): (z: ArrayLike<number>) => number {
  const widest = Math.max(d, ...state.layers.map((l) => l.units));
  const bufferA = new Float64Array(widest);
  const bufferB = new Float64Array(widest);
  const f = activationFunction(state.activation);
  const layers = state.layers;
  const last = layers.length - 1;
  return (z) => {
    // Locals, not the closure's variables: V8 keeps captured variables that are reassigned in a
    // context object, which made this loop several times slower.
    let a = bufferA;
    let b = bufferB;
    for (let j = 0; j < d; j++) a[j] = z[j];
    for (let k = 0; k <= last; k++) {
      const { inputs, units, weights, bias } = layers[k];
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
    return a[0];
  };
}


/**
 * Probability of the positive class for each row of X (n × d, raw features), with the saved weights:
 * the same forward pass as training (without dropout) in double precision.
 */
export function scoreMlp(state: MlpState, X: Float64Array, n: number, d: number): Float64Array {
  if (state.mean.length !== d) throw new Error(`The network expects ${state.mean.length} features but got ${d}.`);
  const out = new Float64Array(n);
  const forward = networkForward(state, d);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) z[j] = (X[i * d + j] - state.mean[j]) / state.std[j];
    out[i] = 1 / (1 + Math.exp(-forward(z)));
  }
  return out;
}


function activationFunction(name: MlpActivation): (x: number) => number {
  if (name === 'relu') return (x) => (x > 0 ? x : 0);
  if (name === 'tanh') return Math.tanh;
  if (name === 'logistic') return (x) => 1 / (1 + Math.exp(-x));
  throw new Error(`Unknown activation "${String(name)}" in the saved network (known: ${MLP_ACTIVATIONS.join(', ')}).`);
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


/** Scores rows with the trained classifier, in plain typed arrays (no TF.js needed to score). */
export function scoreAdversarial(state: AdversarialState, X: Float64Array, n: number, d: number): Float64Array {
  const H = state.hidden;
  const out = new Float64Array(n);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) z[j] = (X[i * d + j] - state.mean[j]) / state.std[j];
    let logit = state.b2;
    for (let h = 0; h < H; h++) {
      let a = state.b1[h];
      for (let j = 0; j < d; j++) a += z[j] * state.w1[j * H + h];
      if (a > 0) logit += a * state.w2[h];
    }
    out[i] = 1 / (1 + Math.exp(-logit));
  }
  return out;
}

/** Scores adversarially debiased models (declared by the adversarial-debiasing node). */
export const adversarialDebiasingScorer = {
  score: (model: Model, features: FeatureMatrix): Float64Array => {
    const state = model.state as unknown as AdversarialState;
    return scoreAdversarial(state, features.X, features.n, features.d);
  },
} satisfies ModelScorer;
