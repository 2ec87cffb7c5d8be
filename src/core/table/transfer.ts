/**
 * Moving port values between threads without JSON.
 *
 * `packValue` turns any port value (tables, models, metrics, documents) into a structured-clone-able
 * message plus the list of ArrayBuffers it uses, so `postMessage(msg, transfer)` moves them without a
 * copy. Text (text columns, category dictionaries, sparse feature names) is packed as one UTF-8 buffer
 * with Int32Array offsets and a null mask: structured clone of a million small strings costs far more
 * than one TextEncoder call. `unpackValue` rebuilds the value on the other side.
 *
 * Offsets count UTF-16 code units of the decoded string (not bytes), so unpacking decodes the buffer
 * once and slices it, instead of running a TextDecoder per row.
 */
import type { Column, SparseBlock, Table } from './table.ts';

const TAG = '$cfPacked';

/** Strings packed as one UTF-8 buffer; row i is `decoded.slice(offsets[i], offsets[i + 1])`. */
export interface PackedStrings {
  [TAG]: 'strings';
  utf8: Uint8Array;
  offsets: Int32Array;
  /** 1 where the value is null; absent when there are no nulls. */
  nulls?: Uint8Array;
  /**
   * Where each row's UTF-8 bytes start (see byteStarts), when the packer knew them (rows taken from a
   * packed column): they travel with the text, so no later thread walks the bytes to find them.
   */
  starts?: Int32Array;
}

type PackedColumn =
  | { name: string; role?: Column['role']; type: 'number' | 'integer' | 'boolean' | 'date'; values: Float64Array }
  | { name: string; role?: Column['role']; type: 'category'; codes: Int32Array; categories: PackedStrings }
  | { name: string; role?: Column['role']; type: 'text'; values: PackedStrings };

export interface PackedTable {
  [TAG]: 'table';
  nRows: number;
  columns: PackedColumn[];
  weights?: Float64Array;
  sparse?: Omit<SparseBlock, 'featureNames'> & { featureNames: PackedStrings };
  /** Any extra own properties a node attached to the table, packed generically. */
  extra?: Record<string, unknown>;
  /**
   * A slot in shared memory for the table's content hash (see contentHashSlot), shared by every thread
   * that receives this message: the first trainer to hash the table leaves the result for the others.
   */
  contentHash?: Int32Array;
}

export interface Packed {
  /** Structured-clone-able message. */
  message: unknown;
  /** ArrayBuffers the message uses; pass as postMessage's transfer list (or ignore to copy). */
  transfer: ArrayBuffer[];
}

const encoder = new TextEncoder();
/** ignoreBOM: a first value starting with U+FEFF keeps it (dropping it shifted every later value by one). */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * `shared`: the buffers are made in shared memory from the start (for tables sent back to the host,
 * see packOutputsForHost), so a large text column is not encoded and then copied once more.
 */
export function packStrings(values: ReadonlyArray<string | null | undefined>, buffers?: Set<ArrayBuffer>, shared = false): PackedStrings {
  const n = values.length;
  const alloc = shared ? sharedBytes : (bytes: number) => new ArrayBuffer(bytes);
  const offsets = new Int32Array(alloc(4 * (n + 1)));
  let nulls: Uint8Array | undefined;
  const parts = new Array<string>(n);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v == null) {
      (nulls ??= new Uint8Array(alloc(n)))[i] = 1;
      parts[i] = '';
    } else {
      parts[i] = v;
      pos += v.length;
    }
    offsets[i + 1] = pos;
  }
  if (pos > 0x7fffffff) throw new Error('Text column is larger than 2 GB and cannot be moved between threads.');
  // Lone surrogates become U+FFFD (also one UTF-16 unit), so offsets stay valid after the round trip.
  const utf8 = shared ? encodeShared(parts.join('')) : encoder.encode(parts.join(''));
  const out: PackedStrings = { [TAG]: 'strings', utf8, offsets };
  if (nulls) out.nulls = nulls;
  if (buffers) {
    buffers.add(utf8.buffer as ArrayBuffer);
    buffers.add(offsets.buffer as ArrayBuffer);
    if (nulls) buffers.add(nulls.buffer as ArrayBuffer);
  }
  return out;
}

