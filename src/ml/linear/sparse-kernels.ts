/**
 * The two sparse passes of a linear model's loss and gradient, over a CSR block:
 *   margins  z[i] += Σ_k values[k] · w[indices[k]]        (row i's entries k)
 *   gradient g[indices[k]] += values[k] · r[i]
 *
 * On 10,000 resumes × 25,000 TF-IDF terms (1.6 M non-zeros) these two loops are ~90% of a logistic
 * regression fit, and they are bound by memory bandwidth and per-access overhead:
 * - In JavaScript each entry costs ~2 ns (gather) and ~3.5 ns (scatter), mostly typed-array bounds
 *   checks; in WebAssembly (no per-access checks) ~1 ns, so the WebAssembly module runs them. It is a
 *   few hundred bytes, assembled here from readable instructions (src/ml/wasm/encoder.ts).
 * - The kernel keeps the values as float32 and the column indices as uint16 when there are at most
 *   65,536 columns (else int32): 6 bytes per entry instead of 12, which halves the time of both passes.
 *   Float32 keeps ~7 significant digits of each value (TF-IDF values come from logs and square roots of
 *   counts); sums are still accumulated in float64. The fitted coefficients move by ~1e-7, far below
 *   the solver's tolerance.
 * Where WebAssembly is unavailable or the matrix does not fit a 32-bit memory, the JavaScript loops run
 * instead, on the same float32 values and in the same order, so the results are bit-identical.
 */
import type { CsrMatrix } from '../features/featurizer.ts';
import { F64, I32, ins, type Bytes, type FunctionDef } from '../wasm/encoder.ts';
import { compileModule, instantiateWithMemory, MAX_MEMORY_BYTES } from '../wasm/instantiate.ts';

export interface SparseKernel {
  readonly nRows: number;
  /** z[i] += Σ_k values[k] · w[wOffset + indices[k]] over row i (two partial sums, even and odd entries). */
  addMargins(w: Float64Array, wOffset: number, z: Float64Array): void;
  /** g[gOffset + indices[k]] += values[k] · r[i], rows in order. */
  addGradient(r: Float64Array, g: Float64Array, gOffset: number): void;
}

/**
 * Writes the block's values as float32 into `into` (row-aligned: entry k of row i at k − indptr[0]);
 * false when a finite value overflows float32. The conversion is one typed-array copy (rounding to
 * nearest, as Math.fround); only when the result holds an infinity are the entries checked one by one.
 */
function toFloat32(csr: CsrMatrix, into: Float32Array): boolean {
  const source = csr.values.subarray(csr.indptr[0], csr.indptr[csr.nRows]);
  into.set(source);
  if (!into.includes(Infinity) && !into.includes(-Infinity)) return true;
  for (let k = 0; k < into.length; k++) if (!Number.isFinite(into[k]) && Number.isFinite(source[k])) return false;
  return true;
}

/** The block's values as float32, or null when one overflows. */
function float32Values(csr: CsrMatrix): Float32Array | null {
  const v = new Float32Array(csr.indptr[csr.nRows] - csr.indptr[0]);
  return toFloat32(csr, v) ? v : null;
}

/**
 * The plain JavaScript kernel: the fallback, and the reference the WebAssembly one is tested against.
 * `exact`: use the float64 values as they are (when they do not fit float32).
 */
export function jsSparseKernel(csr: CsrMatrix, exact = false): SparseKernel {
  const { nRows, indptr, indices } = csr;
  const first = indptr[0];
  const values = (exact ? null : float32Values(csr)) ?? csr.values.subarray(first);
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
          s0 += values[k - first] * w[wOffset + indices[k]];
          s1 += values[k + 1 - first] * w[wOffset + indices[k + 1]];
        }
        if (k < e) s0 += values[k - first] * w[wOffset + indices[k]];
        z[i] = s0 + s1;
      }
    },
    addGradient(r, g, gOffset) {
      for (let i = 0; i < nRows; i++) {
        const ri = r[i];
        if (ri === 0) continue;
        for (let k = indptr[i], e = indptr[i + 1]; k < e; k++) g[gOffset + indices[k]] += values[k - first] * ri;
      }
    },
  };
}

