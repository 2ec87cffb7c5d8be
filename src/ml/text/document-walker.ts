/**
 * One document's word n-grams as ids of an n-gram index, for TF-IDF and the keyword counts: tokens as
 * scikit-learn's CountVectorizer makes them (lowercased, token_pattern r"(?u)\b\w\w+\b", stop words
 * dropped, then n-grams over the remaining tokens), scanned in place without a string per token.
 */
import type { NgramIndex } from './ngram-index.ts';
import { ENGLISH_STOP_WORDS } from './stop-words.ts';
import { ASCII_WORD, isWordCodePoint, isWordUnit, lowerUnit } from './tokenize.ts';
import { FNV_OFFSET, FNV_PRIME, hashString, TokenTable } from './token-table.ts';

export interface WalkOptions {
  lowercase: boolean;
  /** 'english' is scikit-learn's list; `extraStopWords` are added to it (or used alone with 'none'). */
  stopWords: 'english' | 'none';
  extraStopWords?: string[];
  /** Inclusive [min_n, max_n]. */
  ngramRange: [number, number];
}

function stopSet(o: WalkOptions): Set<string> | null {
  const extra = (o.extraStopWords ?? []).map((w) => (o.lowercase ? w.toLowerCase() : w).trim()).filter(Boolean);
  if (o.stopWords === 'none' && extra.length === 0) return null;
  const s = new Set<string>(o.stopWords === 'english' ? ENGLISH_STOP_WORDS : []);
  for (const w of extra) s.add(w);
  return s;
}

const STOP = -2;
const UNKNOWN = -1;

/**
 * Walks one document's n-grams (as index nodes of length within the range). Tokens are scanned
 * in place (scikit-learn's pattern: runs of ≥ 2 word characters) and resolved through a token table,
 * whose value per token is its unigram node, UNKNOWN (not in a fixed vocabulary) or STOP (a stop word).
 */
export class DocumentWalker {
  private tokens = new Int32Array(1024);
  private nTokens = 0;
  private readonly table = new TokenTable(1 << 15);
  constructor(
    private readonly index: NgramIndex,
    private readonly o: WalkOptions,
  ) {
    const stops = stopSet(o);
    if (stops) for (const w of stops) if (this.table.find(w, 0, w.length, hashString(w)) < 0) this.table.add(w, hashString(w), STOP);
  }

  private push(node: number): void {
    if (this.nTokens === this.tokens.length) {
      const t = new Int32Array(this.tokens.length * 2);
      t.set(this.tokens);
      this.tokens = t;
    }
    this.tokens[this.nTokens++] = node;
  }

  /**
   * The token text[start, end): appends its unigram node (or UNKNOWN), or nothing for a stop word.
   * `lowered`: the span is not yet lowercased but lowercases unit by unit (`hash` is of its lowercase).
   */
  private token(text: string, start: number, end: number, hash: number, insert: boolean, lowered: boolean): void {
    const { table } = this;
    let id = lowered ? table.findLowered(text, start, end, hash) : table.find(text, start, end, hash);
    if (id < 0) {
      const tok = lowered ? text.slice(start, end).toLowerCase() : text.slice(start, end);
      id = table.add(tok, hash, this.index.unigram(tok, insert));
    }
    this.pushToken(id, insert);
  }

  /** The token with table id `id`: appends its unigram node (or UNKNOWN), or nothing for a stop word. */
  private pushToken(id: number, insert: boolean): void {
    const { table } = this;
    let node = table.values[id];
    if (node === STOP) return;
    if (node === UNKNOWN && insert) {
      node = this.index.unigram(table.texts[id], true);
      table.values[id] = node;
    }
    this.push(node);
  }

  /**
   * Tokenises a document lowercasing on the fly, one code unit at a time (saves a lowercased copy of
   * every document). Returns false at the first unit that does not lowercase one to one (see
   * lowerUnit), having pushed only tokens before it, which lowercase the same either way: the caller
   * then starts over with String.prototype.toLowerCase.
   */
  private scanLowering(text: string, insert: boolean): boolean {
    const len = text.length;
    let start = -1;
    let h = FNV_OFFSET;
    for (let i = 0; i < len; i++) {
      let c = text.charCodeAt(i);
      let word: boolean;
      if (c < 128) {
        word = ASCII_WORD[c] === 1;
        if (c >= 65 && c <= 90) c += 32;
      } else {
        c = lowerUnit(c);
        if (c < 0) return false;
        word = isWordUnit(c);
      }
      if (word) {
        if (start < 0) {
          start = i;
          h = FNV_OFFSET;
        }
        h = Math.imul(h ^ c, FNV_PRIME);
      } else if (start >= 0) {
        if (i - start >= 2) this.token(text, start, i, h, insert, true);
        start = -1;
      }
    }
    if (start >= 0 && len - start >= 2) this.token(text, start, len, h, insert, true);
    return true;
  }

