/**
 * The settings of a neural-network model as stored in `model.hyperParams` (plain JSON), and the
 * training options they stand for. One mapping, so the node and the time-series CV fold kernel (which
 * retrains a model from its stored settings) train the same network.
 */
import type { ClassWeightMode } from '../models/class-weights.ts';
import { MLP_ACTIVATIONS, type MlpActivation } from './mlp-architecture.ts';
import type { MlpOptions } from './mlp.ts';

export interface MlpSettings {
  hidden: number[];
  activation: MlpActivation;
  dropout: number;
  l2: number;
  learningRate: number;
  epochs: number;
  batchSize: number;
  validationFraction: number;
  patience: number;
  classWeight: ClassWeightMode;
  seed: number;
}

export const DEFAULT_MLP_SETTINGS: MlpSettings = {
  hidden: [64, 32],
  activation: 'relu',
  dropout: 0,
  l2: 1e-4,
  learningRate: 0.001,
  epochs: 200,
  batchSize: 200,
  validationFraction: 0.1,
  patience: 10,
  classWeight: 'none',
  seed: 0,
};

/** The training options for these settings (weights, callbacks and backend are the caller's). */
export function mlpOptions(s: MlpSettings): Omit<MlpOptions, 'sampleWeight' | 'onEpoch' | 'checkpoint'> {
  return {
    hidden: s.hidden.slice(),
    activation: s.activation,
    dropout: s.dropout,
    l2: s.l2,
    learningRate: s.learningRate,
    epochs: s.epochs,
    batchSize: s.batchSize,
    validationFraction: s.validationFraction,
    patience: s.patience,
    seed: s.seed,
  };
}

/**
 * Settings read back from a model's hyperParams (e.g. a model file or another node's output); a
 * missing or malformed entry is refused with its name rather than guessed.
 */
export function mlpSettingsFrom(h: Record<string, unknown>): MlpSettings {
  const num = (key: keyof MlpSettings): number => {
    const v = h[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`The neural-network model's setting "${key}" is ${JSON.stringify(v)}, not a number. Retrain the model.`);
    return v;
  };
  const hidden = h.hidden;
  if (!Array.isArray(hidden) || !hidden.every((x) => Number.isInteger(x) && x > 0)) {
    throw new Error(`The neural-network model's setting "hidden" is ${JSON.stringify(hidden)}, not a list of layer sizes. Retrain the model.`);
  }
  const activation = h.activation as MlpActivation;
  if (!MLP_ACTIVATIONS.includes(activation)) throw new Error(`The neural-network model's activation "${String(activation)}" is unknown (known: ${MLP_ACTIVATIONS.join(', ')}).`);
  const classWeight = h.classWeight === 'balanced' ? 'balanced' : h.classWeight === 'none' ? 'none' : undefined;
  if (!classWeight) throw new Error(`The neural-network model's class weights "${String(h.classWeight)}" are unknown (known: none, balanced).`);
  return {
    hidden: hidden as number[],
    activation,
    dropout: num('dropout'),
    l2: num('l2'),
    learningRate: num('learningRate'),
    epochs: num('epochs'),
    batchSize: num('batchSize'),
    validationFraction: num('validationFraction'),
    patience: num('patience'),
    classWeight,
    seed: num('seed'),
  };
}

