/**
 * The hot loops of the tree kernel (grow-trees.ts) as a small WebAssembly module, assembled from the
 * instruction lists below (src/ml/wasm/encoder.ts): the subtree index's counting sort (materialize), a
 * subtree node's whole split search (draws, list filter, histogram, Gini scan), the evaluation of a
 * filtered column, and the partition. The grower keeps the arrays these loops touch in the module's
 * memory (typed-array views over it), so its JavaScript parts read and write the same arrays; a config
 * block at address 0 tells the loops where they are and carries the best split found.
 *
 * Why: these are chains of dependent random loads and stores into typed arrays; in JavaScript each
 * access is bounds-checked, and on the resume matrix an index entry costs ~10 ns there against ~3.5 ns
 * here (bench/forest-kernel.bench.ts has the whole kernel).
 * Same trees: every float operation is the JavaScript one in the JavaScript order (WebAssembly's f64
 * add, multiply, divide and max are IEEE's, as JavaScript's; no fused operations), and the generator
 * is TreeRng's xoshiro128** step for step, on the same state words. The reference tests grow the same
 * trees with and without this module.
 */
import { F64, I32, ins, type Bytes, type FunctionDef } from '../wasm/encoder.ts';
import { compileModule, instantiateWithMemory } from '../wasm/instantiate.ts';

const { get, set, tee, i32, f64: f64c, i32Load, i32LoadAt, i32Load8At, f64LoadAt, f64StoreAt, brIf, block, loop } = ins;
const { i32Add, i32Sub, i32Mul, i32Shl, i32ShrU, i32And, i32LtU, i32LtS, i32GeU, i32GeS, i32Eqz } = ins;
const { f64Add, f64Sub, f64Mul, f64Div, f64ConvertI32U } = ins;
const { i32Or, i32Xor, i32Rotl, i32Ctz, i32Eq, i32Ne, i32LeS, f64Gt, f64Le, f64Max, f64Floor, i32TruncF64U } = ins;
const { i32StoreAt, i32Store8At, br, call, ifThen } = ins;

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

/**
 * The config block at address 0: where the grower's arrays are (byte offsets), the search's constants,
 * and the best split found (written by searchLocal; JavaScript sets bestProxy and bestF before it).
 */
export const CFG = {
  samples: 0,
  localIn: 4,
  localRange: 8,
  localEnt: 12,
  filtS: 16,
  filtC: 20,
  localW: 24,
  localY: 28,
  feats: 32,
  rng: 36,
  h01: 40,
  hn: 44,
  bins: 48,
  bits: 52,
  zeroCode: 56,
  nF: 60,
  mtry: 64,
  minLeaf: 68,
  bestF: 72,
  bestCode: 76,
  bestZeroLeft: 80,
  bestProxy: 88,
  side: 96,
  tmp: 100,
  leftCost: 104,
  rightCost: 108,
  leftW0: 112,
  leftW1: 120,
  rightW0: 128,
  rightW1: 136,
} as const;
export const CONFIG_BYTES = 192;

const EVALUATE = 4;
/** Loads config field `field` into local `local`. */
const fromConfig = (field: number, local: number): Bytes => [...i32(0), ...i32LoadAt(field), ...set(local)];
const inc = (local: number): Bytes => bump(local, 1);

