/**
 * The dense vector operations of L-BFGS's two-loop recursion (lbfgs.ts), on vectors of one length p:
 * dot products and "axpy" updates, some fused with the next dot product so a vector is streamed once.
 *
 * On 25,000 TF-IDF coefficients these loops are ~40% of a logistic-regression fit in JavaScript. The
 * WebAssembly version runs two lanes at once (f64x2) — exactly the even/odd partial sums the
 * JavaScript version keeps, with the same multiplications and additions (no fused multiply-add), so
 * both give bit-identical results. Its vectors live in its own memory: allocate them with `vector()`.
 */
import { F64, I32, ins, V128, type Bytes, type FunctionDef } from '../wasm/encoder.ts';
import { compileModule, instantiateWithMemory } from '../wasm/instantiate.ts';

export interface VectorKernels {
  readonly kind: 'wasm' | 'js';
  /** A zeroed vector of length p that the kernels can work on. */
  vector(): Float64Array;
  /** a·b in two partial sums (even and odd entries). */
  dot(a: Float64Array, b: Float64Array): number;
  /** dir += c·v; returns next·dir (the updated dir), in one pass. */
  axpyDot(dir: Float64Array, c: number, v: Float64Array, next: Float64Array): number;
  /** dir = dir·scale + c·v; returns next·dir, in one pass. */
  scaleAxpyDot(dir: Float64Array, scale: number, c: number, v: Float64Array, next: Float64Array): number;
  /** dir += c·v. */
  axpy(dir: Float64Array, c: number, v: Float64Array): void;
  /** dir = dir·scale + c·v. */
  scaleAxpy(dir: Float64Array, scale: number, c: number, v: Float64Array): void;
  /** xNew = x + t·dir. */
  step(xNew: Float64Array, x: Float64Array, t: number, dir: Float64Array): void;
  /** dir = −g. */
  negate(dir: Float64Array, g: Float64Array): void;
  /**
   * s = xNew − x and y = gNew − g in one pass; writes [sᵀy, yᵀy, max |gNew_i|] into `pairStats`
   * (each sum in index order, one running total).
   */
  correctionPair(s: Float64Array, y: Float64Array, xNew: Float64Array, x: Float64Array, gNew: Float64Array, g: Float64Array): void;
  /** What correctionPair computed: sᵀy, yᵀy and the largest |gradient| entry. */
  readonly pairStats: Float64Array;
}

/** Plain JavaScript: the fallback and the reference. */
export function jsVectorKernels(p: number): VectorKernels {
  const pairStats = new Float64Array(3);
  const fused = (dir: Float64Array, scale: number, c: number, v: Float64Array, next: Float64Array | null): number => {
    const n = dir.length;
    let s0 = 0;
    let s1 = 0;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const a = scale === 1 ? dir[i] + c * v[i] : dir[i] * scale + c * v[i];
      const b = scale === 1 ? dir[i + 1] + c * v[i + 1] : dir[i + 1] * scale + c * v[i + 1];
      dir[i] = a;
      dir[i + 1] = b;
      if (next) {
        s0 += next[i] * a;
        s1 += next[i + 1] * b;
      }
    }
    if (i < n) {
      const a = scale === 1 ? dir[i] + c * v[i] : dir[i] * scale + c * v[i];
      dir[i] = a;
      if (next) s0 += next[i] * a;
    }
    return s0 + s1;
  };
  return {
    kind: 'js',
    vector: () => new Float64Array(p),
    dot(a, b) {
      const n = a.length;
      let s0 = 0;
      let s1 = 0;
      let i = 0;
      for (; i + 1 < n; i += 2) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
      }
      if (i < n) s0 += a[i] * b[i];
      return s0 + s1;
    },
    axpyDot: (dir, c, v, next) => fused(dir, 1, c, v, next),
    scaleAxpyDot: (dir, scale, c, v, next) => fused(dir, scale, c, v, next),
    axpy: (dir, c, v) => void fused(dir, 1, c, v, null),
    scaleAxpy: (dir, scale, c, v) => void fused(dir, scale, c, v, null),
    step(xNew, x, t, dir) {
      for (let i = 0; i < xNew.length; i++) xNew[i] = x[i] + t * dir[i];
    },
    negate(dir, g) {
      for (let i = 0; i < dir.length; i++) dir[i] = -g[i];
    },
    correctionPair(s, y, xNew, x, gNew, g) {
      let sy = 0;
      let yy = 0;
      let gradMax = 0;
      for (let i = 0; i < s.length; i++) {
        const si = xNew[i] - x[i];
        const yi = gNew[i] - g[i];
        s[i] = si;
        y[i] = yi;
        sy += si * yi;
        yy += yi * yi;
        const a = Math.abs(gNew[i]);
        if (a > gradMax) gradMax = a;
      }
      pairStats[0] = sy;
      pairStats[1] = yy;
      pairStats[2] = gradMax;
    },
    pairStats,
  };
}

