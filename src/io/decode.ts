/**
 * Bytes → text. UTF-8 (with or without BOM) first; UTF-16 when a BOM says so; otherwise the file is not
 * valid UTF-8 and is read as Windows-1252 (the superset of Latin-1 that Excel on Windows writes), with
 * a note so the user knows.
 */

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  bom: boolean;
  notes: string[];
}

/** Offset of the first byte that breaks UTF-8, or -1 when the bytes are valid UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Windows-1252 code points for bytes 0x80–0x9F (undefined bytes map to the same C1 code point). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Windows-1252 by table: some runtimes' TextDecoder('windows-1252') decodes as ISO-8859-1 (Node's
 * latin1 fast path turns 0x80 into U+0080 instead of €), so the mapping is done here.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const block = 8192;
  const codes = new Uint16Array(block);
  for (let start = 0; start < bytes.length; start += block) {
    const end = Math.min(bytes.length, start + block);
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      codes[i - start] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b;
    }
    parts.push(String.fromCharCode.apply(null, codes.subarray(0, end - start) as unknown as number[]));
  }
  return parts.join('');
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le', bom: true, notes: ['The file is UTF-16 (little-endian) text.'] };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be', bom: true, notes: ['The file is UTF-16 (big-endian) text.'] };
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    // The decoder drops a leading BOM, so the first column name stays clean.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text, encoding: 'utf-8', bom, notes: [] };
  } catch {
    const at = firstInvalidUtf8(bytes);
    const text = decodeWindows1252(bytes);
    return {
      text,
      encoding: 'windows-1252',
      bom: false,
      notes: [
        `The file is not valid UTF-8${at >= 0 ? ` (first invalid byte at position ${at.toLocaleString('en-US')})` : ''}, so it was read as Latin-1 (Windows-1252). If accented letters look wrong, save the file as "CSV UTF-8" and import it again.`,
      ],
    };
  }
}
