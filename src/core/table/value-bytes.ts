/**
 * An estimate of the memory a port value holds, for the run cache's memory budget. Typed arrays and
 * buffers count their bytes (each buffer once per value, however many views share it); strings two
 * bytes a character plus a small header; numbers eight bytes; arrays and objects a slot per element
 * plus what they hold. A text column still in its packed form counts its packed bytes and is not
 * decoded to be measured. An estimate, not an account: V8's real object layouts differ, and a column
 * shared by several values (in shared memory) is counted in each of them.
 */
import type { Column } from './table.ts';
import { isTable, stillPacked } from './transfer.ts';

const STRING_HEADER = 16;
const SLOT = 8;
const OBJECT_HEADER = 16;

export function estimateBytes(value: unknown): number {
  const buffers = new Set<ArrayBufferLike>();
  const seen = new Set<object>();

  const bufferBytes = (b: ArrayBufferLike): number => {
    if (buffers.has(b)) return 0;
    buffers.add(b);
    return b.byteLength;
  };

  const columnBytes = (c: Column): number => {
    let n = OBJECT_HEADER + walk(c.name);
    if (c.type === 'category') return n + bufferBytes(c.codes.buffer) + walk(c.categories);
    if (c.type === 'text') {
      const packed = stillPacked(c);
      if (packed) return n + bufferBytes(packed.utf8.buffer) + bufferBytes(packed.offsets.buffer) + (packed.nulls ? bufferBytes(packed.nulls.buffer) : 0) + (packed.starts ? bufferBytes(packed.starts.buffer) : 0);
      return n + walk(c.values);
    }
    n += bufferBytes(c.values.buffer);
    return n;
  };

  const walk = (v: unknown): number => {
    switch (typeof v) {
      case 'string':
        return STRING_HEADER + 2 * v.length;
      case 'number':
      case 'bigint':
        return SLOT;
      case 'boolean':
        return 4;
      case 'object':
        break;
      default:
        return 0;
    }
    if (v === null) return 0;
    if (ArrayBuffer.isView(v)) return bufferBytes(v.buffer);
    if (v instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer)) return bufferBytes(v);
    if (seen.has(v)) return 0;
    seen.add(v);
    if (isTable(v)) {
      let n = OBJECT_HEADER;
      for (const c of v.columns) n += columnBytes(c);
      for (const [k, x] of Object.entries(v)) if (k !== 'columns') n += SLOT + walk(x);
      return n;
    }
    if (Array.isArray(v)) {
      let n = OBJECT_HEADER + SLOT * v.length;
      for (const x of v) if (typeof x === 'object' || typeof x === 'string') n += walk(x);
      return n;
    }
    if (v instanceof Map) {
      let n = OBJECT_HEADER;
      for (const [k, x] of v) n += 2 * SLOT + walk(k) + walk(x);
      return n;
    }
    if (v instanceof Set) {
      let n = OBJECT_HEADER;
      for (const x of v) n += SLOT + walk(x);
      return n;
    }
    let n = OBJECT_HEADER;
    for (const [k, x] of Object.entries(v)) n += SLOT + walk(k) + walk(x);
    return n;
  };

  return walk(value);
}
