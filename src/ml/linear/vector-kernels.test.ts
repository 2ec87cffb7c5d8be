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

  for (const p of [1, 6, 4097]) {
    it(`step, negate and correctionPair on length ${p}, signed zeros and a NaN included`, () => {
      const wasm = wasmVectorKernels(p, 6);
      if (!wasm) throw new Error('WebAssembly SIMD is unavailable in this Node.js');
      const js = jsVectorKernels(p);
      const run = (k: VectorKernels) => {
        const [x, dir, g, gNew] = vectors(k, p);
        const xNew = k.vector();
        const s = k.vector();
        const y = k.vector();
        g[0] = 0;
        if (p > 2) [g[1], g[2], gNew[1]] = [-0, 0, NaN];
        k.step(xNew, x, 0.3, dir);
        k.negate(dir, g);
        k.correctionPair(s, y, xNew, x, gNew, g);
        return { xNew: Array.from(xNew), dir: Array.from(dir), s: Array.from(s), y: Array.from(y), stats: Array.from(k.pairStats) };
      };
      const a = run(wasm);
      const b = run(js);
      expect(a).toEqual(b);
      // −0 for +0 and the reverse, as unary minus does
      expect(Object.is(a.dir[0], -0)).toBe(true);
      if (p > 2) expect(Object.is(a.dir[1], 0) && Object.is(a.dir[2], -0)).toBe(true);
      // and the values are right: the plain definitions
      const [x, dir0, , gNew] = vectors(jsVectorKernels(p), p);
      expect(b.xNew).toEqual(Array.from(x, (v, i) => v + 0.3 * dir0[i]));
      let sy = 0;
      for (let i = 0; i < p; i++) sy += b.s[i] * b.y[i];
      expect(b.stats[0]).toBe(sy);
      const finite = Array.from(gNew, (v, i) => (p > 2 && i === 1 ? 0 : Math.abs(v)));
      expect(b.stats[2]).toBe(Math.max(...finite));
    });
  }

  it('uses WebAssembly for long vectors only', () => {
    expect(vectorKernels(100_000, 25).kind).toBe('wasm');
    expect(vectorKernels(50, 25).kind).toBe('js');
  });
});