const sharedBytes = (bytes: number): ArrayBuffer => new SharedArrayBuffer(bytes) as unknown as ArrayBuffer;

/** UTF-8 in shared memory: encoded in place where the exact length is known at once (Node), else copied. */
function encodeShared(text: string): Uint8Array {
  const nodeBuffer = (globalThis as { Buffer?: { byteLength(s: string, encoding: 'utf8'): number } }).Buffer;
  if (!nodeBuffer) return shareTypedArrays(encoder.encode(text)).message as Uint8Array;
  const out = new Uint8Array(sharedBytes(nodeBuffer.byteLength(text, 'utf8')));
  encoder.encodeInto(text, out);
  return out;
}

export function unpackStrings(p: PackedStrings): Array<string | null> {
  // Browsers' TextDecoder refuses views on shared memory: those are decoded from a private copy.
  const all = decoder.decode(isShared(p.utf8) ? p.utf8.slice() : p.utf8);
  const n = p.offsets.length - 1;
  const out = new Array<string | null>(n);
  const { offsets, nulls } = p;
  for (let i = 0; i < n; i++) out[i] = nulls && nulls[i] ? null : all.slice(offsets[i], offsets[i + 1]);
  return out;
}

/** A table by shape: what every node produces for table and predictions ports. */
export function isTable(v: unknown): v is Table {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Partial<Table>;
  return (
    typeof t.nRows === 'number' &&
    Array.isArray(t.columns) &&
    t.columns.every((c) => typeof c === 'object' && c !== null && typeof c.name === 'string' && typeof c.type === 'string')
  );
}

function isTagged(v: unknown, tag: string): boolean {
  return typeof v === 'object' && v !== null && (v as Record<string, unknown>)[TAG] === tag;
}

function addView(buffers: Set<ArrayBuffer>, v: ArrayBufferView): void {
  // SharedArrayBuffers are shared, not transferred.
  if (v.buffer instanceof ArrayBuffer) buffers.add(v.buffer);
}

function packTable(t: Table, buffers: Set<ArrayBuffer>, sharedText = false): PackedTable {
  const columns = t.columns.map((c): PackedColumn => {
    const base = c.role ? { name: c.name, role: c.role } : { name: c.name };
    if (c.type === 'category') {
      addView(buffers, c.codes);
      return { ...base, type: 'category', codes: c.codes, categories: packStrings(c.categories, buffers) };
    }
    if (c.type === 'text') {
      // Never decoded here: sent on as it came. Its buffers are copied, not moved (this thread may still
      // hold the column and decode it later).
      const packed = stillPacked(c);
      return { ...base, type: 'text', values: packed ?? packStrings(c.values, buffers, sharedText) };
    }
    addView(buffers, c.values);
    return { ...base, type: c.type, values: c.values };
  });
  const out: PackedTable = { [TAG]: 'table', nRows: t.nRows, columns };
  if (t.weights) {
    addView(buffers, t.weights);
    out.weights = t.weights;
  }
  if (t.sparse) {
    const s = t.sparse;
    for (const a of [s.indptr, s.indices, s.values]) addView(buffers, a);
    out.sparse = { ...s, featureNames: packStrings(s.featureNames, buffers) };
  }
  const known = new Set(['nRows', 'columns', 'weights', 'sparse']);
  for (const [k, v] of Object.entries(t)) {
    if (known.has(k) || v === undefined) continue;
    (out.extra ??= {})[k] = packAny(v, buffers);
  }
  return out;
}

/**
 * Text columns as they arrived, not yet decoded: a text column is decoded only when something reads its
 * `values`, and one nobody read goes on in its packed form. Most steps pass text through untouched (a
 * model reads the TF-IDF block, not the resumes): decoding it in every thread cost memory (a string copy
 * of the column per thread) and time. Once decoded, the values may be changed in place, so the packed
 * form is forgotten — unless they were decoded read-only (`readOnlyText`): then `decoded` is the frozen
 * array, and the packed form holds while the column still has it.
 */