/** The generator's state in locals: a, b, c, d, and two scratch locals. */
interface RngLocals {
  st: number;
  a: number;
  b: number;
  c: number;
  d: number;
  t: number;
  r: number;
}
const loadRng = (g: RngLocals): Bytes[] => [
  fromConfig(CFG.rng, g.st),
  [...get(g.st), ...i32LoadAt(0), ...set(g.a), ...get(g.st), ...i32LoadAt(4), ...set(g.b)],
  [...get(g.st), ...i32LoadAt(8), ...set(g.c), ...get(g.st), ...i32LoadAt(12), ...set(g.d)],
];
const storeRng = (g: RngLocals): Bytes[] => [
  [...get(g.st), ...get(g.a), ...i32StoreAt(0), ...get(g.st), ...get(g.b), ...i32StoreAt(4)],
  [...get(g.st), ...get(g.c), ...i32StoreAt(8), ...get(g.st), ...get(g.d), ...i32StoreAt(12)],
];
/** TreeRng.int(n) (xoshiro128**, the same integer and float steps), leaving the integer on the stack. */
function rngInt(g: RngLocals, n: Bytes): Bytes {
  const xorInto = (x: number, y: number): Bytes => [...get(x), ...get(y), ...i32Xor, ...set(x)];
  return [
    ...[...get(g.b), ...i32(9), ...i32Shl, ...set(g.t)],
    ...[...get(g.b), ...i32(5), ...i32Mul, ...i32(7), ...i32Rotl, ...i32(9), ...i32Mul, ...set(g.r)],
    ...xorInto(g.c, g.a),
    ...xorInto(g.d, g.b),
    ...xorInto(g.b, g.c),
    ...xorInto(g.a, g.d),
    ...xorInto(g.c, g.t),
    ...[...get(g.d), ...i32(11), ...i32Rotl, ...set(g.d)],
    // Math.floor(((r >>> 0) / 4294967296) * n)
    ...[...get(g.r), ...f64ConvertI32U, ...f64c(4294967296), ...f64Div, ...n, ...f64ConvertI32U, ...f64Mul, ...f64Floor, ...i32TruncF64U],
  ];
}

/** rngInt(n): TreeRng.int(n) on the state at config.rng (tests compare the two). */
function rngFunction(): FunctionDef {
  const g = { st: 1, a: 2, b: 3, c: 4, d: 5, t: 6, r: 7 };
  return {
    name: 'rngInt',
    params: [I32],
    results: [I32],
    locals: [I32, I32, I32, I32, I32, I32, I32, I32],
    body: [...loadRng(g), [...rngInt(g, get(0)), ...set(8)], ...storeRng(g), get(8)],
  };
}

/**
 * evaluate(f, k, nNode, w0, w1, wAt, yAt) → 1 if feature f takes more than one value in the node:
 * grow-trees.ts's evaluate on the filtered entries filtS/filtC[0, k) with weights wAt and labels yAt, float
 * operations in the same order (so the same sums and the same best split); the best split so far is
 * in the config block.
 */
