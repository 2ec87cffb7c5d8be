import { describe, expect, it } from 'vitest';
import { decodeText, firstInvalidUtf8 } from './decode.ts';

describe('decodeText', () => {
  it('reads UTF-8 and drops a BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Name,Café\n')]);
    const d = decodeText(bytes);
    expect(d).toMatchObject({ text: 'Name,Café\n', encoding: 'utf-8', bom: true, notes: [] });
  });
  it('falls back to Windows-1252 with a note when the bytes are not UTF-8', () => {
    // "Café" in Latin-1: é is the single byte 0xE9.
    const bytes = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x2c, 0x80]);
    const d = decodeText(bytes);
    expect(d.encoding).toBe('windows-1252');
    expect(d.text).toBe('Café,€');
    expect(d.notes[0]).toMatch(/not valid UTF-8 \(first invalid byte at position 3\).*Latin-1/);
  });
  it('reads UTF-16 with a BOM', () => {
    const d = decodeText(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x2c, 0x00, 0x62, 0x00]));
    expect(d).toMatchObject({ text: 'a,b', encoding: 'utf-16le' });
  });
});

describe('firstInvalidUtf8', () => {
  it('agrees with a strict decoder', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('ok ✓ 𝄞'))).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xe2, 0x82]))).toBe(1); // truncated
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
  });
});
