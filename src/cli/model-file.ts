/**
 * Saving a trained model to a JSON file and loading it back (for `crispflow serve --model <file>`).
 * Typed arrays are stored as { "$typed": "Float64Array", "base64": "…" } (little-endian bytes), so the
 * round trip is exact.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import type { Model } from '../core/ports.ts';
import { hasScorer } from '../ml/models/scorers.ts';

const TYPED = { Float64Array, Float32Array, Int32Array, Uint32Array, Uint8Array, Int16Array, Uint16Array, Int8Array } as const;
type TypedName = keyof typeof TYPED;

export const MODEL_FILE_FORMAT = 'crispflow-model/1';

function encode(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name as TypedName;
    if (!(name in TYPED)) throw new Error(`Cannot save a ${name} in a model file.`);
    return { $typed: name, base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  }
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  return value;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.$typed === 'string' && typeof o.base64 === 'string') {
      const Ctor = TYPED[o.$typed as TypedName];
      if (!Ctor) throw new Error(`Unknown array type "${o.$typed}" in the model file.`);
      const bytes = Buffer.from(o.base64, 'base64');
      const copy = new Uint8Array(bytes.byteLength);
      copy.set(bytes);
      return new Ctor(copy.buffer);
    }
    if (typeof o.$number === 'string' && Object.keys(o).length === 1) return Number(o.$number);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

export function modelFileText(model: Model): string {
  return JSON.stringify({ format: MODEL_FILE_FORMAT, model: encode(model) });
}

/** Writes the model file atomically: a kill mid-write leaves the previous file, never a truncated one. */
export async function saveModelFile(file: string, model: Model): Promise<void> {
  await writeFileAtomic(file, modelFileText(model));
}

export async function loadModelFile(file: string): Promise<Model> {
  return modelFromFileJson(JSON.parse(await readFile(file, 'utf8')), `"${file}"`);
}

/**
 * The model in a parsed model file (also what the studio receives from the designer); `source` names it in
 * errors. `requireScorer: false` for code that only stores the model (the studio keeps it, serve scores it).
 */
export function modelFromFileJson(parsed: unknown, source: string, o: { requireScorer?: boolean } = {}): Model {
  const json = (parsed ?? {}) as { format?: string; model?: unknown };
  if (json.format !== MODEL_FILE_FORMAT) throw new Error(`${source} is not a Crispflow model file (format ${json.format ?? 'missing'}).`);
  const model = decode(json.model) as Model;
  if (!model || typeof model.kind !== 'string' || !model.featurizer || !Array.isArray(model.featureNames)) {
    throw new Error(`${source} does not hold a complete model.`);
  }
  if (o.requireScorer !== false && !hasScorer(model.kind)) throw new Error(`${source} holds a "${model.kind}" model, which this Crispflow cannot score.`);
  return model;
}