function evaluateFunction(): FunctionDef {
  const [f, k, nNode, w0, w1, W, Y] = [0, 1, 2, 3, 4, 5, 6];
  const [e, c, sId, nb, p, cnt, t, z, word, x, q, bestCode, ln, nonConst, h01, hn, bins, S, C, bits, minLeaf] = [
    7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
  ];
  const [s0, s1, l0, l1, lw, r0, r1, rw, proxy, best] = [28, 29, 30, 31, 32, 33, 34, 35, 36, 37];
  const addF64 = (local: number, at: Bytes): Bytes => [...get(local), ...at, ...f64Add, ...set(local)];
  /** bins[nb++] = code if the count just loaded into cnt was 0. */
  const noteBin = (code: number): Bytes => ifThen([...address(bins, get(nb), 2), ...get(code), ...i32StoreAt(0)], inc(nb));
  const whileLess = (i: number, stop: Bytes, ...body: Bytes[]): Bytes => block(loop([...get(i), ...stop, ...i32GeS, ...brIf(1)], ...body, inc(i), br(0)));
  return {
    name: 'evaluate',
    params: [I32, I32, I32, F64, F64, I32, I32],
    results: [I32],
    locals: [...new Array<number>(21).fill(I32), ...new Array<number>(10).fill(F64)],
    body: [
      fromConfig(CFG.h01, h01),
      fromConfig(CFG.hn, hn),
      fromConfig(CFG.bins, bins),
      fromConfig(CFG.filtS, S),
      fromConfig(CFG.filtC, C),
      fromConfig(CFG.bits, bits),
      fromConfig(CFG.minLeaf, minLeaf),
      [...i32(0), ...set(nb), ...i32(0), ...set(e)],
      // histogram: counts, codes in order of first appearance, class weights
      whileLess(
        e,
        get(k),
        [...get(C), ...get(e), ...i32Add, ...i32Load8At(0), ...set(c)],
        [...address(S, get(e), 2), ...i32Load, ...set(sId)],
        [...address(hn, get(c), 2), ...tee(p), ...i32Load, ...tee(cnt), ...i32(1), ...i32Add, ...set(t), ...get(p), ...get(t), ...i32StoreAt(0)],
        [...get(cnt), ...i32Eqz],
        noteBin(c),
        [...address(h01, get(c), 4), ...get(Y), ...get(sId), ...i32Add, ...i32Load8At(0), ...i32(3), ...i32Shl, ...i32Add, ...tee(p)],
        [...get(p), ...f64LoadAt(0), ...address(W, get(sId), 3), ...f64LoadAt(0), ...f64Add, ...f64StoreAt(0)],
      ),
      // the zero code's weights are the node's minus the non-zeros' (summed in order of first appearance)
      [...f64c(0), ...set(s0), ...f64c(0), ...set(s1), ...i32(0), ...set(t)],
      whileLess(
        t,
        get(nb),
        [...address(h01, [...address(bins, get(t), 2), ...i32Load], 4), ...set(p)],
        addF64(s0, [...get(p), ...f64LoadAt(0)]),
        addF64(s1, [...get(p), ...f64LoadAt(8)]),
      ),
      [...i32(0), ...i32LoadAt(CFG.zeroCode), ...get(f), ...i32Add, ...i32Load8At(0), ...set(z)],
      [...get(k), ...get(nNode), ...i32LtS],
      ifThen(
        [...address(hn, get(z), 2), ...tee(p), ...i32Load, ...tee(cnt), ...i32Eqz],
        noteBin(z),
        [...get(p), ...get(cnt), ...get(nNode), ...get(k), ...i32Sub, ...i32Add, ...i32StoreAt(0)],
        [...address(h01, get(z), 4), ...tee(p), ...get(p), ...f64LoadAt(0), ...f64c(0), ...get(w0), ...get(s0), ...f64Sub, ...f64Max, ...f64Add, ...f64StoreAt(0)],
        [...get(p), ...get(p), ...f64LoadAt(8), ...f64c(0), ...get(w1), ...get(s1), ...f64Sub, ...f64Max, ...f64Add, ...f64StoreAt(8)],
      ),
      [...i32(1), ...get(nb), ...i32LtS, ...tee(nonConst)],
      ifThen(
        // codes in order through a 256-bit set
        [...i32(0), ...set(t)],
        whileLess(
          t,
          get(nb),
          [...address(bins, get(t), 2), ...i32Load, ...set(c)],
          [...address(bits, [...get(c), ...i32(5), ...i32ShrU], 2), ...tee(p), ...get(p), ...i32Load, ...i32(1), ...get(c), ...i32Shl, ...i32Or, ...i32StoreAt(0)],
        ),
        [...i32(0), ...set(q), ...i32(0), ...set(word)],
        whileLess(
          word,
          i32(8),
          [...address(bits, get(word), 2), ...tee(p), ...i32Load, ...set(x), ...get(p), ...i32(0), ...i32StoreAt(0)],
          block(
            loop(
              [...get(x), ...i32Eqz, ...brIf(1)],
              [...address(bins, get(q), 2), ...get(word), ...i32(5), ...i32Shl, ...get(x), ...i32Ctz, ...i32Or, ...i32StoreAt(0)],
              inc(q),
              [...get(x), ...get(x), ...i32(1), ...i32Sub, ...i32And, ...set(x)],
              br(0),
            ),
          ),
        ),
        // the best threshold: left = codes ≤ bins[t]
        [...i32(0), ...f64LoadAt(CFG.bestProxy), ...set(best), ...i32(-1), ...set(bestCode)],
        [...f64c(0), ...set(l0), ...f64c(0), ...set(l1), ...i32(0), ...set(ln), ...i32(0), ...set(t)],
        whileLess(
          t,
          [...get(nb), ...i32(1), ...i32Sub],
          block(
            [...address(bins, get(t), 2), ...i32Load, ...set(c)],
            [...address(h01, get(c), 4), ...set(p)],
            addF64(l0, [...get(p), ...f64LoadAt(0)]),
            addF64(l1, [...get(p), ...f64LoadAt(8)]),
            [...get(ln), ...address(hn, get(c), 2), ...i32Load, ...i32Add, ...set(ln)],
            // continue (depth 0: this block) / break (depth 2: the loop's block)
            [...get(ln), ...get(minLeaf), ...i32LtS, ...brIf(0)],
            [...get(nNode), ...get(ln), ...i32Sub, ...get(minLeaf), ...i32LtS, ...brIf(2)],
            [...get(l0), ...get(l1), ...f64Add, ...set(lw)],
            [...get(w0), ...get(l0), ...f64Sub, ...set(r0)],
            [...get(w1), ...get(l1), ...f64Sub, ...set(r1)],
            [...get(r0), ...get(r1), ...f64Add, ...set(rw)],
            [...get(lw), ...f64c(0), ...f64Le, ...brIf(0)],
            [...get(rw), ...f64c(0), ...f64Le, ...brIf(0)],
            [...get(l0), ...get(l0), ...f64Mul, ...get(l1), ...get(l1), ...f64Mul, ...f64Add, ...get(lw), ...f64Div],
            [...get(r0), ...get(r0), ...f64Mul, ...get(r1), ...get(r1), ...f64Mul, ...f64Add, ...get(rw), ...f64Div, ...f64Add, ...tee(proxy)],
            [...get(best), ...f64Gt],
            ifThen([...get(proxy), ...set(best), ...get(c), ...set(bestCode)]),
          ),
        ),
        [...i32(-1), ...get(bestCode), ...i32LtS],
        ifThen(
          [...i32(0), ...get(best), ...f64StoreAt(CFG.bestProxy)],
          [...i32(0), ...get(f), ...i32StoreAt(CFG.bestF)],
          [...i32(0), ...get(bestCode), ...i32StoreAt(CFG.bestCode)],
          [...i32(0), ...get(z), ...get(bestCode), ...i32LeS, ...i32StoreAt(CFG.bestZeroLeft)],
        ),
      ),
      // clear the histogram's slots
      [...i32(0), ...set(t)],
      whileLess(
        t,
        get(nb),
        [...address(bins, get(t), 2), ...i32Load, ...set(c)],
        [...address(h01, get(c), 4), ...tee(p), ...f64c(0), ...f64StoreAt(0), ...get(p), ...f64c(0), ...f64StoreAt(8)],
        [...address(hn, get(c), 2), ...i32(0), ...i32StoreAt(0)],
      ),
      get(nonConst),
    ],
  };
}

