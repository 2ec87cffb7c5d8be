/**
 * The integer-only hot loops of the tree kernel (grow-trees.ts) as a small WebAssembly module, assembled
 * from the instruction lists below (src/ml/wasm/encoder.ts). The grower keeps the arrays these loops
 * touch in the module's memory (typed-array views over it), so its JavaScript parts read and write the
 * same arrays.
 *
 * Why: the subtree index's counting sort (materialize) and the scans of a feature's list are chains of
 * dependent random loads and stores into typed arrays; in JavaScript each access is bounds-checked and
 * an entry costs ~10 ns on the resume matrix, here ~3.5 ns (measured: bench/forest-kernel.bench.ts).
 * Only integers are handled here: every float sum stays in JavaScript, in its order, so the trees are
 * bit for bit those of the JavaScript loops (the fallback where WebAssembly is unavailable).
 */
import { I32, ins, type Bytes, type FunctionDef } from '../wasm/encoder.ts';
import { compileModule, instantiateWithMemory } from '../wasm/instantiate.ts';

const { get, set, tee, i32, i32Load, i32LoadAt, i32Load8At, brIf, block, loop } = ins;
const { i32Add, i32Shl, i32ShrU, i32And, i32LtU, i32GeU, i32Eqz } = ins;
const i32Or: Bytes = [0x72];
const i32StoreAt = (offset: number): Bytes => [0x36, 2, ...uleb(offset)];
const i32Store8At = (offset: number): Bytes => [0x3a, 0, ...uleb(offset)];
const ifThen = (...body: Bytes[]): Bytes => [0x04, 0x40, ...body.flat(), 0x0b];