// ---- the WebAssembly module ----
// Memory layout (byte addresses, set by the loader): w or g (f64 per column), z or r (f64 per row),
// vals (f32 per entry), cols (per entry: uint16 column, or int32 column·8), rowEnd[i] = address in
// `cols` where row i ends.
const { get, set, i32, f64: f64Const, i32Load, i32LoadAt, i32Load16At, f64Load, f32LoadAt, f64Store, f64PromoteF32 } = ins;
const { i32Add, i32Sub, i32Shl, i32LtU, i32GeU, i32LtS, i32GeS, f64Add, f64Mul, brIf, block, loop } = ins;

/** Byte offset into w/g of the entry whose column is at `col` + `at` (uint16 index, or int32 pre-scaled). */
function columnOffset(colLocal: number, at: number, wide: boolean): Bytes {
  return wide ? [...get(colLocal), ...i32LoadAt(at)] : [...get(colLocal), ...i32Load16At(at), ...i32(3), ...i32Shl];
}

/**
 * margins(rowEndAt, rowEndStop, colAt, valAt, wBase, zAt): z[i] += Σ vals·w over each row, in two
 * partial sums (even and odd entries): one running sum would wait on each add's latency.
 */
function marginsFunction(wide: boolean): FunctionDef {
  const [rowEnd, rowEndStop, col, val, wBase, z, end, acc0, acc1, pairEnd] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const cw = wide ? 4 : 2;
  const term = (k: number): Bytes => [
    ...get(val), ...f32LoadAt(4 * k), ...f64PromoteF32, ...get(wBase), ...columnOffset(col, cw * k, wide), ...i32Add, ...f64Load, ...f64Mul,
  ];
  return {
    name: wide ? 'margins32' : 'margins16',
    params: [I32, I32, I32, I32, I32, I32],
    locals: [I32, F64, F64, I32],
    body: [
      block(
        [...get(rowEnd), ...get(rowEndStop), ...i32GeU, ...brIf(0)],
        loop(
          [...get(rowEnd), ...i32Load, ...set(end)],
          [...get(end), ...i32(cw), ...i32Sub, ...set(pairEnd)],
          [...get(z), ...f64Load, ...set(acc0)],
          [...f64Const(0), ...set(acc1)],
          // pairs while col + one entry < end
          block(
            [...get(col), ...get(pairEnd), ...i32GeS, ...brIf(0)],
            loop(
              [...get(acc0), ...term(0), ...f64Add, ...set(acc0)],
              [...get(acc1), ...term(1), ...f64Add, ...set(acc1)],
              [...get(col), ...i32(2 * cw), ...i32Add, ...set(col)],
              [...get(val), ...i32(8), ...i32Add, ...set(val)],
              [...get(col), ...get(pairEnd), ...i32LtS, ...brIf(0)],
            ),
          ),
          // the odd entry left, if any
          block(
            [...get(col), ...get(end), ...i32GeU, ...brIf(0)],
            [...get(acc0), ...term(0), ...f64Add, ...set(acc0)],
            [...get(col), ...i32(cw), ...i32Add, ...set(col)],
            [...get(val), ...i32(4), ...i32Add, ...set(val)],
          ),
          [...get(z), ...get(acc0), ...get(acc1), ...f64Add, ...f64Store],
          [...get(z), ...i32(8), ...i32Add, ...set(z)],
          [...get(rowEnd), ...i32(4), ...i32Add, ...set(rowEnd)],
          [...get(rowEnd), ...get(rowEndStop), ...i32LtU, ...brIf(0)],
        ),
      ),
    ],
  };
}