/**
 * searchLocal(start, end, w0, w1): grow-trees.ts's searchLocal in one call: marks the node's samples
 * (local ids in samples[start, end)), draws features without replacement (partial Fisher–Yates over
 * feats, with rngInt) while fewer than mtry are drawn or none was non-constant, filters each drawn
 * feature's subtree list to the node and evaluates it.
 */
function searchLocalFunction(): FunctionDef {
  const [start, end, w0, w1] = [0, 1, 2, 3];
  const [samples, localIn, range, ent, S, C, feats, nF, mtry, k, stop, i, nonConst, j, f, a, b, q, e, sId, kk, nNode, stop2] = [
    4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
  ];
  const [W, Y] = [34, 35];
  const g = { st: 27, a: 28, b: 29, c: 30, d: 31, t: 32, r: 33 };
  const mark = (v: number): Bytes[] => [
    [...address(samples, get(start), 2), ...set(k)],
    forRange(k, stop, 4, [...get(localIn), ...get(k), ...i32Load, ...i32Add, ...i32(v), ...i32Store8At(0)]),
  ];
  return {
    name: 'searchLocal',
    params: [I32, I32, F64, F64],
    locals: new Array<number>(32).fill(I32),
    body: [
      ...loadRng(g),
      fromConfig(CFG.localW, W),
      fromConfig(CFG.localY, Y),
      fromConfig(CFG.samples, samples),
      fromConfig(CFG.localIn, localIn),
      fromConfig(CFG.localRange, range),
      fromConfig(CFG.localEnt, ent),
      fromConfig(CFG.filtS, S),
      fromConfig(CFG.filtC, C),
      fromConfig(CFG.feats, feats),
      fromConfig(CFG.nF, nF),
      fromConfig(CFG.mtry, mtry),
      [...get(end), ...get(start), ...i32Sub, ...set(nNode)],
      [...address(samples, get(end), 2), ...set(stop)],
      ...mark(1),
      [...i32(0), ...set(i), ...i32(0), ...set(nonConst)],
      block(
        loop(
          // while (i < nF && (i < mtry || nonConstant === 0))
          [...get(i), ...get(nF), ...i32GeS, ...brIf(1)],
          [...get(i), ...get(mtry), ...i32GeS, ...get(nonConst), ...i32(0), ...i32Ne, ...i32And, ...brIf(1)],
          block(
            [...get(i), ...rngInt(g, [...get(nF), ...get(i), ...i32Sub]), ...i32Add, ...set(j)],
            [...address(feats, get(j), 2), ...i32Load, ...set(f)],
            [...address(feats, get(j), 2), ...address(feats, get(i), 2), ...i32Load, ...i32StoreAt(0)],
            [...address(feats, get(i), 2), ...get(f), ...i32StoreAt(0)],
            inc(i),
            [...address(range, get(f), 3), ...tee(q), ...i32LoadAt(0), ...set(a), ...get(q), ...i32LoadAt(4), ...set(b)],
            [...get(a), ...get(b), ...i32Eq, ...brIf(0)],
            // branch-free: write every entry, advance only for the node's samples
            [...i32(0), ...set(kk), ...address(ent, get(a), 2), ...set(q), ...address(ent, get(b), 2), ...set(stop2)],
            forRange(
              q,
              stop2,
              4,
              [...get(q), ...i32Load, ...tee(e), ...i32(8), ...i32ShrU, ...set(sId)],
              [...address(S, get(kk), 2), ...get(sId), ...i32StoreAt(0)],
              [...get(C), ...get(kk), ...i32Add, ...get(e), ...i32Store8At(0)],
              [...get(kk), ...get(localIn), ...get(sId), ...i32Add, ...i32Load8At(0), ...i32Add, ...set(kk)],
            ),
            [...get(kk), ...i32Eqz, ...brIf(0)],
            [...get(nonConst), ...get(f), ...get(kk), ...get(nNode), ...get(w0), ...get(w1), ...get(W), ...get(Y), ...call(EVALUATE), ...i32Add, ...set(nonConst)],
          ),
          br(0),
        ),
      ),
      ...mark(0),
      ...storeRng(g),
    ],
  };
}

