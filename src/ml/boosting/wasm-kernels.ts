/**
 * The hot loops of histogram gradient boosting as a small WebAssembly module with SIMD, assembled from
 * the instruction lists below (src/ml/wasm/encoder.ts). Same contract, arithmetic and order as the
 * JavaScript kernels (js-kernels.ts), so the two produce bit-identical models.
 *
 * Why WebAssembly: on 55,000 × 11 rows these loops run ~200 million histogram updates and ~55 million
 * partition steps per 200-tree fit. In JavaScript each typed-array access is bounds-checked and a
 * histogram update costs ~3 ns; here one SIMD add updates a slot's gradient and hessian sums together,
 * and the whole update costs ~1 ns; the branch-free partition costs ~1 ns a row instead of ~5.
 */
import { F64, I32, ins, V128, type Bytes, type FunctionDef } from '../wasm/encoder.ts';
import { compileModule, instantiateWithMemory, MAX_MEMORY_BYTES } from '../wasm/instantiate.ts';
import type { BoostingKernels } from './js-kernels.ts';

const { get, set, tee, i32, f64: f64c, i32Load, i32LoadAt, i32Load16At, i32Load8At, i32Store, f64Load, f64StoreAt } = ins;
const { i32Add, i32Sub, i32Mul, i32Shl, i32ShrU, i32LtU, i32GeU, f64Add, f64Sub, f64Mul, f64Div, f64ConvertI32U } = ins;
const { v128LoadAt, v128StoreAt, f64x2Add, f64x2Sub, i32x4Sub, brIf, block, loop } = ins;

/** local += constant (i32). */
const bump = (local: number, by: number): Bytes => [...get(local), ...i32(by), ...i32Add, ...set(local)];
/** base + (index << shift) on the stack. */
const address = (base: number, index: Bytes, shift: number): Bytes => [...get(base), ...index, ...i32(shift), ...i32Shl, ...i32Add];
/** A loop over a pointer range: `body`, then ptr += step while ptr < stop (skipped when empty). */
const forRange = (ptr: number, stop: number, step: number, ...body: Bytes[]): Bytes =>
  block([...get(ptr), ...get(stop), ...i32GeU, ...brIf(0)], loop(...body, bump(ptr, step), [...get(ptr), ...get(stop), ...i32LtU, ...brIf(0)]));

/** Row shapes up to this many features get a histogram loop unrolled over the features. */
const UNROLL_MAX_FEATURES = 128;

/**
 * histogram(samplesAt, start, end, slotsAt, ghAt, histAt, countsAt) for rows of d features, with
 * `wide` (int32) or uint16 slots; `histogramSums` is the same without counts. For d ≤ 128 the
 * feature loop is unrolled (constant offsets, no per-cell loop test): ~0.9 ns per cell instead of
 * ~1–1.5, and without counts ~0.6 ns.
 */
function histogramFunction(d: number, wide: boolean, withCounts: boolean): FunctionDef {
  const [samplesAt, start, end, slotsAt, ghAt, histAt, countsAt] = [0, 1, 2, 3, 4, 5, 6];
  const [k, stop, p, pe, v, s, a] = [7, 8, 9, 10, 11, 12, 13];
  const cw = wide ? 4 : 2;
  const rowBytes = d * cw;
  const update = (offset: number): Bytes => [
    ...get(p), ...(wide ? i32LoadAt(offset) : i32Load16At(offset)), ...set(s),
    // sums[s] += (g, h)
    ...address(histAt, get(s), 4), ...tee(a), ...get(a), ...v128LoadAt(0), ...get(v), ...f64x2Add, ...v128StoreAt(0),
    // counts[s] += 1
    ...(withCounts ? [...address(countsAt, get(s), 2), ...tee(a), ...get(a), ...i32Load, ...i32(1), ...i32Add, ...i32Store] : []),
  ];
  const features: Bytes[] =
    d <= UNROLL_MAX_FEATURES
      ? Array.from({ length: d }, (_, f) => update(f * cw))
      : [[...get(p), ...i32(rowBytes), ...i32Add, ...set(pe)], loop(update(0), bump(p, cw), [...get(p), ...get(pe), ...i32LtU, ...brIf(0)])];
  return {
    name: withCounts ? 'histogram' : 'histogramSums',
    params: [I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, V128, I32, I32],
    body: [
      [...address(samplesAt, get(start), 2), ...set(k)],
      [...address(samplesAt, get(end), 2), ...set(stop)],
      forRange(
        k,
        stop,
        4,
        // v = (g, h) of row i; p = row i's slots
        [...address(ghAt, [...get(k), ...i32Load], 4), ...v128LoadAt(0), ...set(v)],
        [...get(slotsAt), ...get(k), ...i32Load, ...i32(rowBytes), ...i32Mul, ...i32Add, ...set(p)],
        ...features,
      ),
    ],
  };
}