// ---- the WebAssembly module ----
const { get, set, tee, i32, f64: f64c, f64Load, f64StoreAt, i32Add, i32LtU, i32GeU, f64Add, f64Mul, brIf, block, loop } = ins;
const { v128LoadAt, v128StoreAt, f64x2Add, f64x2Mul, f64x2Splat, f64x2ExtractLane } = ins;

/**
 * One fused loop: dir = dir·scale + c·v (or, without `update`, nothing), and optionally Σ next·dir in
 * two lanes. Params (byte addresses, n): dir, scale, c, v, next, n. Returns the dot (0 without one).
 * `scaled`: multiply dir by scale (else dir + c·v, as the JavaScript version for scale 1).
 */
function fusedFunction(name: string, scaled: boolean, withDot: boolean): FunctionDef {
  const [dir, scale, c, v, next, n] = [0, 1, 2, 3, 4, 5];
  const [k, pairsEnd, acc, cc, ss, a, s0, at] = [6, 7, 8, 9, 10, 11, 12, 13];
  // the new dir value(s) on the stack: dir·scale + c·v, lanes or scalar
  const updated = (lanes: boolean): Bytes =>
    lanes
      ? [
          ...get(dir), ...get(k), ...i32Add, ...v128LoadAt(0), ...(scaled ? [...get(ss), ...f64x2Mul] : []),
          ...get(cc), ...get(v), ...get(k), ...i32Add, ...v128LoadAt(0), ...f64x2Mul, ...f64x2Add,
        ]
      : [
          ...get(dir), ...get(at), ...i32Add, ...f64Load, ...(scaled ? [...get(scale), ...f64Mul] : []),
          ...get(c), ...get(v), ...get(at), ...i32Add, ...f64Load, ...f64Mul, ...f64Add,
        ];
  return {
    name,
    params: [I32, F64, F64, I32, I32, I32],
    results: [F64],
    locals: [I32, I32, V128, V128, V128, V128, F64, I32],
    body: [
      [...get(c), ...f64x2Splat, ...set(cc), ...get(scale), ...f64x2Splat, ...set(ss), ...f64c(0), ...f64x2Splat, ...set(acc)],
      // pairsEnd = (n & ~1) · 8 bytes
      [...get(n), ...i32(-2), ...ins.i32And, ...i32(3), ...ins.i32Shl, ...set(pairsEnd), ...i32(0), ...set(k)],
      block(
        [...get(k), ...get(pairsEnd), ...i32GeU, ...brIf(0)],
        loop(
          [...updated(true), ...set(a)],
          [...get(dir), ...get(k), ...i32Add, ...get(a), ...v128StoreAt(0)],
          withDot ? [...get(acc), ...get(next), ...get(k), ...i32Add, ...v128LoadAt(0), ...get(a), ...f64x2Mul, ...f64x2Add, ...set(acc)] : [],
          [...get(k), ...i32(16), ...i32Add, ...tee(k), ...get(pairsEnd), ...i32LtU, ...brIf(0)],
        ),
      ),
      [...get(acc), ...f64x2ExtractLane(0), ...set(s0)],
      // the odd last entry, into the even sum
      block(
        [...get(n), ...i32(1), ...ins.i32And, ...ins.i32Eqz, ...brIf(0)],
        [...get(pairsEnd), ...set(at)],
        [...get(dir), ...get(at), ...i32Add, ...updated(false), ...f64StoreAt(0)],
        withDot ? [...get(s0), ...get(next), ...get(at), ...i32Add, ...f64Load, ...get(dir), ...get(at), ...i32Add, ...f64Load, ...f64Mul, ...f64Add, ...set(s0)] : [],
      ),
      [...get(s0), ...get(acc), ...f64x2ExtractLane(1), ...f64Add],
    ],
  };
}