/**
 * partition(start, end, wAt, yAt, lenAt, entAt, a, b, code, zeroLeft) → first right index: grow-trees.ts's
 * stable branch-free partition of samples[start, end) by "code ≤ code" of the split feature's entries
 * ent[a, b) (zero: zeroLeft), summing each child's class weights in row order (the same products and
 * sums) and row entries into the config block.
 */
function partitionFunction(): FunctionDef {
  const [start, end, wAt, yAt, lenAt, entAt, a, b, code, zeroLeft] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [samples, side, tmp, k, stop, e, l, r, s, toLeft, toRight, pos, neg, lCost, rCost] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];
  const [ws, lw0, lw1, rw0, rw1] = [25, 26, 27, 28, 29];
  const addTerm = (sum: number, x: number, y: number): Bytes => [...get(sum), ...get(ws), ...get(x), ...get(y), ...i32And, ...f64ConvertI32U, ...f64Mul, ...f64Add, ...set(sum)];
  return {
    name: 'partition',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32],
    results: [I32],
    locals: [...new Array<number>(15).fill(I32), ...new Array<number>(5).fill(F64)],
    body: [
      fromConfig(CFG.samples, samples),
      fromConfig(CFG.side, side),
      fromConfig(CFG.tmp, tmp),
      [...address(samples, get(start), 2), ...set(k), ...address(samples, get(end), 2), ...set(stop)],
      forRange(k, stop, 4, [...get(side), ...get(k), ...i32Load, ...i32Add, ...get(zeroLeft), ...i32Store8At(0)]),
      // the feature's non-zero entries (samples outside the node get a side too, never read)
      [...address(entAt, get(a), 2), ...set(k), ...address(entAt, get(b), 2), ...set(stop)],
      forRange(k, stop, 4, [...get(k), ...i32Load, ...tee(e), ...i32(8), ...i32ShrU, ...get(side), ...i32Add, ...get(e), ...i32(255), ...i32And, ...get(code), ...i32LeS, ...i32Store8At(0)]),
      [...get(start), ...set(l), ...i32(0), ...set(r), ...i32(0), ...set(lCost), ...i32(0), ...set(rCost)],
      [...f64c(0), ...set(lw0), ...f64c(0), ...set(lw1), ...f64c(0), ...set(rw0), ...f64c(0), ...set(rw1)],
      [...address(samples, get(start), 2), ...set(k), ...address(samples, get(end), 2), ...set(stop)],
      forRange(
        k,
        stop,
        4,
        [...get(k), ...i32Load, ...set(s)],
        [...get(side), ...get(s), ...i32Add, ...i32Load8At(0), ...tee(toLeft), ...i32(1), ...i32Xor, ...set(toRight)],
        [...get(yAt), ...get(s), ...i32Add, ...i32Load8At(0), ...tee(pos), ...i32(1), ...i32Xor, ...set(neg)],
        [...address(wAt, get(s), 3), ...f64LoadAt(0), ...set(ws)],
        [...address(samples, get(l), 2), ...get(s), ...i32StoreAt(0)],
        [...address(tmp, get(r), 2), ...get(s), ...i32StoreAt(0)],
        [...get(l), ...get(toLeft), ...i32Add, ...set(l)],
        [...get(r), ...get(toRight), ...i32Add, ...set(r)],
        addTerm(lw0, toLeft, neg),
        addTerm(lw1, toLeft, pos),
        addTerm(rw0, toRight, neg),
        addTerm(rw1, toRight, pos),
        [...address(lenAt, get(s), 2), ...i32Load, ...tee(e), ...get(toLeft), ...i32Mul, ...get(lCost), ...i32Add, ...set(lCost)],
        [...get(e), ...get(toRight), ...i32Mul, ...get(rCost), ...i32Add, ...set(rCost)],
      ),
      // the right side after the left: samples[l, l + r) = tmp[0, r)
      [...get(tmp), ...set(k), ...address(tmp, get(r), 2), ...set(stop), ...address(samples, get(l), 2), ...set(e)],
      forRange(k, stop, 4, [...get(e), ...get(k), ...i32Load, ...i32StoreAt(0)], bump(e, 4)),
      [...i32(0), ...get(lw0), ...f64StoreAt(CFG.leftW0), ...i32(0), ...get(lw1), ...f64StoreAt(CFG.leftW1)],
      [...i32(0), ...get(rw0), ...f64StoreAt(CFG.rightW0), ...i32(0), ...get(rw1), ...f64StoreAt(CFG.rightW1)],
      [...i32(0), ...get(lCost), ...i32StoreAt(CFG.leftCost), ...i32(0), ...get(rCost), ...i32StoreAt(CFG.rightCost)],
      get(l),
    ],
  };
}

