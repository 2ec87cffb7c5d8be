import { describe, expect, it } from 'vitest';
import { createRng } from './rng.ts';
import { hashBytes, hashString, hashValue, stableStringify } from './hash.ts';

describe('stableStringify', () => {
  it('sorts keys at every depth and leaves out undefined properties', () => {
    expect(stableStringify({ b: 1, a: { d: [1, 'x'], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
    expect(stableStringify({ x: 1, y: 2 })).toBe(stableStringify({ y: 2, x: 1 }));
  });
  it('keeps NaN and Infinity apart from null and from strings', () => {
    const forms = [null, NaN, Infinity, -Infinity, 'NaN', 'null'].map(stableStringify);
    expect(new Set(forms).size).toBe(6);
  });
  it('writes typed arrays as arrays and survives cycles', () => {
    expect(stableStringify(new Float64Array([1.5, 2]))).toBe('[1.5,2]');
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    expect(stableStringify(a)).toBe('{"n":1,"self":"[Circular]"}');
  });
  it('matches JSON.stringify for plain sorted data', () => {
    const v = { a: [1, 2.5, 'q"uote'], b: true, c: { d: 'é' } };
    expect(stableStringify(v)).toBe(JSON.stringify(v));
  });
});

describe('hashString / hashValue', () => {
  it('gives 16 hex characters, equal for equal input', () => {
    expect(hashString('abc')).toMatch(/^[0-9a-f]{16}$/);
    expect(hashString('abc')).toBe(hashString('abc'));
    expect(hashValue({ a: 1, b: [2] })).toBe(hashValue({ b: [2], a: 1 }));
  });
  it('has no collisions on 20,000 similar strings', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20000; i++) seen.add(hashString(`node-${i}`));
    expect(seen.size).toBe(20000);
  });
  it('changes with one character or with the seed', () => {
    expect(hashString('params:{"C":1}')).not.toBe(hashString('params:{"C":2}'));
    expect(hashString('x', 1)).not.toBe(hashString('x', 2));
  });
});

describe('hashBytes', () => {
  const rng = createRng(7);
  const data = new Uint8Array(100_003);
  for (let i = 0; i < data.length; i++) data[i] = rng.int(256);

  it('is the same for aligned and unaligned views of the same bytes', () => {
    const shifted = new Uint8Array(data.length + 3);
    shifted.set(data, 3);
    expect(hashBytes(shifted.subarray(3))).toBe(hashBytes(data));
    expect(hashBytes(data)).toMatch(/^[0-9a-f]{16}$/);
  });
  it('changes when any single bit flips', () => {
    const base = hashBytes(data);
    for (const pos of [0, 1, 4, 7, 65535, 65536, 100_000, 100_002]) {
      const copy = data.slice();
      copy[pos] ^= 1;
      expect(hashBytes(copy), `byte ${pos}`).not.toBe(base);
    }
  });
  it('tells apart every length from 0 to 20 (tail bytes and zero padding)', () => {
    const zeros = new Uint8Array(20);
    const hashes = new Set<string>();
    for (let n = 0; n <= 20; n++) hashes.add(hashBytes(zeros.subarray(0, n)));
    expect(hashes.size).toBe(21);
  });
  it('hashes 16 MB in well under a second', () => {
    const big = new Uint8Array(16 << 20);
    const t0 = performance.now();
    hashBytes(big);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