const packedText = new WeakMap<object, { packed: PackedStrings; decoded?: ReadonlyArray<string | null> }>();

export interface UnpackOptions {
  /**
   * Text columns decode into frozen arrays and keep their packed form, so one a node reads and passes on
   * unchanged goes back as it came, not encoded again (TF-IDF reads its text and returns it: 2 × 7 MB of
   * resumes re-encoded per step before). For a step's input tables, which nodes must not change in place.
   */
  readOnlyText?: boolean;
}

function lazyTextColumn(base: { name: string; role?: Column['role'] }, packed: PackedStrings, readOnly = false): Column {
  const column = { ...base, type: 'text' } as Column & { values: Array<string | null> };
  let current: Array<string | null> | undefined;
  const decode = () => {
    const values = unpackStrings(packed);
    if (readOnly) packedText.set(column, { packed, decoded: Object.freeze(values) });
    return settle(values, readOnly);
  };
  const settle = (values: Array<string | null>, keepPacked = false) => {
    current = values;
    if (!keepPacked) packedText.delete(column);
    try {
      // A plain property from now on (no getter on every later read).
      Object.defineProperty(column, 'values', { value: values, writable: true, enumerable: true, configurable: true });
    } catch {
      // Frozen meanwhile: the accessor stays and serves `current`.
    }
    return values;
  };
  Object.defineProperty(column, 'values', {
    enumerable: true,
    configurable: true,
    get: () => current ?? decode(),
    set: (values: Array<string | null>) => settle(values),
  });
  packedText.set(column, { packed });
  return column;
}

/** The packed form of a text column that arrived packed and was never decoded (or decoded read-only, and kept). */
export function stillPacked(c: Column): PackedStrings | undefined {
  const known = packedText.get(c);
  if (!known) return undefined;
  return known.decoded === undefined || (c as { values?: unknown }).values === known.decoded ? known.packed : undefined;
}

/**
 * A text column still in packed form as each row's UTF-8 bytes: row r is utf8[starts[r], starts[r + 1]),
 * null where nulls[r] is 1. Undefined when the column is not packed (or a row boundary splits a character).
 * For readers that want bytes, not strings (the model fingerprint), so the column is never decoded.
 */
export function packedTextBytes(c: Column): { utf8: Uint8Array; starts: Int32Array; nulls?: Uint8Array } | undefined {
  const packed = stillPacked(c);
  const starts = packed && byteStarts(packed);
  if (!packed || !starts) return undefined;
  return packed.nulls ? { utf8: packed.utf8, starts, nulls: packed.nulls } : { utf8: packed.utf8, starts };
}

/**
 * Rows `idx` of a text column still in packed form, as a new packed (lazy) column: the rows' UTF-8 bytes
 * are copied as they are, nothing is decoded or encoded (a train/test split of 10,000 resumes decoded
 * 7 MB of text and encoded both halves again). Undefined for a column that is not packed.
 */
export function takePackedTextRows(c: Column, idx: ArrayLike<number>): Column | undefined {
  const packed = stillPacked(c);
  if (!packed) return undefined;
  const { utf8, offsets, nulls } = packed;
  const starts = byteStarts(packed);
  if (!starts) return undefined;
  const n = idx.length;
  const alloc = canShareMemory() ? sharedBytes : (bytes: number) => new ArrayBuffer(bytes);
  const newOffsets = new Int32Array(alloc(4 * (n + 1)));
  // The new rows' byte starts come free with the copy: kept with the text, so readers of the rows' bytes
  // (the split's consumers in other threads: TF-IDF, the model fingerprint) need no walk over it.
  const newStarts = new Int32Array(alloc(4 * (n + 1)));
  for (let i = 0; i < n; i++) {
    const r = idx[i];
    newStarts[i + 1] = newStarts[i] + starts[r + 1] - starts[r];
    newOffsets[i + 1] = newOffsets[i] + offsets[r + 1] - offsets[r];
  }
  const newUtf8 = new Uint8Array(alloc(newStarts[n]));
  let newNulls: Uint8Array | undefined;
  for (let i = 0; i < n; i++) {
    const r = idx[i];
    newUtf8.set(utf8.subarray(starts[r], starts[r + 1]), newStarts[i]);
    if (nulls && nulls[r]) (newNulls ??= new Uint8Array(alloc(n)))[i] = 1;
  }
  const out: PackedStrings = { [TAG]: 'strings', utf8: newUtf8, offsets: newOffsets };
  if (newNulls) out.nulls = newNulls;
  if (newStarts[n] !== newOffsets[n]) out.starts = newStarts; // else ASCII: the starts are the offsets
  return lazyTextColumn(c.role ? { name: c.name, role: c.role } : { name: c.name }, out);
}