/** bootstrap(wAt, n): n draws with replacement, w[rngInt(n)] += 1 (whole numbers: exact in any order). */
function bootstrapFunction(): FunctionDef {
  const [wAt, n] = [0, 1];
  const k = 2;
  const g = { st: 3, a: 4, b: 5, c: 6, d: 7, t: 8, r: 9 };
  const p = 10;
  return {
    name: 'bootstrap',
    params: [I32, I32],
    locals: new Array<number>(9).fill(I32),
    body: [
      ...loadRng(g),
      [...i32(0), ...set(k)],
      block(
        loop(
          [...get(k), ...get(n), ...i32GeS, ...brIf(1)],
          [...address(wAt, rngInt(g, get(n)), 3), ...tee(p), ...get(p), ...f64LoadAt(0), ...f64c(1), ...f64Add, ...f64StoreAt(0)],
          inc(k),
          br(0),
        ),
      ),
      ...storeRng(g),
    ],
  };
}

/**
 * columns(rowptrAt, entAt, n, colptrAt, colEntAt, nF, fillAt): grow-trees.ts's columnsOf (CSR → CSC,
 * entries row·256 + code, rows ascending per column) into colptrAt (zeroed, nF + 1) and colEntAt, with
 * fillAt (nF int32) as scratch. Runs once per grower; in JavaScript this cold loop costs ~30 ms on the
 * resume matrix.
 */
