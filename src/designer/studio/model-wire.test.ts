import { describe, expect, it } from 'vitest';
import { modelFileText, modelFromFileJson } from '../../cli/model-file.ts';
import type { Model } from '../../core/ports.ts';
import { modelFileObject } from './model-wire.ts';

describe('modelFileObject (browser) writes what the CLI model file holds', () => {
  it('gives the same JSON as modelFileText for typed arrays, nested objects and non-finite numbers, and loads back exactly', () => {
    const big = new Float64Array(70_000).map((_, i) => Math.sin(i) * 1e6); // more than one base64 slice
    const model = {
      kind: 'logistic-regression',
      fingerprint: 'f1',
      featureNames: ['a', 'b'],
      target: { column: 'y', positive: '1' },
      hyperParams: { c: 1, tol: Infinity },
      featurizer: { columns: [{ name: 'a', kind: 'numeric', mean: -Infinity }], scale: new Float32Array([1.5, Number.NaN]) },
      weights: big,
      codes: new Int32Array([-1, 2 ** 31 - 1]),
      bytes: new Uint8Array([0, 255]),
    } as unknown as Model;
    const browser = JSON.stringify(modelFileObject(model));
    expect(browser).toBe(modelFileText(model));
    const back = modelFromFileJson(JSON.parse(browser), 'the test model', { requireScorer: false }) as unknown as Record<string, unknown>;
    expect(back.weights).toEqual(big);
    expect((back.hyperParams as { tol: number }).tol).toBe(Infinity);
  });
});