/** partition(samplesAt, start, end, rightAt, colAt, lutAt) → left count; branch-free as in js-kernels.ts. */
function partitionFunction(): FunctionDef {
  const [samplesAt, start, end, rightAt, colAt, lutAt] = [0, 1, 2, 3, 4, 5];
  const [k, stop, a, i, left] = [6, 7, 8, 9, 10];
  return {
    name: 'partition',
    params: [I32, I32, I32, I32, I32, I32],
    results: [I32],
    locals: [I32, I32, I32, I32, I32],
    body: [
      [...address(samplesAt, get(start), 2), ...tee(k), ...set(a)],
      [...address(samplesAt, get(end), 2), ...set(stop)],
      forRange(
        k,
        stop,
        4,
        [...get(k), ...i32Load, ...set(i)],
        [...address(lutAt, [...get(colAt), ...get(i), ...i32Add, ...i32Load8At(0)], 2), ...i32Load, ...set(left)],
        [...get(a), ...get(i), ...i32Store],
        [...get(rightAt), ...get(i), ...i32Store],
        [...get(a), ...get(left), ...i32(2), ...i32Shl, ...i32Add, ...set(a)],
        [...get(rightAt), ...i32(1), ...get(left), ...i32Sub, ...i32(2), ...i32Shl, ...i32Add, ...set(rightAt)],
      ),
      [...get(a), ...address(samplesAt, get(start), 2), ...i32Sub, ...i32(2), ...i32ShrU],
    ],
  };
}

/** gradients(expNegRawAt, yAt, wAt, ghAt, samplesAt, n, sumsAt); `weighted` reads w (wAt ≠ 0). */
function gradientsFunction(weighted: boolean): FunctionDef {
  const [expNegRawAt, yAt, wAt, ghAt, samplesAt, n, sumsAt] = [0, 1, 2, 3, 4, 5, 6];
  const [row, p, g, h, sg, sh] = [7, 8, 9, 10, 11, 12];
  const weigh: Bytes = weighted
    ? [
        ...get(g), ...address(wAt, get(row), 3), ...f64Load, ...f64Mul, ...set(g),
        ...get(h), ...address(wAt, get(row), 3), ...f64Load, ...f64Mul, ...set(h),
      ]
    : [];
  return {
    name: weighted ? 'gradientsWeighted' : 'gradients',
    params: [I32, I32, I32, I32, I32, I32, I32],
    locals: [I32, F64, F64, F64, F64, F64],
    body: [
      [...f64c(0), ...set(sg), ...f64c(0), ...set(sh), ...i32(0), ...set(row)],
      forRange(
        row,
        n,
        1,
        // p = 1 / (1 + e^{−raw})
        [...f64c(1), ...f64c(1), ...address(expNegRawAt, get(row), 3), ...f64Load, ...f64Add, ...f64Div, ...set(p)],
        [...get(p), ...get(yAt), ...get(row), ...i32Add, ...i32Load8At(0), ...f64ConvertI32U, ...f64Sub, ...set(g)],
        [...get(p), ...f64c(1), ...get(p), ...f64Sub, ...f64Mul, ...set(h)],
        weigh,
        [...address(ghAt, get(row), 4), ...get(g), ...f64StoreAt(0)],
        [...address(ghAt, get(row), 4), ...get(h), ...f64StoreAt(8)],
        [...address(samplesAt, get(row), 2), ...get(row), ...i32Store],
        [...get(sg), ...get(g), ...f64Add, ...set(sg), ...get(sh), ...get(h), ...f64Add, ...set(sh)],
      ),
      [...get(sumsAt), ...get(sg), ...f64StoreAt(0), ...get(sumsAt), ...get(sh), ...f64StoreAt(8)],
    ],
  };
}