function uleb(v: number): Bytes {
  const out: Bytes = [];
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** local += constant. */
const bump = (local: number, by: number): Bytes => [...get(local), ...i32(by), ...i32Add, ...set(local)];
/** base + (index << shift) on the stack. */
const address = (base: number, index: Bytes, shift: number): Bytes => [...get(base), ...index, ...(shift > 0 ? [...i32(shift), ...i32Shl] : []), ...i32Add];
/** `body`, then ptr += step while ptr < stop (skipped when empty). */
const forRange = (ptr: number, stop: number, step: number, ...body: Bytes[]): Bytes =>
  block([...get(ptr), ...get(stop), ...i32GeU, ...brIf(0)], loop(...body, bump(ptr, step), [...get(ptr), ...get(stop), ...i32LtU, ...brIf(0)]));

/**
 * materializeAll / materializeListed(samplesAt, start, end, rowptrAt, entAt, countAt, rangeAt, localEntAt,
 * nF, featAt) → number of features listed (Listed) or the number of entries (All): grow-trees.ts's
 * materialize without the per-sample copies. Counts each feature's entries over the rows of
 * samples[start, end) (Listed: noting each feature at its first entry in featAt), lays the features out
 * (all of them, or those listed, in that order) as empty ranges [at, at) in rangeAt, then appends every
 * row's entries as (k − start)·256 + code to its feature's range and renumbers samples[k] = k − start.
 */
function materializeFunction(listed: boolean): FunctionDef {
  const [samplesAt, start, end, rowptrAt, entAt, countAt, rangeAt, localEntAt, nF, featAt] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [k, stop, q, qe, e, p, at, hi, f, c, nLocal, fp] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
  // q, qe = byte addresses of row samples[k]'s entries
  const rowBounds: Bytes[] = [
    [...address(rowptrAt, [...get(k), ...i32Load], 2), ...tee(p), ...i32LoadAt(0), ...i32(2), ...i32Shl, ...get(entAt), ...i32Add, ...set(q)],
    [...get(p), ...i32LoadAt(4), ...i32(2), ...i32Shl, ...get(entAt), ...i32Add, ...set(qe)],
  ];
  const countEntry: Bytes[] = listed
    ? [
        // if (count[f]++ === 0) feat[nLocal++] = f
        [...get(q), ...i32Load, ...i32(8), ...i32ShrU, ...set(f)],
        [...address(countAt, get(f), 2), ...tee(p), ...i32Load, ...tee(c), ...i32Eqz],
        ifThen([...address(featAt, get(nLocal), 2), ...get(f), ...i32StoreAt(0)], bump(nLocal, 1)),
        [...get(p), ...get(c), ...i32(1), ...i32Add, ...i32StoreAt(0)],
      ]
    : [[...address(countAt, [...get(q), ...i32Load, ...i32(8), ...i32ShrU], 2), ...tee(p), ...get(p), ...i32Load, ...i32(1), ...i32Add, ...i32StoreAt(0)]];
  // range[2f] = range[2f + 1] = at; at += count[f]; count[f] = 0
  const layOut: Bytes[] = [
    [...address(rangeAt, get(f), 3), ...tee(p), ...get(at), ...i32StoreAt(0), ...get(p), ...get(at), ...i32StoreAt(4)],
    [...address(countAt, get(f), 2), ...tee(p), ...get(at), ...get(p), ...i32Load, ...i32Add, ...set(at), ...i32(0), ...i32StoreAt(0)],
  ];
  const layOutAll: Bytes[] = [[...i32(0), ...set(f)], forRange(f, nF, 1, ...layOut)];
  const layOutListed: Bytes[] = [
    [...get(featAt), ...set(fp), ...address(featAt, get(nLocal), 2), ...set(stop)],
    forRange(fp, stop, 4, [...get(fp), ...i32Load, ...set(f)], ...layOut),
  ];
  return {
    name: listed ? 'materializeListed' : 'materializeAll',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    results: [I32],
    locals: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    body: [
      [...i32(0), ...set(nLocal), ...i32(0), ...set(at)],
      [...address(samplesAt, get(start), 2), ...set(k)],
      [...address(samplesAt, get(end), 2), ...set(stop)],
      forRange(k, stop, 4, ...rowBounds, forRange(q, qe, 4, ...countEntry)),
      ...(listed ? layOutListed : layOutAll),
      // scatter: localEnt[range[2f + 1]++] = hi | code
      [...address(samplesAt, get(start), 2), ...set(k)],
      [...address(samplesAt, get(end), 2), ...set(stop)],
      [...i32(0), ...set(hi)],
      forRange(
        k,
        stop,
        4,
        ...rowBounds,
        forRange(
          q,
          qe,
          4,
          [...get(q), ...i32Load, ...set(e)],
          [...address(rangeAt, [...get(e), ...i32(8), ...i32ShrU], 3), ...tee(p), ...i32LoadAt(4), ...set(c)],
          [...get(p), ...get(c), ...i32(1), ...i32Add, ...i32StoreAt(4)],
          [...address(localEntAt, get(c), 2), ...get(hi), ...get(e), ...i32(255), ...i32And, ...i32Or, ...i32StoreAt(0)],
        ),
        [...get(k), ...get(hi), ...i32(8), ...i32ShrU, ...i32StoreAt(0)],
        bump(hi, 256),
      ),
      get(listed ? nLocal : at),
    ],
  };
}

/**
 * filterEntries(entAt, a, b, inAt, outSAt, outCAt) → k: the entries ent[a, b) (index·256 + code) whose
 * index is marked in inAt (bytes 0/1), as indices into outSAt (int32) and codes into outCAt (bytes),
 * branch-free: every entry is written, the output advances only for marked ones.
 */
function filterFunction(): FunctionDef {
  const [entAt, a, b, inAt, outSAt, outCAt] = [0, 1, 2, 3, 4, 5];
  const [q, stop, e, s, k] = [6, 7, 8, 9, 10];
  return {
    name: 'filterEntries',
    params: [I32, I32, I32, I32, I32, I32],
    results: [I32],
    locals: [I32, I32, I32, I32, I32],
    body: [
      [...i32(0), ...set(k)],
      [...address(entAt, get(a), 2), ...set(q)],
      [...address(entAt, get(b), 2), ...set(stop)],
      forRange(
        q,
        stop,
        4,
        [...get(q), ...i32Load, ...tee(e), ...i32(8), ...i32ShrU, ...set(s)],
        [...address(outSAt, get(k), 2), ...get(s), ...i32StoreAt(0)],
        [...get(outCAt), ...get(k), ...i32Add, ...get(e), ...i32Store8At(0)],
        [...get(k), ...get(inAt), ...get(s), ...i32Add, ...i32Load8At(0), ...i32Add, ...set(k)],
      ),
      get(k),
    ],
  };
}

export interface ForestWasmExports {
  memory: WebAssembly.Memory;
  materializeAll: (samplesAt: number, start: number, end: number, rowptrAt: number, entAt: number, countAt: number, rangeAt: number, localEntAt: number, nF: number, featAt: number) => number;
  materializeListed: (samplesAt: number, start: number, end: number, rowptrAt: number, entAt: number, countAt: number, rangeAt: number, localEntAt: number, nF: number, featAt: number) => number;
  filterEntries: (entAt: number, a: number, b: number, inAt: number, outSAt: number, outCAt: number) => number;
}

let compiled: WebAssembly.Module | null | undefined;

/** The module's exports over a fresh memory of at least `bytes` bytes, or null (then the JavaScript loops run). */
export function forestWasm(bytes: number): ForestWasmExports | null {
  if (compiled === undefined) compiled = compileModule(() => [materializeFunction(false), materializeFunction(true), filterFunction()]);
  return instantiateWithMemory<ForestWasmExports>(compiled, bytes);
}

/**
 * Hands out 64-byte-aligned regions of one memory in order: a region's byte offset, then typed-array
 * views over it once the memory has its final size.
 */
export class Arena {
  private at = 0;
  /** Reserves `count` elements of `bytesPer` bytes; returns the byte offset. */
  reserve(count: number, bytesPer: number): number {
    const offset = this.at;
    this.at += Math.ceil((count * bytesPer) / 64) * 64 + 64;
    return offset;
  }
  get bytes(): number {
    return this.at;
  }
}