/** gradient(rowEndAt, rowEndStop, colAt, valAt, gBase, rAt): g[cols[k]] += vals[k]·r[i]. */
function gradientFunction(wide: boolean): FunctionDef {
  const [rowEnd, rowEndStop, col, val, gBase, r, end, ri, at] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const cw = wide ? 4 : 2;
  return {
    name: wide ? 'gradient32' : 'gradient16',
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
              [...get(gBase), ...columnOffset(col, 0, wide), ...i32Add, ...set(at)],
              [...get(at), ...get(at), ...f64Load, ...get(val), ...f32LoadAt(0), ...f64PromoteF32, ...get(ri), ...f64Mul, ...f64Add, ...f64Store],
              [...get(col), ...i32(cw), ...i32Add, ...set(col)],
              [...get(val), ...i32(4), ...i32Add, ...set(val)],
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
}

type Run = (...args: number[]) => void;
interface KernelExports {
  memory: WebAssembly.Memory;
  margins16: Run;
  gradient16: Run;
  margins32: Run;
  gradient32: Run;
}

let compiled: WebAssembly.Module | null | undefined;

function sparseModule(): WebAssembly.Module | null {
  // null is a result too (no WebAssembly here): compile once either way
  if (compiled === undefined) compiled = compileModule(() => [marginsFunction(false), gradientFunction(false), marginsFunction(true), gradientFunction(true)]);
  return compiled;
}

/**
 * The CSR copied into WebAssembly memory (6 or 8 bytes per non-zero), or null when WebAssembly is
 * unavailable, the matrix is too large or a value overflows float32 (then use jsSparseKernel).
 */
export function wasmSparseKernel(csr: CsrMatrix): SparseKernel | null {
  const mod = sparseModule();
  if (!mod) return null;
  const { nRows: n, nCols, indptr, indices } = csr;
  const first = indptr[0];
  const nnz = indptr[n] - first;
  const wide = nCols > 65536;
  const cw = wide ? 4 : 2;
  const wAt = 0;
  const zAt = wAt + 8 * nCols;
  const valAt = zAt + 8 * n;
  const colAt = valAt + 4 * nnz;
  const rowEndAt = colAt + ((cw * nnz + 3) & ~3);
  const bytes = rowEndAt + 4 * n;
  if (bytes > MAX_MEMORY_BYTES) return null;
  const run = instantiateWithMemory<KernelExports>(mod, bytes);
  if (!run) return null;
  const buf = run.memory.buffer;
  // converted straight into the module's memory (no intermediate float32 copy)
  if (!toFloat32(csr, new Float32Array(buf, valAt, nnz))) return null;
  if (wide) {
    const cols = new Int32Array(buf, colAt, nnz);
    for (let k = 0; k < nnz; k++) cols[k] = indices[first + k] * 8;
  } else {
    new Uint16Array(buf, colAt, nnz).set(indices.subarray(first, first + nnz));
  }
  const rowEnd = new Int32Array(buf, rowEndAt, n);
  for (let i = 0; i < n; i++) rowEnd[i] = colAt + cw * (indptr[i + 1] - first);
  const w = new Float64Array(buf, wAt, nCols);
  const z = new Float64Array(buf, zAt, n);
  const margins = wide ? run.margins32 : run.margins16;
  const gradient = wide ? run.gradient32 : run.gradient16;
  return {
    nRows: n,
    addMargins(wIn, wOffset, zInOut) {
      w.set(wIn.subarray(wOffset, wOffset + nCols));
      z.set(zInOut.subarray(0, n));
      margins(rowEndAt, rowEndAt + 4 * n, colAt, valAt, wAt, zAt);
      zInOut.set(z);
    },
    addGradient(r, g, gOffset) {
      // w's slot holds g, z's slot holds r during this call
      w.set(g.subarray(gOffset, gOffset + nCols));
      z.set(r.subarray(0, n));
      gradient(rowEndAt, rowEndAt + 4 * n, colAt, valAt, wAt, zAt);
      g.set(w, gOffset);
    },
  };
}

/** The fastest available kernel for the block. */
export function sparseKernel(csr: CsrMatrix): SparseKernel {
  return wasmSparseKernel(csr) ?? jsSparseKernel(csr, float32Values(csr) === null);
}