/** dot(a, b, n) → Σ a·b in two lanes. */
function dotFunction(): FunctionDef {
  const [a, b, n] = [0, 1, 2];
  const [k, pairsEnd, acc, s0] = [3, 4, 5, 6];
  return {
    name: 'dot',
    params: [I32, I32, I32],
    results: [F64],
    locals: [I32, I32, V128, F64],
    body: [
      [...f64c(0), ...f64x2Splat, ...set(acc)],
      [...get(n), ...i32(-2), ...ins.i32And, ...i32(3), ...ins.i32Shl, ...set(pairsEnd), ...i32(0), ...set(k)],
      block(
        [...get(k), ...get(pairsEnd), ...i32GeU, ...brIf(0)],
        loop(
          [...get(acc), ...get(a), ...get(k), ...i32Add, ...v128LoadAt(0), ...get(b), ...get(k), ...i32Add, ...v128LoadAt(0), ...f64x2Mul, ...f64x2Add, ...set(acc)],
          [...get(k), ...i32(16), ...i32Add, ...tee(k), ...get(pairsEnd), ...i32LtU, ...brIf(0)],
        ),
      ),
      [...get(acc), ...f64x2ExtractLane(0), ...set(s0)],
      block(
        [...get(n), ...i32(1), ...ins.i32And, ...ins.i32Eqz, ...brIf(0)],
        [...get(s0), ...get(a), ...get(pairsEnd), ...i32Add, ...f64Load, ...get(b), ...get(pairsEnd), ...i32Add, ...f64Load, ...f64Mul, ...f64Add, ...set(s0)],
      ),
      [...get(s0), ...get(acc), ...f64x2ExtractLane(1), ...f64Add],
    ],
  };
}

// Opcodes the shared encoder does not name (WebAssembly core spec, numeric and parametric instructions).
const F64_ABS: Bytes = [0x99];
const F64_GT: Bytes = [0x64];
const SELECT: Bytes = [0x1b];

/**
 * An elementwise map over two lanes at a time, then the odd last entry: out = f(a, b) where `lanes`
 * and `scalar` push f's value given the byte offset local `k`. Params: out, a, b, n, then `extra`.
 */
function elementwiseFunction(name: string, extra: number[], lanes: (k: number) => Bytes, scalar: (k: number) => Bytes, prologue: Bytes = [], locals: number[] = []): FunctionDef {
  const [out, n] = [0, 3];
  const k = 3 + extra.length + 1;
  const pairsEnd = k + 1;
  return {
    name,
    params: [I32, I32, I32, I32, ...extra],
    locals: [I32, I32, ...locals],
    body: [
      prologue,
      [...get(n), ...i32(-2), ...ins.i32And, ...i32(3), ...ins.i32Shl, ...set(pairsEnd), ...i32(0), ...set(k)],
      block(
        [...get(k), ...get(pairsEnd), ...i32GeU, ...brIf(0)],
        loop(
          [...get(out), ...get(k), ...i32Add, ...lanes(k), ...v128StoreAt(0)],
          [...get(k), ...i32(16), ...i32Add, ...tee(k), ...get(pairsEnd), ...i32LtU, ...brIf(0)],
        ),
      ),
      block(
        [...get(n), ...i32(1), ...ins.i32And, ...ins.i32Eqz, ...brIf(0)],
        [...get(out), ...get(pairsEnd), ...i32Add, ...scalar(pairsEnd), ...f64StoreAt(0)],
      ),
    ],
  };
}