/** byteStarts' answer per packed text in this thread (several readers ask: both halves of a split, the fingerprint). */
const startsOf = new WeakMap<PackedStrings, Int32Array | null>();

/**
 * Byte position in `utf8` where each row starts (offsets count UTF-16 units). The offsets themselves when
 * the text is ASCII. Otherwise one pass over the bytes, skipping ASCII four bytes at a time, that notes
 * each multi-byte character's extra bytes (bytes minus UTF-16 units): a row starts at its unit offset
 * plus the extra bytes of the characters before it. The encoder wrote valid UTF-8 (lone surrogates as
 * U+FFFD), where a 4-byte sequence is two UTF-16 units and every other sequence one. Null when a row
 * boundary falls inside a 4-byte sequence (a row ending in a lone high surrogate before one starting
 * with a low one: joined, they were encoded as one character). Cached per packed text.
 */
function byteStarts(p: PackedStrings): Int32Array | null {
  if (p.starts) return p.starts;
  let starts = startsOf.get(p);
  if (starts === undefined) {
    starts = findByteStarts(p);
    startsOf.set(p, starts);
  }
  return starts;
}

function findByteStarts({ utf8, offsets }: PackedStrings): Int32Array | null {
  const n = offsets.length - 1;
  const len = utf8.length;
  if (len === offsets[n]) return offsets;
  const words = utf8.byteOffset % 4 === 0 ? new Uint32Array(utf8.buffer, utf8.byteOffset, len >> 2) : undefined;
  const nWords = words ? words.length : 0;
  const starts = new Int32Array(n + 1);
  let extra = 0; // bytes before b minus the UTF-16 units they encode
  let r = 0; // the next row whose start is not set yet
  let b = 0;
  while (b < len) {
    if (words && (b & 3) === 0) {
      let w = b >> 2;
      while (w < nWords && (words[w] & 0x80808080) === 0) w++;
      if (w << 2 > b) {
        b = w << 2;
        continue;
      }
    }
    const lead = utf8[b];
    if (lead < 0x80) {
      b++;
      continue;
    }
    // a multi-byte character at unit b - extra: rows starting at or before it start before its extra bytes
    const unit = b - extra;
    while (r <= n && offsets[r] <= unit) {
      starts[r] = offsets[r] + extra;
      r++;
    }
    if (lead >= 0xf0) {
      if (r <= n && offsets[r] === unit + 1) return null;
      extra += 2;
      b += 4;
    } else if (lead >= 0xe0) {
      extra += 2;
      b += 3;
    } else {
      extra += 1;
      b += 2;
    }
  }
  for (; r <= n; r++) starts[r] = offsets[r] + extra;
  return starts;
}

function unpackTable(p: PackedTable, o: UnpackOptions): Table {
  const columns = p.columns.map((c): Column => {
    const base = c.role ? { name: c.name, role: c.role } : { name: c.name };
    if (c.type === 'category') return { ...base, type: 'category', codes: c.codes, categories: unpackStrings(c.categories) as string[] };
    if (c.type === 'text') return lazyTextColumn(base, c.values, o.readOnlyText);
    return { ...base, type: c.type, values: c.values };
  });
  const t: Table = { nRows: p.nRows, columns };
  if (p.weights) t.weights = p.weights;
  if (p.sparse) t.sparse = { ...p.sparse, featureNames: unpackStrings(p.sparse.featureNames) as string[] };
  if (p.extra) for (const [k, v] of Object.entries(p.extra)) (t as unknown as Record<string, unknown>)[k] = unpackAny(v, o);
  if (p.contentHash) contentSlots.set(t, { slot: p.contentHash, as: snapshotOf(t) });
  return t;
}

