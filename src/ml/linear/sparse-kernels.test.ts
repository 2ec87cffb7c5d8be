import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import type { CsrMatrix } from '../features/featurizer.ts';
import { jsSparseKernel, wasmSparseKernel } from './sparse-kernels.ts';
import { sleb, uleb } from '../wasm/encoder.ts';

/** Rows of every length from 0 to 7 (odd and even, for the paired sums), then random ones. */
function randomCsr(seed: number, nRows: number, nCols: number): CsrMatrix {
  const rng = createRng(seed);
  const indptr = new Int32Array(nRows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < nRows; i++) {
    const len = i < 8 ? i : rng.int(30);
    const cols = new Set<number>();
    while (cols.size < Math.min(len, nCols)) cols.add(rng.int(nCols));
    for (const c of [...cols].sort((a, b) => a - b)) {
      indices.push(c);
      values.push(rng.normal());
    }
    indptr[i + 1] = indices.length;
  }
  return { nRows, nCols, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

describe('wasm encoder', () => {
  it('encodes LEB128 as the spec examples', () => {
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(0)).toEqual([0]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
  });
});

describe('sparse kernels', () => {
  it('the WebAssembly kernel loads in Node and matches the JavaScript one bit for bit', () => {
    const csr = randomCsr(1, 300, 50);
    const wasm = wasmSparseKernel(csr);
    expect(wasm).not.toBeNull();
    const js = jsSparseKernel(csr);
    const rng = createRng(2);
    // coefficients at an offset (dense columns first), margins starting from an intercept
    const w = Float64Array.from({ length: 3 + 50 }, () => rng.normal());
    const zJs = new Float64Array(300).fill(0.25);
    const zWasm = zJs.slice();
    js.addMargins(w, 3, zJs);
    wasm!.addMargins(w, 3, zWasm);
    expect(Array.from(zWasm)).toEqual(Array.from(zJs));
    // a direct check of one row against its definition (values rounded to float32, see the kernel)
    let row9 = 0.25;
    for (let k = csr.indptr[9]; k < csr.indptr[10]; k++) row9 += Math.fround(csr.values[k]) * w[3 + csr.indices[k]];
    expect(zJs[9]).toBeCloseTo(row9, 12);

    const r = Float64Array.from({ length: 300 }, (_, i) => (i % 5 === 0 ? 0 : rng.normal()));
    const gJs = Float64Array.from({ length: 3 + 50 }, (_, j) => j * 0.1);
    const gWasm = gJs.slice();
    js.addGradient(r, gJs, 3);
    wasm!.addGradient(r, gWasm, 3);
    expect(Array.from(gWasm)).toEqual(Array.from(gJs));
    expect(gJs.slice(0, 3)).toEqual(Float64Array.from([0, 0.1, 0.2]));
    let g7 = 0.7;
    for (let i = 0; i < 300; i++) for (let k = csr.indptr[i]; k < csr.indptr[i + 1]; k++) if (csr.indices[k] === 4) g7 += Math.fround(csr.values[k]) * r[i];
    expect(gJs[7]).toBeCloseTo(g7, 12);
  });

  it('uses 32-bit column indices beyond 65,536 columns', () => {
    const csr = randomCsr(4, 50, 200_000);
    const wasm = wasmSparseKernel(csr)!;
    const js = jsSparseKernel(csr);
    const w = Float64Array.from({ length: 200_000 }, (_, j) => Math.cos(j));
    const a = new Float64Array(50);
    const b = new Float64Array(50);
    js.addMargins(w, 0, a);
    wasm.addMargins(w, 0, b);
    expect(Array.from(b)).toEqual(Array.from(a));
    const r = Float64Array.from({ length: 50 }, (_, i) => i - 20);
    const gA = new Float64Array(200_000);
    const gB = new Float64Array(200_000);
    js.addGradient(r, gA, 0);
    wasm.addGradient(r, gB, 0);
    expect(Array.from(gB)).toEqual(Array.from(gA));
    expect(csr.indices.some((c) => c > 65_535)).toBe(true);
  });

  it('keeps float64 values that float32 cannot hold (JavaScript kernel)', () => {
    const csr: CsrMatrix = { nRows: 1, nCols: 2, indptr: Int32Array.from([0, 2]), indices: Int32Array.from([0, 1]), values: Float64Array.from([1e300, 1]) };
    expect(wasmSparseKernel(csr)).toBeNull();
    const z = new Float64Array(1);
    jsSparseKernel(csr, true).addMargins(Float64Array.from([1e-300, 2]), 0, z);
    expect(z[0]).toBeCloseTo(3, 12);
  });

  it('handles a row slice whose indptr does not start at 0', () => {
    const full = randomCsr(3, 40, 20);
    const from = 10;
    const slice: CsrMatrix = { ...full, nRows: 30, indptr: full.indptr.subarray(from) };
    const w = Float64Array.from({ length: 20 }, (_, j) => Math.sin(j));
    const a = new Float64Array(30);
    const b = new Float64Array(30);
    jsSparseKernel(slice).addMargins(w, 0, a);
    wasmSparseKernel(slice)!.addMargins(w, 0, b);
    expect(Array.from(b)).toEqual(Array.from(a));
    const whole = new Float64Array(40);
    jsSparseKernel(full).addMargins(w, 0, whole);
    expect(Array.from(a)).toEqual(Array.from(whole.subarray(from)));
  });
});
