/**
 * The two sparse passes of a linear model's loss and gradient, over a CSR block:
 *   margins  z[i] += Σ_k values[k] · w[indices[k]]        (row i's entries k)
 *   gradient g[indices[k]] += values[k] · r[i]
 *
 * On 10,000 resumes × 25,000 TF-IDF terms (1.6 M non-zeros) these two loops are ~90% of a logistic
 * regression fit. In JavaScript each entry costs ~2 ns (gather) and ~3.5 ns (scatter), mostly typed-array
 * bounds checks; the same loops in WebAssembly (no per-access checks, column offsets pre-scaled to
 * bytes) cost ~0.9 ns each, which makes the fit ~3× faster. The module is ~300 bytes, assembled here
 * from readable instructions (wasm-encoder.ts). Where WebAssembly is unavailable or the matrix does not
 * fit a 32-bit memory, the JavaScript loops run instead; both sum in the same order, so the results are
 * bit-identical.
 */
import type { CsrMatrix } from '../features/featurizer.ts';
import { encodeModule, F64, I32, ins, type Bytes, type FunctionDef } from './wasm-encoder.ts';

export interface SparseKernel {
  readonly nRows: number;
  /** z[i] += Σ_k values[k] · w[wOffset + indices[k]] over row i, adding in entry order. */
  addMargins(w: Float64Array, wOffset: number, z: Float64Array): void;
  /** g[gOffset + indices[k]] += values[k] · r[i], rows in order. */
  addGradient(r: Float64Array, g: Float64Array, gOffset: number): void;
}

/** The plain JavaScript kernel (fallback, and the reference the WebAssembly one is tested against). */
export function jsSparseKernel(csr: CsrMatrix): SparseKernel {
  const { nRows, indptr, indices, values } = csr;
  return {
    nRows,
    addMargins(w, wOffset, z) {
      for (let i = 0; i < nRows; i++) {
        // two partial sums (even and odd entries), in the WebAssembly kernel's order
        let s0 = z[i];
        let s1 = 0;
        const e = indptr[i + 1];
        let k = indptr[i];
        for (; k + 1 < e; k += 2) {
          s0 += values[k] * w[wOffset + indices[k]];
          s1 += values[k + 1] * w[wOffset + indices[k + 1]];
        }
        if (k < e) s0 += values[k] * w[wOffset + indices[k]];
        z[i] = s0 + s1;
      }
    },
    addGradient(r, g, gOffset) {
      for (let i = 0; i < nRows; i++) {
        const ri = r[i];
        if (ri === 0) continue;
        for (let k = indptr[i], e = indptr[i + 1]; k < e; k++) g[gOffset + indices[k]] += values[k] * ri;
      }
    },
  };
}

// ---- the WebAssembly module ----
// Memory layout (byte addresses, set by the loader): rowEnd[i] = address in `cols` where row i ends;
// cols[k] = column·8 (a byte offset into w or g); vals[k]; then the dense vectors.
const { get, set, i32, f64: f64Const, i32Load, f64Load, i32LoadAt, f64LoadAt, f64Store, i32Add, i32Sub, i32LtU, i32GeU, i32LtS, i32GeS, f64Add, f64Mul, brIf, block, loop } = ins;

/**
 * margins(rowEndAt, rowEndStop, colAt, valAt, wBase, zAt): z[i] += Σ vals·w over each row, in two
 * partial sums (even and odd entries): one running sum would wait on each add's latency.
 */
const margins: FunctionDef = (() => {
  const [rowEnd, rowEndStop, col, val, wBase, z, end, acc0, acc1, pairEnd] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const term = (colOff: number, valOff: number): Bytes => [
    ...get(val), ...f64LoadAt(valOff), ...get(wBase), ...get(col), ...i32LoadAt(colOff), ...i32Add, ...f64Load, ...f64Mul,
  ];
  return {
    name: 'margins',
    params: [I32, I32, I32, I32, I32, I32],
    locals: [I32, F64, F64, I32],
    body: [
      block(
        [...get(rowEnd), ...get(rowEndStop), ...i32GeU, ...brIf(0)],
        loop(
          [...get(rowEnd), ...i32Load, ...set(end)],
          [...get(end), ...i32(4), ...i32Sub, ...set(pairEnd)],
          [...get(z), ...f64Load, ...set(acc0)],
          [...f64Const(0), ...set(acc1)],
          // pairs while col + 4 < end
          block(
            [...get(col), ...get(pairEnd), ...i32GeS, ...brIf(0)],
            loop(
              [...get(acc0), ...term(0, 0), ...f64Add, ...set(acc0)],
              [...get(acc1), ...term(4, 8), ...f64Add, ...set(acc1)],
              [...get(col), ...i32(8), ...i32Add, ...set(col)],
              [...get(val), ...i32(16), ...i32Add, ...set(val)],
              [...get(col), ...get(pairEnd), ...i32LtS, ...brIf(0)],
            ),
          ),
          // the odd entry left, if any
          block(
            [...get(col), ...get(end), ...i32GeU, ...brIf(0)],
            [...get(acc0), ...term(0, 0), ...f64Add, ...set(acc0)],
            [...get(col), ...i32(4), ...i32Add, ...set(col)],
            [...get(val), ...i32(8), ...i32Add, ...set(val)],
          ),
          [...get(z), ...get(acc0), ...get(acc1), ...f64Add, ...f64Store],
          [...get(z), ...i32(8), ...i32Add, ...set(z)],
          [...get(rowEnd), ...i32(4), ...i32Add, ...set(rowEnd)],
          [...get(rowEnd), ...get(rowEndStop), ...i32LtU, ...brIf(0)],
        ),
      ),
    ],
  };
})();