/** The parts of a table its content hash covers, by identity (categories by value), as unpacked. */
interface TableSnapshot {
  nRows: number;
  columns: Column[];
  parts: unknown[];
  categories: Array<string[] | undefined>;
  weights?: Float64Array;
  sparse?: SparseBlock;
  sparseArrays?: unknown[];
}

function columnParts(c: Column): unknown[] {
  const data = c.type === 'category' ? c.codes : c.type === 'text' ? stillPacked(c) : c.values;
  return [c.name, c.type, c.role, data];
}

function snapshotOf(t: Table): TableSnapshot {
  return {
    nRows: t.nRows,
    columns: t.columns.slice(),
    parts: t.columns.flatMap(columnParts),
    categories: t.columns.map((c) => (c.type === 'category' ? c.categories.slice() : undefined)),
    weights: t.weights,
    sparse: t.sparse,
    sparseArrays: t.sparse && [t.sparse.indptr, t.sparse.indices, t.sparse.values],
  };
}

const contentSlots = new WeakMap<Table, { slot: Int32Array; as: TableSnapshot }>();

/**
 * The shared content-hash slot of a table unpacked from a step's output (packOutputsForHost) — [1 once
 * filled, then two 32-bit hash lanes] — or undefined: for other tables, and for one whose hashed parts
 * (row count, columns, their names, types, roles, values or packed text, categories, weights, sparse
 * arrays) are no longer those it was unpacked with, so a slot never stands for changed content.
 */
export function contentHashSlot(t: Table): Int32Array | undefined {
  const known = contentSlots.get(t);
  if (!known) return undefined;
  const was = known.as;
  if (t.nRows !== was.nRows || t.weights !== was.weights || t.sparse !== was.sparse || t.columns.length !== was.columns.length) return undefined;
  if (t.sparse && [t.sparse.indptr, t.sparse.indices, t.sparse.values].some((a, i) => a !== was.sparseArrays![i])) return undefined;
  for (let i = 0; i < t.columns.length; i++) {
    const c = t.columns[i];
    if (c !== was.columns[i] || columnParts(c).some((x, k) => x !== was.parts[4 * i + k])) return undefined;
    const cats = was.categories[i];
    if (c.type === 'category' && (c.categories.length !== cats!.length || c.categories.some((x, k) => x !== cats![k]))) return undefined;
  }
  return known.slot;
}

/** Large string arrays (e.g. a model's feature names) go as one buffer too. */
const STRING_ARRAY_MIN = 64;

function packAny(v: unknown, buffers: Set<ArrayBuffer>, seen = new Set<object>()): unknown {
  if (typeof v !== 'object' || v === null) {
    if (typeof v === 'function') throw new Error('A function cannot be sent between threads; return plain data from run().');
    return v;
  }
  if (ArrayBuffer.isView(v)) {
    addView(buffers, v);
    return v;
  }
  if (v instanceof ArrayBuffer) {
    buffers.add(v);
    return v;
  }
  if (v instanceof Date || v instanceof RegExp) return v;
  if (seen.has(v)) throw new Error('A value with a circular reference cannot be sent between threads.');
  seen.add(v);
  try {
    if (isTable(v)) return packTable(v, buffers);
    if (Array.isArray(v)) {
      if (v.length >= STRING_ARRAY_MIN && v.every((x) => typeof x === 'string')) return packStrings(v as string[], buffers);
      return v.map((x) => packAny(x, buffers, seen));
    }
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, packAny(x, buffers, seen)]));
    if (v instanceof Set) return new Set([...v].map((x) => packAny(x, buffers, seen)));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = packAny(x, buffers, seen);
    return out;
  } finally {
    seen.delete(v);
  }
}

