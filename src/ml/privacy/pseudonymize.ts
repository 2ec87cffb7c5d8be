/**
 * Keyed pseudonyms: each value becomes prefix + the first hex digits of HMAC-SHA-256(key, value), so
 * the same value gets the same token under the same workspace key (joins and counts still work), and
 * nobody without the key can recompute or reverse a token (unlike a plain hash of a name or an
 * e-mail address, which anyone can look up). The same value gets the same token in every column and
 * every table, so pseudonymised keys still join.
 */
import { formatDate } from '../../io/values.ts';
import type { CategoryColumn, Column, TextColumn } from '../../core/table/table.ts';
import { HmacSha256 } from './hmac-sha256.ts';

export interface PseudonymOptions {
  /** Put before every token (default "p_"). */
  prefix: string;
  /** Hex digits kept from the 64 of the HMAC (8–64; 16 = 64 bits: collisions are negligible below billions of values). */
  length: number;
  /** "Jane@X.com" and " jane@x.com " get the same token. */
  ignoreCase: boolean;
}

export interface PseudonymStats {
  distinct: number;
  /** Distinct values that got a token another value already had (raise the length when not 0). */
  collisions: number;
}

/** Tokens for one column's values, computed once per distinct value. */
export class Pseudonymizer {
  private readonly hmac: HmacSha256;
  private readonly cache = new Map<string, string>();
  private readonly owner = new Map<string, string>();
  collisions = 0;

  constructor(
    key: Uint8Array,
    private readonly o: PseudonymOptions,
  ) {
    if (key.length < 16) throw new Error(`The pseudonymisation key has ${key.length} bytes; it needs at least 16 (32 are made by default).`);
    if (!Number.isInteger(o.length) || o.length < 8 || o.length > 64) throw new Error(`Token length must be a whole number from 8 to 64 hex digits, not ${o.length}.`);
    this.hmac = new HmacSha256(key);
  }

  token(value: string): string {
    const v = this.o.ignoreCase ? value.trim().toLowerCase() : value.trim();
    let t = this.cache.get(v);
    if (t === undefined) {
      t = this.o.prefix + this.hmac.hex(v).slice(0, this.o.length);
      const before = this.owner.get(t);
      if (before !== undefined && before !== v) this.collisions++;
      else this.owner.set(t, v);
      this.cache.set(v, t);
    }
    return t;
  }

  get distinct(): number {
    return this.cache.size;
  }
}

function cellString(c: Column, i: number): string | null {
  switch (c.type) {
    case 'text':
      return c.values[i];
    case 'category':
      return c.codes[i] < 0 ? null : c.categories[c.codes[i]];
    default: {
      const v = c.values[i];
      if (Number.isNaN(v)) return null;
      if (c.type === 'date') return formatDate(v);
      if (c.type === 'boolean') return v !== 0 ? 'true' : 'false';
      return String(v);
    }
  }
}

/**
 * The column with every value replaced by its token; missing stays missing. Categories stay
 * categories (one token per level); every other type becomes text. Roles are kept.
 */
export function pseudonymizeColumn(c: Column, nRows: number, p: Pseudonymizer): CategoryColumn | TextColumn {
  const role = c.role ? { role: c.role } : {};
  if (c.type === 'category') {
    return { name: c.name, type: 'category', codes: c.codes, categories: c.categories.map((v) => p.token(v)), ...role };
  }
  const values = new Array<string | null>(nRows);
  for (let i = 0; i < nRows; i++) {
    const s = cellString(c, i);
    values[i] = s === null || s.trim() === '' ? null : p.token(s);
  }
  return { name: c.name, type: 'text', values, ...role };
}
