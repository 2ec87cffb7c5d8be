/**
 * Token text → small integer, looked up straight from a span of the document (start, end, hash) so the
 * tokeniser does not build a string per token occurrence: strings are made once per distinct token.
 * Open addressing with linear probing; FNV-1a over UTF-16 code units; the tokens' characters are kept
 * back to back in one typed array, so a look-up compares them without reaching for a string.
 */
import { lowerUnit } from './tokenize.ts';

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

export function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

export class TokenTable {
  /** Per slot [hash, id + 1] (0: free): a probe reads one cache line. */
  private slots: Int32Array;
  private mask: number;
  /** Every token's UTF-16 code units back to back, token id's at chars[starts[id], starts[id + 1]). */
  private chars = new Uint16Array(1 << 12);
  private starts = new Int32Array(1 << 10);
  readonly texts: string[] = [];
  /** A value per token, for the caller (e.g. its n-gram node). */
  values: Int32Array;

  constructor(capacity = 1 << 14) {
    let cap = 1024;
    while (cap < capacity * 2) cap <<= 1;
    this.slots = new Int32Array(cap * 2);
    this.mask = cap - 1;
    this.values = new Int32Array(capacity);
  }

  get size(): number {
    return this.texts.length;
  }

  /** Id of text[start, end) (with its hash), or -1. */
  find(text: string, start: number, end: number, hash: number): number {
    const len = end - start;
    const { slots, chars, starts, mask } = this;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const id = slots[2 * s + 1] - 1;
      if (id < 0) return -1;
      if (slots[2 * s] !== hash) continue;
      const from = starts[id];
      if (starts[id + 1] - from !== len) continue;
      let k = 0;
      while (k < len && chars[from + k] === text.charCodeAt(start + k)) k++;
      if (k === len) return id;
    }
  }

  /**
   * Like find, for a span of text not yet lowercased whose code units all lowercase one to one
   * (see lowerUnit): compares the stored (lowercase) tokens with the span's lowercase.
   */
  findLowered(text: string, start: number, end: number, hash: number): number {
    const len = end - start;
    const { slots, chars, starts, mask } = this;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const id = slots[2 * s + 1] - 1;
      if (id < 0) return -1;
      if (slots[2 * s] !== hash) continue;
      const from = starts[id];
      if (starts[id + 1] - from !== len) continue;
      let k = 0;
      while (k < len) {
        const c = text.charCodeAt(start + k);
        if (chars[from + k] !== (c < 128 ? (c >= 65 && c <= 90 ? c + 32 : c) : lowerUnit(c))) break;
        k++;
      }
      if (k === len) return id;
    }
  }

  /** Id of the token whose UTF-16 units are units[0, len) (with its hash), or -1. */
  findUnits(units: Uint16Array, len: number, hash: number): number {
    const { slots, chars, starts, mask } = this;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const id = slots[2 * s + 1] - 1;
      if (id < 0) return -1;
      if (slots[2 * s] !== hash) continue;
      const from = starts[id];
      if (starts[id + 1] - from !== len) continue;
      let k = 0;
      while (k < len && chars[from + k] === units[k]) k++;
      if (k === len) return id;
    }
  }

  /** Adds a token known to be absent; returns its id. */
  add(token: string, hash: number, value: number): number {
    const id = this.texts.length;
    this.texts.push(token);
    if (id === this.values.length) this.values = grownInts(this.values, id * 2);
    this.values[id] = value;
    if (id + 2 > this.starts.length) this.starts = grownInts(this.starts, this.starts.length * 2);
    const from = this.starts[id];
    if (from + token.length > this.chars.length) {
      const c = new Uint16Array(Math.max(from + token.length, this.chars.length * 2));
      c.set(this.chars);
      this.chars = c;
    }
    for (let k = 0; k < token.length; k++) this.chars[from + k] = token.charCodeAt(k);
    this.starts[id + 1] = from + token.length;
    let s = hash & this.mask;
    while (this.slots[2 * s + 1] !== 0) s = (s + 1) & this.mask;
    this.slots[2 * s] = hash;
    this.slots[2 * s + 1] = id + 1;
    if (this.texts.length * 2 > this.mask) this.grow();
    return id;
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.slots = new Int32Array(cap * 2);
    this.mask = cap - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      let s = old[i] & this.mask;
      while (this.slots[2 * s + 1] !== 0) s = (s + 1) & this.mask;
      this.slots[2 * s] = old[i];
      this.slots[2 * s + 1] = old[i + 1];
    }
  }
}

function grownInts(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