function unpackAny(v: unknown, o: UnpackOptions): unknown {
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return v;
  if (v instanceof Date || v instanceof RegExp) return v;
  if (isTagged(v, 'table')) return unpackTable(v as PackedTable, o);
  if (isTagged(v, 'strings')) return unpackStrings(v as PackedStrings);
  if (Array.isArray(v)) return v.map((x) => unpackAny(x, o));
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, unpackAny(x, o)]));
  if (v instanceof Set) return new Set([...v].map((x) => unpackAny(x, o)));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = unpackAny(x, o);
  return out;
}

/**
 * Packs any port value (or a record of them). Typed arrays stay typed arrays (structured clone moves
 * them as is); their buffers are listed once in `transfer`. Transferring detaches the sender's
 * arrays, so only transfer values the sender no longer needs.
 */
export function packValue(value: unknown): Packed {
  const buffers = new Set<ArrayBuffer>();
  const message = packAny(value, buffers);
  return { message, transfer: [...buffers] };
}

export function unpackValue<T = unknown>(message: unknown, options: UnpackOptions = {}): T {
  return unpackAny(message, options) as T;
}

export function packTableValue(t: Table): Packed {
  const buffers = new Set<ArrayBuffer>();
  return { message: packTable(t, buffers), transfer: [...buffers] };
}

/** The ArrayBuffers inside an already packed message (to forward it with transfer). */
export function transferablesOf(message: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const walk = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    if (ArrayBuffer.isView(v)) return addView(buffers, v);
    if (v instanceof ArrayBuffer) return void buffers.add(v);
    if (v instanceof Map) return v.forEach(walk);
    if (v instanceof Set) return v.forEach(walk);
    if (Array.isArray(v)) return v.forEach(walk);
    for (const x of Object.values(v)) walk(x);
  };
  walk(message);
  return [...buffers];
}

/**
 * A packed message whose typed arrays are fresh copies, with those copies as the transfer list: the
 * sender keeps its own arrays. One memcpy per array is much cheaper than structured clone copying
 * the bytes through its serializer (measured ~4× faster for a 44 MB table).
 */
export function copyForTransfer(message: unknown, options: { copyShared?: boolean } = {}): Packed {
  const transfer: ArrayBuffer[] = [];
  const copy = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (ArrayBuffer.isView(v)) {
      // Shared memory (shareTypedArrays, input tables) is read-only by convention: every thread may use
      // it as is, unless the receiver expects a copy of its own to write into (copyShared).
      if (v instanceof DataView || (isShared(v) && !options.copyShared)) return v;
      const Ctor = v.constructor as new (a: ArrayBufferView) => ArrayBufferView;
      const c = new Ctor(v);
      transfer.push(c.buffer as ArrayBuffer);
      return c;
    }
    if (v instanceof ArrayBuffer) {
      const c = v.slice(0);
      transfer.push(c);
      return c;
    }
    if (v instanceof Date || v instanceof RegExp) return v;
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, copy(x)]));
    if (v instanceof Set) return new Set([...v].map(copy));
    if (Array.isArray(v)) return v.map(copy);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = copy(x);
    return out;
  };
  return { message: copy(message), transfer };
}

export const isShared = (v: ArrayBufferView): boolean => typeof SharedArrayBuffer === 'function' && v.buffer instanceof SharedArrayBuffer;

/**
 * Whether this thread can share memory with others: always in Node; in a browser only when the page is
 * cross-origin isolated (the app sets the headers for it).
 */
export const canShareMemory = (): boolean =>
  typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;

/**
 * A copy of a (packed) message whose typed arrays live in SharedArrayBuffer memory, so sending it to
 * other threads shares one copy instead of making one per thread. For data several threads read at
 * once and nobody writes (a parallel job's shared data); where memory cannot be shared, the plain copy
 * `copyForTransfer` makes.
 */
