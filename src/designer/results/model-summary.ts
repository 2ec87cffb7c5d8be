/**
 * What the model viewer shows of a trained model: its learned per-feature weights, whichever form the
 * kind keeps them in (signed coefficients for linear models, unsigned importances for trees), the
 * largest by magnitude first. Generic over kinds: it looks for well-known state keys whose length
 * matches the feature names, so a new model kind shows up without changes here.
 */
import type { Model } from '../../core/ports.ts';

export interface FeatureWeight {
  feature: string;
  value: number;
}

export interface ModelWeights {
  kind: 'coefficient' | 'importance';
  /** Sorted by |value| descending, at most `limit`. */
  top: FeatureWeight[];
  total: number;
  intercept?: number;
}

const COEFFICIENT_KEYS = ['coef', 'coefficients', 'weights'];
const IMPORTANCE_KEYS = ['importances', 'featureImportances', 'importance'];

function asNumbers(v: unknown, length: number): ArrayLike<number> | undefined {
  if (v instanceof Float64Array || v instanceof Float32Array) return v.length === length ? v : undefined;
  if (Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'number')) return v as number[];
  return undefined;
}

export function modelWeights(model: Model, limit = 20): ModelWeights | undefined {
  const names = model.featureNames ?? [];
  const state = model.state ?? {};
  const pick = (keys: string[]) => {
    for (const k of keys) {
      const v = asNumbers(state[k], names.length);
      if (v) return v;
    }
    return undefined;
  };
  let kind: ModelWeights['kind'] = 'coefficient';
  let values = pick(COEFFICIENT_KEYS);
  if (!values) {
    values = pick(IMPORTANCE_KEYS);
    kind = 'importance';
  }
  if (!values || names.length === 0) return undefined;
  const order = Array.from({ length: names.length }, (_, i) => i).filter((i) => Number.isFinite(values[i]));
  order.sort((a, b) => Math.abs(values[b]) - Math.abs(values[a]) || a - b);
  const out: ModelWeights = {
    kind,
    top: order.slice(0, limit).map((i) => ({ feature: names[i], value: values[i] })),
    total: names.length,
  };
  const intercept = state.intercept;
  if (typeof intercept === 'number') out.intercept = intercept;
  return out;
}

/** Hyper-parameters as display rows (nested values as compact JSON). */
export function hyperParamRows(model: Model): Array<{ name: string; value: string }> {
  return Object.entries(model.hyperParams ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([name, v]) => ({ name, value: typeof v === 'string' ? v : JSON.stringify(v) }));
}
