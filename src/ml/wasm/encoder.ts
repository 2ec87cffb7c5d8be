/**
 * A tiny WebAssembly binary encoder: just what our kernels need (the sparse linear-model passes in
 * src/ml/linear/sparse-kernels.ts, the gradient-boosting loops in src/ml/boosting/wasm-kernels.ts), so
 * those are written as readable instruction lists instead of shipped as opaque binaries.
 * Spec: https://webassembly.github.io/spec/core/binary/ (module, sections, instructions, LEB128).
 */

export type Bytes = number[];

export const I32 = 0x7f;
export const F64 = 0x7c;
/** 128-bit SIMD vector (two f64 lanes, four i32 lanes, …). */
export const V128 = 0x7b;

export function uleb(v: number): Bytes {
  const out: Bytes = [];
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

export function sleb(v: number): Bytes {
  const out: Bytes = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** A SIMD instruction: the 0xfd prefix and its opcode as unsigned LEB128. */
function simd(op: number, ...immediates: number[]): Bytes {
  return [0xfd, ...uleb(op), ...immediates];
}

function vec(items: Bytes[]): Bytes {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: Bytes): Bytes {
  return [id, ...uleb(body.length), ...body];
}

function name(s: string): Bytes {
  const bytes = Array.from(new TextEncoder().encode(s));
  return [...uleb(bytes.length), ...bytes];
}

/** Instructions (each returns its bytes; concatenate with spread). */
export const ins = {
  get: (l: number): Bytes => [0x20, ...uleb(l)],
  set: (l: number): Bytes => [0x21, ...uleb(l)],
  tee: (l: number): Bytes => [0x22, ...uleb(l)],
  i32: (v: number): Bytes => [0x41, ...sleb(v)],
  f64: (v: number): Bytes => [0x44, ...new Uint8Array(new Float64Array([v]).buffer)],
  i32Load: [0x28, 2, 0] as Bytes,
  f64Load: [0x2b, 3, 0] as Bytes,
  /** Loads with a constant byte offset added to the address. */
  i32LoadAt: (offset: number): Bytes => [0x28, 2, ...uleb(offset)],
  f64LoadAt: (offset: number): Bytes => [0x2b, 3, ...uleb(offset)],
  f32LoadAt: (offset: number): Bytes => [0x2a, 2, ...uleb(offset)],
  /** i32.load16_u: an unsigned 16-bit load. */
  i32Load16At: (offset: number): Bytes => [0x2f, 1, ...uleb(offset)],
  /** i32.load8_u: an unsigned byte load. */
  i32Load8At: (offset: number): Bytes => [0x2d, 0, ...uleb(offset)],
  i32Store: [0x36, 2, 0] as Bytes,
  f64PromoteF32: [0xbb] as Bytes,
  f64Store: [0x39, 3, 0] as Bytes,
  f64StoreAt: (offset: number): Bytes => [0x39, 3, ...uleb(offset)],
  i32Add: [0x6a] as Bytes,
  i32Sub: [0x6b] as Bytes,
  i32Mul: [0x6c] as Bytes,
  i32And: [0x71] as Bytes,
  i32Eqz: [0x45] as Bytes,
  i32Shl: [0x74] as Bytes,
  i32ShrU: [0x76] as Bytes,
  i32LtS: [0x48] as Bytes,
  i32LtU: [0x49] as Bytes,
  i32GeS: [0x4e] as Bytes,
  i32GeU: [0x4f] as Bytes,
  f64Add: [0xa0] as Bytes,
  f64Sub: [0xa1] as Bytes,
  f64Mul: [0xa2] as Bytes,
  f64Div: [0xa3] as Bytes,
  f64ConvertI32U: [0xb8] as Bytes,
  // integer and float operations beyond arithmetic (the forest kernel's)
  i32Or: [0x72] as Bytes,
  i32Xor: [0x73] as Bytes,
  i32Rotl: [0x77] as Bytes,
  i32Ctz: [0x68] as Bytes,
  i32Eq: [0x46] as Bytes,
  i32Ne: [0x47] as Bytes,
  i32LeS: [0x4c] as Bytes,
  f64Gt: [0x64] as Bytes,
  f64Le: [0x65] as Bytes,
  f64Max: [0xa5] as Bytes,
  f64Floor: [0x9c] as Bytes,
  i32TruncF64U: [0xab] as Bytes,
  i32StoreAt: (offset: number): Bytes => [0x36, 2, ...uleb(offset)],
  i32Store8At: (offset: number): Bytes => [0x3a, 0, ...uleb(offset)],
  br: (depth: number): Bytes => [0x0c, ...uleb(depth)],
  call: (index: number): Bytes => [0x10, ...uleb(index)],
  /** if … end (a label: a br inside counts it). */
  ifThen: (...body: Bytes[]): Bytes => [0x04, 0x40, ...body.flat(), 0x0b],
  /** v128.load / v128.store (16-byte alignment hint) with a constant byte offset. */
  v128LoadAt: (offset: number): Bytes => simd(0x00, 4, ...uleb(offset)),
  v128StoreAt: (offset: number): Bytes => simd(0x0b, 4, ...uleb(offset)),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
  f64x2Splat: simd(0x14),
  f64x2ExtractLane: (lane: number): Bytes => simd(0x21, lane),
  i32x4Sub: simd(0xb1),
  brIf: (depth: number): Bytes => [0x0d, ...uleb(depth)],
  /** block … end (a forward branch target: br 0 inside jumps past it). */
  block: (...body: Bytes[]): Bytes => [0x02, 0x40, ...body.flat(), 0x0b],
  /** loop … end (a backward branch target: br 0 inside jumps to its start). */
  loop: (...body: Bytes[]): Bytes => [0x03, 0x40, ...body.flat(), 0x0b],
};

export interface FunctionDef {
  name: string;
  params: number[];
  /** Result types (none by default). */
  results?: number[];
  /** Extra locals (numbered after the params). */
  locals: number[];
  body: Bytes[];
}

/** A module with one exported memory ("memory") and the given exported functions. */
export function encodeModule(functions: FunctionDef[]): Uint8Array {
  const types = section(1, vec(functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec((f.results ?? []).map((t) => [t]))])));
  const funcs = section(3, vec(functions.map((_, i) => uleb(i))));
  const memory = section(5, vec([[0x00, ...uleb(1)]]));
  const exports = section(
    7,
    vec([[...name('memory'), 0x02, 0], ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])]),
  );
  const code = section(
    10,
    vec(
      functions.map((f) => {
        const body = [...vec(f.locals.map((t) => [1, t])), ...f.body.flat(), 0x0b];
        return [...uleb(body.length), ...body];
      }),
    ),
  );
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...funcs, ...memory, ...exports, ...code]);
}