export function shareTypedArrays(message: unknown): Packed {
  if (!canShareMemory()) return copyForTransfer(message);
  const share = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (ArrayBuffer.isView(v)) {
      if (v instanceof DataView || isShared(v)) return v;
      const Ctor = v.constructor as new (b: SharedArrayBuffer) => ArrayBufferView;
      const bytes = new SharedArrayBuffer(v.byteLength);
      new Uint8Array(bytes).set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      return new Ctor(bytes);
    }
    if (v instanceof ArrayBuffer) {
      const bytes = new SharedArrayBuffer(v.byteLength);
      new Uint8Array(bytes).set(new Uint8Array(v));
      return bytes;
    }
    if (v instanceof Date || v instanceof RegExp) return v;
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, share(x)]));
    if (v instanceof Set) return new Set([...v].map(share));
    if (Array.isArray(v)) return v.map(share);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = share(x);
    return out;
  };
  return { message: share(message), transfer: [] };
}

/**
 * Packs a step's outputs for the host thread. Tables (ports whose value is a table) have their column
 * buffers in shared memory: a buffer that is shared already (an input column the node passed on
 * unchanged) is not copied at all, and a new one is copied into shared memory once, here in the worker;
 * the host, its cache and every later step then read that one copy, however many steps take the table.
 * Other values (models, reports) are moved. Where memory cannot be shared, everything is moved.
 */
export function packOutputsForHost(outputs: Record<string, unknown> | undefined): Packed {
  if (!canShareMemory() || typeof outputs !== 'object' || outputs === null) return packValue(outputs);
  const buffers = new Set<ArrayBuffer>();
  const message: Record<string, unknown> = {};
  for (const [port, v] of Object.entries(outputs)) {
    // Text is encoded straight into shared memory; the other new buffers are copied there once.
    message[port] = isTable(v) ? withContentHashSlot(shareTypedArrays(packTable(v, new Set(), true)).message as PackedTable) : packAny(v, buffers);
  }
  return { message, transfer: [...buffers] };
}

function withContentHashSlot(p: PackedTable): PackedTable {
  p.contentHash = new Int32Array(new SharedArrayBuffer(12));
  return p;
}

/**
 * About how many bytes packOutputsForHost will copy or encode into shared memory for these outputs: the
 * typed arrays of their tables not in shared memory yet, and their text columns that are not in packed
 * form (one byte a character). Shared columns and packed text go as they are and count nothing.
 */
export function newTableBytes(outputs: Record<string, unknown> | undefined): number {
  let bytes = 0;
  const add = (v: ArrayBufferView | undefined) => {
    if (v && !isShared(v)) bytes += v.byteLength;
  };
  for (const v of Object.values(outputs ?? {})) {
    if (!isTable(v)) continue;
    for (const c of v.columns) {
      if (c.type === 'category') add(c.codes);
      else if (c.type !== 'text') add(c.values);
      else if (!stillPacked(c)) for (const x of c.values) bytes += x?.length ?? 0;
    }
    add(v.weights);
    if (v.sparse) for (const a of [v.sparse.indptr, v.sparse.indices, v.sparse.values]) add(a);
  }
  return bytes;
}

/**
 * A deep copy whose typed arrays live in private (not shared) memory, for the places that refuse
 * shared memory: IndexedDB, Blob, WebCrypto. Values without shared memory come back as they are.
 */
export function withoutSharedMemory<T>(value: T): T {
  const seen = new Map<object, unknown>();
  const copy = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (ArrayBuffer.isView(v)) return v instanceof DataView || !isShared(v) ? v : (v as unknown as { slice(): unknown }).slice();
    if (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer) return new Uint8Array(v).slice().buffer;
    if (v instanceof ArrayBuffer || v instanceof Date || v instanceof RegExp) return v;
    if (seen.has(v)) return seen.get(v);
    if (v instanceof Map) {
      const out = new Map();
      seen.set(v, out);
      for (const [k, x] of v) out.set(k, copy(x));
      return out;
    }
    if (v instanceof Set) {
      const out = new Set();
      seen.set(v, out);
      for (const x of v) out.add(copy(x));
      return out;
    }
    const out: Record<string, unknown> | unknown[] = Array.isArray(v) ? [] : {};
    seen.set(v, out);
    for (const [k, x] of Object.entries(v)) (out as Record<string, unknown>)[k] = copy(x);
    return out;
  };
  return copy(value) as T;
}
