/**
 * A trained model as a `crispflow-model/1` file object (the format of src/cli/model-file.ts, which the
 * studio stores as <registry>/<model>/v<N>/model.json and `crispflow serve --model` loads), built in the
 * browser: typed arrays become { $typed, base64 } (little-endian bytes), non-finite numbers { $number }.
 */
import type { Model } from '../../core/ports.ts';

export const MODEL_FILE_FORMAT = 'crispflow-model/1';

const TYPED_NAMES = new Set(['Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array', 'Uint8Array', 'Int16Array', 'Uint16Array', 'Int8Array']);

function base64(bytes: Uint8Array): string {
  let s = '';
  // In slices: String.fromCharCode with a whole large array would overflow the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function encode(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name;
    if (!TYPED_NAMES.has(name)) throw new Error(`Cannot save a ${name} in a model file.`);
    return { $typed: name, base64: base64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
  }
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  return value;
}

export function modelFileObject(model: Model): { format: string; model: unknown } {
  return { format: MODEL_FILE_FORMAT, model: encode(model) };
}