  /** Tokenises text as is (already lowercased if wanted), any Unicode. */
  private scan(text: string, insert: boolean): void {
    // maximal runs of word characters, ≥ 2 code points (see tokenize.ts for the same scan, unhashed)
    const len = text.length;
    let start = -1;
    let run = 0;
    let h = FNV_OFFSET;
    for (let i = 0; i < len; i++) {
      const c = text.charCodeAt(i);
      let word: boolean;
      let width = 1;
      if (c < 128) word = ASCII_WORD[c] === 1;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        word = isWordCodePoint((c - 0xd800) * 0x400 + (text.charCodeAt(i + 1) - 0xdc00) + 0x10000);
        width = 2;
      } else word = isWordCodePoint(c);
      if (word) {
        if (start < 0) {
          start = i;
          run = 0;
          h = FNV_OFFSET;
        }
        run++;
        h = Math.imul(h ^ c, FNV_PRIME);
        if (width === 2) h = Math.imul(h ^ text.charCodeAt(i + 1), FNV_PRIME);
      } else if (start >= 0) {
        if (run >= 2) this.token(text, start, i, h, insert, false);
        start = -1;
      }
      i += width - 1;
    }
    if (start >= 0 && run >= 2) this.token(text, start, len, h, insert, false);
  }

  /** Calls emit(node) for every n-gram of the document; unknown n-grams are skipped unless `insert`. */
  walk(doc: string | null, insert: boolean, emit: (node: number) => void): void {
    this.nTokens = 0;
    if (doc == null || doc === '') return;
    if (!this.o.lowercase) this.scan(doc, insert);
    else if (!this.scanLowering(doc, insert)) {
      this.nTokens = 0;
      this.scan(doc.toLowerCase(), insert);
    }
    this.emitNgrams(insert, emit);
  }

  /**
   * walk() of the document whose UTF-8 bytes are utf8[start, end) (a text column still packed): the same
   * n-grams without decoding it. With lowercasing on, characters are decoded from the bytes as they are
   * scanned, exactly as scanLowering reads the string's code units (every character outside the astral
   * planes is one UTF-16 unit); a document scanLowering would give up on (a surrogate pair, a character
   * that does not lowercase one to one), or any document without lowercasing, is decoded and walked as
   * a string.
   */
  walkBytes(utf8: Uint8Array, start: number, end: number, insert: boolean, emit: (node: number) => void): void {
    this.nTokens = 0;
    if (start === end) return;
    if (this.o.lowercase && this.scanBytesLowering(utf8, start, end, insert)) this.emitNgrams(insert, emit);
    else this.walk(decodeUtf8(utf8, start, end), insert, emit);
  }

  /** The current token's lowercase UTF-16 units (scanBytesLowering). */
  private units = new Uint16Array(256);

  /** scanLowering over UTF-8 bytes; false where scanLowering would return false, having pushed the same tokens. */
  private scanBytesLowering(utf8: Uint8Array, from: number, to: number, insert: boolean): boolean {
    let units = this.units;
    let n = 0; // units of the current token so far
    let tokenStart = from;
    let h = FNV_OFFSET;
    let i = from;
    while (i < to) {
      let c = utf8[i];
      let width = 1;
      let word: boolean;
      if (c < 128) {
        word = ASCII_WORD[c] === 1;
        if (c >= 65 && c <= 90) c += 32;
      } else {
        // valid UTF-8 (TextEncoder's): a 4-byte sequence is a surrogate pair, which lowerUnit refuses
        if (c >= 0xf0) return false;
        if (c >= 0xe0) {
          c = ((c & 0x0f) << 12) | ((utf8[i + 1] & 0x3f) << 6) | (utf8[i + 2] & 0x3f);
          width = 3;
        } else {
          c = ((c & 0x1f) << 6) | (utf8[i + 1] & 0x3f);
          width = 2;
        }
        c = lowerUnit(c);
        if (c < 0) return false;
        word = isWordUnit(c);
      }
      if (word) {
        if (n === 0) {
          tokenStart = i;
          h = FNV_OFFSET;
        }
        if (n === units.length) {
          const grown = new Uint16Array(2 * n);
          grown.set(units);
          units = this.units = grown;
        }
        units[n++] = c;
        h = Math.imul(h ^ c, FNV_PRIME);
      } else if (n > 0) {
        if (n >= 2) this.unitsToken(n, h, insert, utf8, tokenStart, i);
        n = 0;
      }
      i += width;
    }
    if (n >= 2) this.unitsToken(n, h, insert, utf8, tokenStart, to);
    return true;
  }

  /** The token in this.units[0, n) (lowercased), whose bytes are utf8[start, end). */
  private unitsToken(n: number, hash: number, insert: boolean, utf8: Uint8Array, start: number, end: number): void {
    const { table } = this;
    let id = table.findUnits(this.units, n, hash);
    if (id < 0) {
      // a new token: its text as the string path makes it (the span decoded, then lowercased)
      const tok = decodeUtf8(utf8, start, end).toLowerCase();
      id = table.add(tok, hash, this.index.unigram(tok, insert));
    }
    this.pushToken(id, insert);
  }

  /** Calls emit(node) for every n-gram of the tokens found; unknown n-grams are skipped unless `insert`. */
  private emitNgrams(insert: boolean, emit: (node: number) => void): void {
    const [minN, maxN] = this.o.ngramRange;
    const { index } = this;
    const toks = this.tokens;
    const nt = this.nTokens;
    for (let i = 0; i < nt; i++) {
      let node = toks[i];
      if (node < 0) continue;
      if (minN <= 1) emit(node);
      for (let n = 2; n <= maxN && i + n - 1 < nt; n++) {
        const t = toks[i + n - 1];
        if (t < 0) break;
        node = index.child(node, t, insert);
        if (node < 0) break;
        if (n >= minN) emit(node);
      }
    }
  }
}

/** Keeps a leading U+FEFF (a row's text may start with one; the default decoder would drop it). */
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The string whose UTF-8 bytes are utf8[start, end) (browsers refuse to decode shared memory: copied first). */
export function decodeUtf8(utf8: Uint8Array, start: number, end: number): string {
  const bytes = utf8.subarray(start, end);
  return utf8Decoder.decode(typeof SharedArrayBuffer === 'function' && bytes.buffer instanceof SharedArrayBuffer ? bytes.slice() : bytes);
}
