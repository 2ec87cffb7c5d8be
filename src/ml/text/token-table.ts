/**
 * Token text → small integer, looked up straight from a span of the document (start, end, hash) so the
 * tokeniser does not build a string per token occurrence: strings are made once per distinct token.
 * Open addressing with linear probing; FNV-1a over UTF-16 code units.
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
  private slotHash: Int32Array;
  private slotId: Int32Array;
  private mask: number;
  readonly texts: string[] = [];
  /** A value per token, for the caller (e.g. its n-gram node). */
  values: Int32Array;

  constructor(capacity = 1 << 14) {
    let cap = 1024;
    while (cap < capacity * 2) cap <<= 1;
    this.slotHash = new Int32Array(cap);
    this.slotId = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    this.values = new Int32Array(capacity);
  }

  get size(): number {
    return this.texts.length;
  }

  /** Id of text[start, end) (with its hash), or -1. */
  find(text: string, start: number, end: number, hash: number): number {
    const len = end - start;
    for (let s = hash & this.mask; ; s = (s + 1) & this.mask) {
      const id = this.slotId[s];
      if (id < 0) return -1;
      if (this.slotHash[s] !== hash) continue;
      const t = this.texts[id];
      if (t.length !== len) continue;
      let k = 0;
      while (k < len && t.charCodeAt(k) === text.charCodeAt(start + k)) k++;
      if (k === len) return id;
    }
  }

  /**
   * Like find, for a span of text not yet lowercased whose code units all lowercase one to one
   * (see lowerUnit): compares the stored (lowercase) tokens with the span's lowercase.
   */
  findLowered(text: string, start: number, end: number, hash: number): number {
    const len = end - start;
    for (let s = hash & this.mask; ; s = (s + 1) & this.mask) {
      const id = this.slotId[s];
      if (id < 0) return -1;
      if (this.slotHash[s] !== hash) continue;
      const t = this.texts[id];
      if (t.length !== len) continue;
      let k = 0;
      while (k < len) {
        const c = text.charCodeAt(start + k);
        if (t.charCodeAt(k) !== (c < 128 ? (c >= 65 && c <= 90 ? c + 32 : c) : lowerUnit(c))) break;
        k++;
      }
      if (k === len) return id;
    }
  }

  /** Adds a token known to be absent; returns its id. */
  add(token: string, hash: number, value: number): number {
    const id = this.texts.length;
    this.texts.push(token);
    if (id === this.values.length) {
      const v = new Int32Array(id * 2);
      v.set(this.values);
      this.values = v;
    }
    this.values[id] = value;
    let s = hash & this.mask;
    while (this.slotId[s] >= 0) s = (s + 1) & this.mask;
    this.slotHash[s] = hash;
    this.slotId[s] = id;
    if (this.texts.length * 2 > this.mask) this.grow();
    return id;
  }

  private grow(): void {
    const oldHash = this.slotHash;
    const oldId = this.slotId;
    const cap = oldId.length * 2;
    this.slotHash = new Int32Array(cap);
    this.slotId = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    for (let i = 0; i < oldId.length; i++) {
      if (oldId[i] < 0) continue;
      let s = oldHash[i] & this.mask;
      while (this.slotId[s] >= 0) s = (s + 1) & this.mask;
      this.slotHash[s] = oldHash[i];
      this.slotId[s] = oldId[i];
    }
  }
}
