import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Model } from '../core/ports.ts';
import { modelFileBytes, modelFileText, modelFromFileJson, saveModelFile } from './model-file.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A model with every typed array kind (some empty or views into a larger buffer), non-ASCII text and non-finite numbers. */
function awkwardModel(): Model {
  const big = new Float64Array(1000).map((_, i) => Math.sin(i) * 1e6);
  const shared = new Int32Array([1, -2, 3, -4, 5, -6, 7]);
  return {
    kind: 'random-forest',
    hyperParams: { nTrees: 2, maxDepth: Infinity, threshold: 0.5, note: 'naïve "quoted" \\ back\nline' },
    // Feature names come from user data: one looks like a placeholder, one holds a lone surrogate and a NUL.
    featureNames: ['résumé:Ä', '"@@crispflow-array-0123456789abcdef-0@@"', '@@crispflow-array-', 'tab\tnul\u0000', 'lone \ud800 surrogate', '日本語'],
    featurizer: { version: 1, columns: [{ name: 'x', kind: 'numeric', type: 'number' }] },
    state: {
      f64: big,
      f32: new Float32Array([1.5, NaN, -0]),
      i32: shared.subarray(2, 5),
      u32: new Uint32Array([0xffffffff, 0]),
      u8: new Uint8Array(0),
      i16: new Int16Array([-32768, 32767]),
      u16: new Uint16Array([65535]),
      i8: new Int8Array([-128, 127, 0]),
      nested: [{ deep: new Float64Array([Number.NEGATIVE_INFINITY, 2]) }, [new Uint8Array([1, 2, 3])]],
      missing: undefined,
      values: [NaN, -Infinity, 1e-300],
    },
    target: { column: 'y', positive: 'yes' },
    fingerprint: 'f',
  } as unknown as Model;
}

describe('model file bytes', () => {
  it('are exactly the UTF-8 bytes of modelFileText, for every array kind, odd strings and placeholder-like names', () => {
    const model = awkwardModel();
    const bytes = modelFileBytes(model);
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(modelFileText(model), 'utf8'))).toBe(0);
    // Twice: the placeholders' random tag differs, the bytes do not.
    expect(Buffer.compare(Buffer.from(modelFileBytes(model)), Buffer.from(bytes))).toBe(0);
  });

  it('equal modelFileText for a model without typed arrays', () => {
    const model = { kind: 'logistic-regression', hyperParams: {}, featureNames: ['a'], featurizer: { version: 1, columns: [] }, state: { w: [1, 2] }, target: { column: 'y', positive: '1' }, fingerprint: 'x' } as unknown as Model;
    expect(Buffer.from(modelFileBytes(model)).toString('utf8')).toBe(modelFileText(model));
  });

  it('saveModelFile writes them, and the file loads back to the same arrays', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-model-file-'));
    dirs.push(dir);
    const model = awkwardModel();
    const file = path.join(dir, 'm.model.json');
    await saveModelFile(file, model);
    expect(readFileSync(file, 'utf8')).toBe(modelFileText(model));
    const back = modelFromFileJson(JSON.parse(readFileSync(file, 'utf8')), file, { requireScorer: false }) as unknown as { state: Record<string, unknown>; featureNames: string[] };
    expect(back.state.i32).toEqual(new Int32Array([3, -4, 5]));
    expect(Array.from(back.state.f64 as Float64Array)).toEqual(Array.from((model.state as { f64: Float64Array }).f64));
    expect(back.featureNames[1]).toBe('"@@crispflow-array-0123456789abcdef-0@@"');
  });

  it('refuses an array type a model file cannot hold, naming it', () => {
    const model = { ...awkwardModel(), state: { bad: new BigInt64Array(2) } } as unknown as Model;
    expect(() => modelFileBytes(model)).toThrow(/Cannot save a BigInt64Array/);
  });
});

describe('model file text', () => {
  it('writes arrays of names and finite numbers as they are, and still encodes non-finite numbers and arrays inside arrays', () => {
    const model = { kind: 'k', featureNames: ['a', 'b'], state: { w: [1, 2.5], bad: [1, NaN], mixed: ['x', new Int8Array([1])], holes: [, 'z'] } } as unknown as Model; // eslint-disable-line no-sparse-arrays
    const back = JSON.parse(modelFileText(model)) as { model: { featureNames: string[]; state: Record<string, unknown> } };
    expect(back.model.featureNames).toEqual(['a', 'b']);
    expect(back.model.state).toEqual({ w: [1, 2.5], bad: [1, { $number: 'NaN' }], mixed: ['x', { $typed: 'Int8Array', base64: 'AQ==' }], holes: [null, 'z'] });
    expect(Buffer.from(modelFileBytes(model)).toString('utf8')).toBe(modelFileText(model));
  });
});