/** step(xNew, x, dir, n, t): xNew = x + t·dir (a multiplication, then an addition, as in JavaScript). */
function stepFunction(): FunctionDef {
  const [x, dir, t, tt] = [1, 2, 4, 7];
  return elementwiseFunction(
    'step',
    [F64],
    (k) => [...get(x), ...get(k), ...i32Add, ...v128LoadAt(0), ...get(tt), ...get(dir), ...get(k), ...i32Add, ...v128LoadAt(0), ...f64x2Mul, ...f64x2Add],
    (k) => [...get(x), ...get(k), ...i32Add, ...f64Load, ...get(t), ...get(dir), ...get(k), ...i32Add, ...f64Load, ...f64Mul, ...f64Add],
    [...get(t), ...f64x2Splat, ...set(tt)],
    [V128],
  );
}

/** negate(dir, g, unused, n): dir = g·(−1), which is −g bit for bit (zeros change sign too). */
function negateFunction(): FunctionDef {
  const [g, minusOne] = [1, 6];
  return elementwiseFunction(
    'negate',
    [],
    (k) => [...get(g), ...get(k), ...i32Add, ...v128LoadAt(0), ...get(minusOne), ...f64x2Mul],
    (k) => [...get(g), ...get(k), ...i32Add, ...f64Load, ...f64c(-1), ...f64Mul],
    [...f64c(-1), ...f64x2Splat, ...set(minusOne)],
    [V128],
  );
}

/**
 * pair(s, y, xNew, x, gNew, g, n, out): s = xNew − x, y = gNew − g; [sᵀy, yᵀy, max |gNew|] at `out`.
 * One entry at a time: the sums must keep the JavaScript version's single running totals.
 */
function pairFunction(): FunctionDef {
  const [s, y, xNew, x, gNew, g, n, out] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [at, end, si, yi, sy, yy, m, a] = [8, 9, 10, 11, 12, 13, 14, 15];
  return {
    name: 'pair',
    params: [I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, F64, F64, F64, F64, F64, F64],
    body: [
      [...f64c(0), ...set(sy), ...f64c(0), ...set(yy), ...f64c(0), ...set(m)],
      [...get(n), ...i32(3), ...ins.i32Shl, ...set(end), ...i32(0), ...set(at)],
      block(
        [...get(at), ...get(end), ...i32GeU, ...brIf(0)],
        loop(
          [...get(xNew), ...get(at), ...i32Add, ...f64Load, ...get(x), ...get(at), ...i32Add, ...f64Load, ...ins.f64Sub, ...set(si)],
          [...get(gNew), ...get(at), ...i32Add, ...f64Load, ...get(g), ...get(at), ...i32Add, ...f64Load, ...ins.f64Sub, ...set(yi)],
          [...get(s), ...get(at), ...i32Add, ...get(si), ...f64StoreAt(0)],
          [...get(y), ...get(at), ...i32Add, ...get(yi), ...f64StoreAt(0)],
          [...get(sy), ...get(si), ...get(yi), ...f64Mul, ...f64Add, ...set(sy)],
          [...get(yy), ...get(yi), ...get(yi), ...f64Mul, ...f64Add, ...set(yy)],
          // m = a > m ? a : m (a NaN never wins, as in the JavaScript comparison)
          [...get(gNew), ...get(at), ...i32Add, ...f64Load, ...F64_ABS, ...set(a)],
          [...get(a), ...get(m), ...get(a), ...get(m), ...F64_GT, ...SELECT, ...set(m)],
          [...get(at), ...i32(8), ...i32Add, ...tee(at), ...get(end), ...i32LtU, ...brIf(0)],
        ),
      ),
      [...get(out), ...get(sy), ...f64StoreAt(0), ...get(out), ...get(yy), ...f64StoreAt(8), ...get(out), ...get(m), ...f64StoreAt(16)],
    ],
  };
}