function columnsFunction(): FunctionDef {
  const [rowptrAt, entAt, n, colptrAt, colEntAt, nF, fillAt] = [0, 1, 2, 3, 4, 5, 6];
  const [q, qe, e, p, i, hi, f, at, stop] = [7, 8, 9, 10, 11, 12, 13, 14, 15];
  return {
    name: 'columns',
    params: [I32, I32, I32, I32, I32, I32, I32],
    locals: new Array<number>(9).fill(I32),
    body: [
      // counts at colptr[f + 1]
      [...get(entAt), ...set(q), ...address(rowptrAt, get(n), 2), ...i32Load, ...i32(2), ...i32Shl, ...get(entAt), ...i32Add, ...set(qe)],
      forRange(q, qe, 4, [...address(colptrAt, [...get(q), ...i32Load, ...i32(8), ...i32ShrU], 2), ...tee(p), ...get(p), ...i32LoadAt(4), ...i32(1), ...i32Add, ...i32StoreAt(4)]),
      // prefix sums; fill[f] = colptr[f]
      [...i32(0), ...set(at), ...i32(0), ...set(f)],
      forRange(
        f,
        nF,
        1,
        [...address(fillAt, get(f), 2), ...get(at), ...i32StoreAt(0)],
        [...address(colptrAt, get(f), 2), ...tee(p), ...get(at), ...get(p), ...i32LoadAt(4), ...i32Add, ...tee(at), ...i32StoreAt(4)],
      ),
      [...i32(0), ...set(i), ...i32(0), ...set(hi)],
      forRange(
        i,
        n,
        1,
        [...address(rowptrAt, get(i), 2), ...tee(p), ...i32LoadAt(0), ...i32(2), ...i32Shl, ...get(entAt), ...i32Add, ...set(q)],
        [...get(p), ...i32LoadAt(4), ...i32(2), ...i32Shl, ...get(entAt), ...i32Add, ...set(stop)],
        forRange(
          q,
          stop,
          4,
          [...get(q), ...i32Load, ...set(e)],
          [...address(fillAt, [...get(e), ...i32(8), ...i32ShrU], 2), ...tee(p), ...i32Load, ...set(f)],
          [...get(p), ...get(f), ...i32(1), ...i32Add, ...i32StoreAt(0)],
          [...address(colEntAt, get(f), 2), ...get(hi), ...get(e), ...i32(255), ...i32And, ...i32Or, ...i32StoreAt(0)],
        ),
        bump(hi, 256),
      ),
    ],
  };
}

export interface ForestWasmExports {
  memory: WebAssembly.Memory;
  materializeAll: (samplesAt: number, start: number, end: number, rowptrAt: number, entAt: number, countAt: number, rangeAt: number, localEntAt: number, nF: number, featAt: number) => number;
  materializeListed: (samplesAt: number, start: number, end: number, rowptrAt: number, entAt: number, countAt: number, rangeAt: number, localEntAt: number, nF: number, featAt: number) => number;
  filterEntries: (entAt: number, a: number, b: number, inAt: number, outSAt: number, outCAt: number) => number;
  rngInt: (n: number) => number;
  evaluate: (f: number, k: number, nNode: number, w0: number, w1: number, wAt: number, yAt: number) => number;
  searchLocal: (start: number, end: number, w0: number, w1: number) => void;
  bootstrap: (wAt: number, n: number) => void;
  columns: (rowptrAt: number, entAt: number, n: number, colptrAt: number, colEntAt: number, nF: number, fillAt: number) => void;
  partition: (start: number, end: number, wAt: number, yAt: number, lenAt: number, entAt: number, a: number, b: number, code: number, zeroLeft: number) => number;
}

let compiled: WebAssembly.Module | null | undefined;

/** The module's exports over a fresh memory of at least `bytes` bytes, or null (then the JavaScript loops run). */
export function forestWasm(bytes: number): ForestWasmExports | null {
  if (compiled === undefined) compiled = compileModule(() => [materializeFunction(false), materializeFunction(true), filterFunction(), rngFunction(), evaluateFunction(), searchLocalFunction(), partitionFunction(), bootstrapFunction(), columnsFunction()]);
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
