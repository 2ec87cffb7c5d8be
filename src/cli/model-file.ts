/**
 * Saving a trained model to a JSON file and loading it back (for `crispflow serve --model <file>`).
 * Typed arrays are stored as { "$typed": "Float64Array", "base64": "…" } (little-endian bytes), so the
 * round trip is exact.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import type { Model } from '../core/ports.ts';
import { hasScorer } from '../ml/models/scorers.ts';

const TYPED = { Float64Array, Float32Array, Int32Array, Uint32Array, Uint8Array, Int16Array, Uint16Array, Int8Array } as const;
type TypedName = keyof typeof TYPED;

export const MODEL_FILE_FORMAT = 'crispflow-model/1';

const base64Of = (view: ArrayBufferView) => Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');

/** The model as JSON values; `base64` gives each typed array's "base64" string (modelFileBytes puts a placeholder there). */
function encode(value: unknown, base64: (view: ArrayBufferView) => string = base64Of): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name as TypedName;
    if (!(name in TYPED)) throw new Error(`Cannot save a ${name} in a model file.`);
    return { $typed: name, base64: base64(value) };
  }
  if (Array.isArray(value)) {
    // Feature names and vocabularies (thousands of strings) are written as they are: nothing in them to encode.
    if (value.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) return value;
    return value.map((v) => encode(v, base64));
  }
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v, base64)]));
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

/**
 * The UTF-8 bytes of modelFileText, without ever holding the whole text as one string: a forest's arrays
 * make an ~11 MB file, and stringifying, scanning and encoding that text cost ~50 ms at the end of every
 * run that trains one. Each typed array's base64 goes straight into the bytes; the rest is JSON.stringify'd
 * with a placeholder per array, which holds a random tag so no string of the model (feature names come from
 * the user's data) can be taken for one.
 */
export function modelFileBytes(model: Model): Uint8Array {
  const views: ArrayBufferView[] = [];
  const tag = `@@crispflow-array-${randomBytes(8).toString('hex')}-`;
  const skeleton = JSON.stringify({ format: MODEL_FILE_FORMAT, model: encode(model, (view) => `${tag}${views.push(view) - 1}@@`) });
  // The text around each placeholder (in the order the arrays were met, which is the order JSON.stringify writes them).
  const texts: string[] = [];
  let from = 0;
  for (let i = 0; i < views.length; i++) {
    const placeholder = `"${tag}${i}@@"`;
    const at = skeleton.indexOf(placeholder, from);
    if (at < 0) throw new Error('Internal error: a typed array of the model file was not written.');
    texts.push(skeleton.slice(from, at));
    from = at + placeholder.length;
  }
  texts.push(skeleton.slice(from));
  const arrays = views.map(base64Of);
  const size = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) + arrays.reduce((n, b) => n + b.length + 2, 0);
  const out = Buffer.allocUnsafe(size);
  let at = out.write(texts[0], 0, 'utf8');
  arrays.forEach((b, i) => {
    at += out.write('"', at, 'latin1');
    at += out.write(b, at, 'latin1');
    at += out.write('"', at, 'latin1');
    at += out.write(texts[i + 1], at, 'utf8');
  });
  if (at !== size) throw new Error('Internal error: the model file was not assembled whole.');
  return out;
}

/** Writes the model file atomically: a kill mid-write leaves the previous file, never a truncated one. */
export async function saveModelFile(file: string, model: Model): Promise<void> {
  await writeFileAtomic(file, modelFileBytes(model));
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