interface Exports {
  memory: WebAssembly.Memory;
  dot(a: number, b: number, n: number): number;
  axpyDot(dir: number, scale: number, c: number, v: number, next: number, n: number): number;
  scaleAxpyDot(dir: number, scale: number, c: number, v: number, next: number, n: number): number;
  axpy(dir: number, scale: number, c: number, v: number, next: number, n: number): number;
  scaleAxpy(dir: number, scale: number, c: number, v: number, next: number, n: number): number;
  step(xNew: number, x: number, dir: number, n: number, t: number): void;
  negate(dir: number, g: number, unused: number, n: number): void;
  pair(s: number, y: number, xNew: number, x: number, gNew: number, g: number, n: number, out: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

function vectorModule(): WebAssembly.Module | null {
  // null is a result too (no WebAssembly SIMD here): compile once either way
  if (compiled === undefined) {
    compiled = compileModule(() => [
      dotFunction(),
      fusedFunction('axpyDot', false, true),
      fusedFunction('scaleAxpyDot', true, true),
      fusedFunction('axpy', false, false),
      fusedFunction('scaleAxpy', true, false),
      stepFunction(),
      negateFunction(),
      pairFunction(),
    ]);
  }
  return compiled;
}

/**
 * Kernels over `count` vectors of length p in a WebAssembly memory, or null where WebAssembly SIMD is
 * unavailable or the vectors would not fit (then use jsVectorKernels).
 */
export function wasmVectorKernels(p: number, count: number): VectorKernels | null {
  const stride = (8 * p + 15) & ~15;
  // bytes 0–23: correctionPair's three results; vectors from byte 32 (16-byte aligned)
  const x = instantiateWithMemory<Exports>(vectorModule(), 32 + stride * count);
  if (!x) return null;
  const buffer = x.memory.buffer;
  const pairStats = new Float64Array(buffer, 0, 3);
  let next = 32;
  const at = (a: Float64Array) => a.byteOffset;
  return {
    kind: 'wasm',
    vector() {
      if (next + stride > buffer.byteLength) throw new Error(`Only ${count} vectors were reserved.`);
      const v = new Float64Array(buffer, next, p);
      next += stride;
      return v;
    },
    dot: (a, b) => x.dot(at(a), at(b), p),
    axpyDot: (dir, c, v, nx) => x.axpyDot(at(dir), 1, c, at(v), at(nx), p),
    scaleAxpyDot: (dir, scale, c, v, nx) => x.scaleAxpyDot(at(dir), scale, c, at(v), at(nx), p),
    axpy: (dir, c, v) => void x.axpy(at(dir), 1, c, at(v), 0, p),
    scaleAxpy: (dir, scale, c, v) => void x.scaleAxpy(at(dir), scale, c, at(v), 0, p),
    step: (xNew, x0, t, dir) => x.step(at(xNew), at(x0), at(dir), p, t),
    negate: (dir, g) => x.negate(at(dir), at(g), 0, p),
    correctionPair: (s, y, xNew, x0, gNew, g) => x.pair(at(s), at(y), at(xNew), at(x0), at(gNew), at(g), p, 0),
    pairStats,
  };
}

/** Vectors this long or longer use the WebAssembly kernels (below, calls cost more than they save). */
const WASM_MIN_LENGTH = 2048;

export function vectorKernels(p: number, count: number): VectorKernels {
  return (p >= WASM_MIN_LENGTH ? wasmVectorKernels(p, count) : null) ?? jsVectorKernels(p);
}