/** gradient(rowEndAt, rowEndStop, colAt, valAt, gBase, rAt): g[cols[k]] += vals[k]·r[i]. */
const gradient: FunctionDef = (() => {
  const [rowEnd, rowEndStop, col, val, gBase, r, end, ri, at] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  return {
    name: 'gradient',
    params: [I32, I32, I32, I32, I32, I32],
    locals: [I32, F64, I32],
    body: [
      block(
        [...get(rowEnd), ...get(rowEndStop), ...i32GeU, ...brIf(0)],
        loop(
          [...get(rowEnd), ...i32Load, ...set(end)],
          [...get(r), ...f64Load, ...set(ri)],
          block(
            [...get(col), ...get(end), ...i32GeU, ...brIf(0)],
            loop(
              // g[cols[k]] += vals[k] * ri
              [...get(gBase), ...get(col), ...i32Load, ...i32Add, ...set(at)],
              [...get(at), ...get(at), ...f64Load, ...get(val), ...f64Load, ...get(ri), ...f64Mul, ...f64Add, ...f64Store],
              [...get(col), ...i32(4), ...i32Add, ...set(col)],
              [...get(val), ...i32(8), ...i32Add, ...set(val)],
              [...get(col), ...get(end), ...i32LtU, ...brIf(0)],
            ),
          ),
          [...get(r), ...i32(8), ...i32Add, ...set(r)],
          [...get(rowEnd), ...i32(4), ...i32Add, ...set(rowEnd)],
          [...get(rowEnd), ...get(rowEndStop), ...i32LtU, ...brIf(0)],
        ),
      ),
    ],
  };
})();

let compiled: WebAssembly.Module | null | undefined;

function sparseModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(encodeModule([margins, gradient]) as Uint8Array<ArrayBuffer>) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Largest memory we ask for: addresses stay below 2^31, so signed comparisons of them are safe. */
const MAX_BYTES = 2 ** 31 - 2 ** 20;

/**
 * The CSR copied into WebAssembly memory (≈ 12 bytes per non-zero), or null when WebAssembly is
 * unavailable or the matrix is too large (then use jsSparseKernel).
 */
export function wasmSparseKernel(csr: CsrMatrix): SparseKernel | null {
  const mod = sparseModule();
  if (!mod) return null;
  const { nRows: n, nCols, indptr, indices, values } = csr;
  const first = indptr[0];
  const nnz = indptr[n] - first;
  // 8-byte arrays first, then the 4-byte ones
  const valAt = 0;
  const wAt = valAt + 8 * nnz;
  const zAt = wAt + 8 * nCols;
  const colAt = zAt + 8 * n;
  const rowEndAt = colAt + 4 * nnz;
  const bytes = rowEndAt + 4 * n;
  if (bytes > MAX_BYTES) return null;
  let instance: WebAssembly.Instance;
  let memory: WebAssembly.Memory;
  try {
    instance = new WebAssembly.Instance(mod, {});
    memory = instance.exports.memory as WebAssembly.Memory;
    const pages = Math.ceil(bytes / 65536) + 1;
    if (pages > 1) memory.grow(pages - 1);
  } catch {
    return null;
  }
  const buf = memory.buffer;
  new Float64Array(buf, valAt, nnz).set(values.subarray(first, first + nnz));
  const cols = new Int32Array(buf, colAt, nnz);
  for (let k = 0; k < nnz; k++) cols[k] = indices[first + k] * 8;
  const rowEnd = new Int32Array(buf, rowEndAt, n);
  for (let i = 0; i < n; i++) rowEnd[i] = colAt + 4 * (indptr[i + 1] - first);
  const w = new Float64Array(buf, wAt, nCols);
  const z = new Float64Array(buf, zAt, n);
  const run = instance.exports as { margins: (...a: number[]) => void; gradient: (...a: number[]) => void };
  return {
    nRows: n,
    addMargins(wIn, wOffset, zInOut) {
      w.set(wIn.subarray(wOffset, wOffset + nCols));
      z.set(zInOut.subarray(0, n));
      run.margins(rowEndAt, rowEndAt + 4 * n, colAt, valAt, wAt, zAt);
      zInOut.set(z);
    },
    addGradient(r, g, gOffset) {
      // w's slot holds g, z's slot holds r during this call
      w.set(g.subarray(gOffset, gOffset + nCols));
      z.set(r.subarray(0, n));
      run.gradient(rowEndAt, rowEndAt + 4 * n, colAt, valAt, wAt, zAt);
      g.set(w, gOffset);
    },
  };
}

/** The fastest available kernel for the block. */
export function sparseKernel(csr: CsrMatrix): SparseKernel {
  return wasmSparseKernel(csr) ?? jsSparseKernel(csr);
}