/** scaleLeaf(samplesAt, start, end, expNegRawAt, factor): expNegRaw[samples[k]] ·= factor. */
function scaleLeafFunction(): FunctionDef {
  const [samplesAt, start, end, expNegRawAt, factor] = [0, 1, 2, 3, 4];
  const [k, stop, a] = [5, 6, 7];
  return {
    name: 'scaleLeaf',
    params: [I32, I32, I32, I32, F64],
    locals: [I32, I32, I32],
    body: [
      [...address(samplesAt, get(start), 2), ...set(k)],
      [...address(samplesAt, get(end), 2), ...set(stop)],
      forRange(k, stop, 4, [...address(expNegRawAt, [...get(k), ...i32Load], 3), ...tee(a), ...get(a), ...f64Load, ...get(factor), ...f64Mul, ...f64StoreAt(0)]),
    ],
  };
}

/** subtract(parentAt, childAt, parentCountsAt, childCountsAt, nSlots, countWords): counts in groups of 4. */
function subtractFunction(): FunctionDef {
  const [parentAt, childAt, parentCountsAt, childCountsAt, nSlots, countWords] = [0, 1, 2, 3, 4, 5];
  const [stop] = [6];
  const sub = (pa: number, ca: number, op: Bytes): Bytes => [...get(pa), ...get(pa), ...v128LoadAt(0), ...get(ca), ...v128LoadAt(0), ...op, ...v128StoreAt(0)];
  return {
    name: 'subtract',
    params: [I32, I32, I32, I32, I32, I32],
    locals: [I32],
    body: [
      [...address(parentAt, get(nSlots), 4), ...set(stop)],
      forRange(parentAt, stop, 16, sub(parentAt, childAt, f64x2Sub), bump(childAt, 16)),
      [...address(parentCountsAt, get(countWords), 2), ...set(stop)],
      forRange(parentCountsAt, stop, 16, sub(parentCountsAt, childCountsAt, i32x4Sub), bump(childCountsAt, 16)),
    ],
  };
}

interface Exports {
  memory: WebAssembly.Memory;
  histogram: (...a: number[]) => void;
  histogramSums: (...a: number[]) => void;
  partition: (...a: number[]) => number;
  gradients: (...a: number[]) => void;
  gradientsWeighted: (...a: number[]) => void;
  scaleLeaf: (...a: number[]) => void;
  subtract: (...a: number[]) => void;
}

/** Compiled modules by row shape ("d/wide"); null where WebAssembly or its SIMD extension is unavailable. */
const compiled = new Map<string, WebAssembly.Module | null>();

function boostingModule(d: number, wide: boolean): WebAssembly.Module | null {
  const key = `${d}/${wide}`;
  if (!compiled.has(key)) {
    compiled.set(
      key,
      compileModule(() => [
        histogramFunction(d, wide, true),
        histogramFunction(d, wide, false),
        partitionFunction(),
        gradientsFunction(false),
        gradientsFunction(true),
        scaleLeafFunction(),
        subtractFunction(),
      ]),
    );
  }
  return compiled.get(key)!;
}

/** Largest arena: addresses stay below 2^31, so they pass through JavaScript's int32 conversion intact. */
export const MAX_ARENA_BYTES = MAX_MEMORY_BYTES;

/**
 * Kernels for rows of d features (int32 slots when `wide`) over a fresh WebAssembly memory of at least
 * `bytes` bytes, or null (then use the JavaScript kernels).
 */
export function wasmBoostingKernels(bytes: number, d: number, wide: boolean): BoostingKernels | null {
  if (d < 1) return null;
  const x = instantiateWithMemory<Exports>(boostingModule(d, wide), bytes);
  if (!x) return null;
  return {
    kind: 'wasm',
    buffer: x.memory.buffer,
    histogram: (samplesAt, start, end, slotsAt, ghAt, histAt, countsAt) =>
      countsAt === 0 ? x.histogramSums(samplesAt, start, end, slotsAt, ghAt, histAt) : x.histogram(samplesAt, start, end, slotsAt, ghAt, histAt, countsAt),
    partition: x.partition,
    gradients: (expNegRawAt, yAt, wAt, ...a) => (wAt === 0 ? x.gradients : x.gradientsWeighted)(expNegRawAt, yAt, wAt, ...a),
    scaleLeaf: x.scaleLeaf,
    subtract: x.subtract,
  };
}
