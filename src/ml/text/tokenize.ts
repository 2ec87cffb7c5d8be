/**
 * The word tokeniser of scikit-learn's CountVectorizer/TfidfVectorizer: token_pattern r"(?u)\b\w\w+\b".
 *
 * With Python's Unicode \w (letters, numbers, underscore) a match is exactly a maximal run of word
 * characters of length ≥ 2, so we scan char codes instead of running a regex: ASCII is tested inline,
 * other characters (and astral code points) against \p{L}\p{N}.
 */

const WORD_CHAR = /^[\p{L}\p{N}_]$/u;
export const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  ASCII_WORD[c] =
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 ? 1 : 0;
}
const nonAsciiCache = new Map<number, boolean>();

/** Is the code point a Python-regex \w character? */
export function isWordCodePoint(cp: number): boolean {
  if (cp < 128) return ASCII_WORD[cp] === 1;
  let w = nonAsciiCache.get(cp);
  if (w === undefined) {
    w = WORD_CHAR.test(String.fromCodePoint(cp));
    nonAsciiCache.set(cp, w);
  }
  return w;
}

const lowerCache = new Int32Array(65536).fill(-2);
const wordUnitCache = new Uint8Array(65536);

/**
 * The lowercase of UTF-16 code unit c when String.prototype.toLowerCase maps it to exactly one code
 * unit regardless of context, else -1: surrogates, characters that lowercase to two units (İ), and
 * capital sigma (its lowercase depends on the next letter). Lets a tokeniser lowercase as it scans.
 */
export function lowerUnit(c: number): number {
  let l = lowerCache[c];
  if (l === -2) {
    if ((c >= 0xd800 && c <= 0xdfff) || c === 0x3a3) l = -1;
    else {
      const s = String.fromCharCode(c).toLowerCase();
      l = s.length === 1 ? s.charCodeAt(0) : -1;
    }
    lowerCache[c] = l;
  }
  return l;
}

/** isWordCodePoint for a BMP code unit that is not a surrogate, from a table. */
export function isWordUnit(c: number): boolean {
  let w = wordUnitCache[c];
  if (w === 0) {
    w = isWordCodePoint(c) ? 1 : 2;
    wordUnitCache[c] = w;
  }
  return w === 1;
}

/**
 * Calls `emit(token)` for each token of `text` (already lowercased if wanted), in order.
 * Returns the number of tokens.
 */
export function forEachToken(text: string, emit: (token: string) => void): number {
  let count = 0;
  let start = -1;
  let runLength = 0; // in code points: "\w\w+" counts characters, not UTF-16 units
  const len = text.length;
  for (let i = 0; i < len; i++) {
    let cp = text.charCodeAt(i);
    let width = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < len) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const word = cp < 128 ? ASCII_WORD[cp] === 1 : isWordCodePoint(cp);
    if (word) {
      if (start < 0) {
        start = i;
        runLength = 0;
      }
      runLength++;
    } else if (start >= 0) {
      if (runLength >= 2) {
        emit(text.slice(start, i));
        count++;
      }
      start = -1;
    }
    i += width - 1;
  }
  if (start >= 0 && runLength >= 2) {
    emit(text.slice(start));
    count++;
  }
  return count;
}

/** Tokens of `text` as an array (convenience for tests and small inputs). */
export function tokenize(text: string, lowercase = true): string[] {
  const out: string[] = [];
  forEachToken(lowercase ? text.toLowerCase() : text, (t) => out.push(t));
  return out;
}
