import { describe, expect, it } from 'vitest';
import { jsVectorKernels, vectorKernels, wasmVectorKernels, type VectorKernels } from './vector-kernels.ts';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5;
}

/** The same four random vectors in a kernel set's own memory. */
function vectors(k: VectorKernels, p: number): Float64Array[] {
  const rnd = lcg(p);
  return Array.from({ length: 4 }, () => {
    const v = k.vector();
    for (let i = 0; i < p; i++) v[i] = rnd() * 1e3;
    return v;
  });
}

describe('L-BFGS vector kernels: WebAssembly equals the JavaScript reference bit for bit', () => {
  for (const p of [1, 2, 7, 4096, 4097]) {
    it(`dot, axpy and the fused updates on length ${p}`, () => {
      const wasm = wasmVectorKernels(p, 4);
      if (!wasm) throw new Error('WebAssembly SIMD is unavailable in this Node.js');
      const js = jsVectorKernels(p);
      const [a, b, c, d] = vectors(wasm, p);
      const [a2, b2, c2, d2] = vectors(js, p);
      const results = (k: VectorKernels, [v1, v2, v3, v4]: Float64Array[]) => [
        k.dot(v1, v2),
        k.axpyDot(v1, 0.37, v2, v3),
        k.scaleAxpyDot(v3, 1.9, -2.1, v1, v4),
        (k.axpy(v4, -0.5, v2), k.dot(v4, v4)),
        (k.scaleAxpy(v2, 0.25, 3, v3), k.dot(v2, v1)),
      ];
      expect(results(wasm, [a, b, c, d])).toEqual(results(js, [a2, b2, c2, d2]));
      for (const [x, y] of [[a, a2], [b, b2], [c, c2], [d, d2]]) expect(Array.from(x)).toEqual(Array.from(y));
      // and the values are right: a·b by a plain sum
      let s = 0;
      for (let i = 0; i < p; i++) s += a2[i] * b2[i];
      expect(Math.abs(js.dot(a2, b2) - s)).toBeLessThanOrEqual(1e-12 * Math.abs(s) * p);
    });
  }

  it('uses WebAssembly for long vectors only', () => {
    expect(vectorKernels(100_000, 25).kind).toBe('wasm');
    expect(vectorKernels(50, 25).kind).toBe('js');
  });
});
