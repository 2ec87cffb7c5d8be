import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacSha256, hmacSha256, sha256, toHex } from './hmac-sha256.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('SHA-256 and HMAC-SHA-256 (pure TypeScript)', () => {
  it('matches the FIPS 180-4 and RFC 4231 test vectors', () => {
    expect(toHex(sha256(utf8('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(sha256(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    // RFC 4231 test cases 1, 2 and 6 (key longer than a block)
    expect(toHex(hmacSha256(new Uint8Array(20).fill(0x0b), utf8('Hi There')))).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    expect(toHex(hmacSha256(utf8('Jefe'), utf8('what do ya want for nothing?')))).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(toHex(hmacSha256(new Uint8Array(131).fill(0xaa), utf8('Test Using Larger Than Block-Size Key - Hash Key First')))).toBe(
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
  });

  it('agrees with node:crypto on random keys and messages of every length around the block edges', () => {
    for (let len = 0; len < 200; len += 1) {
      const key = randomBytes(1 + (len % 70));
      const msg = randomBytes(len);
      expect(toHex(sha256(msg))).toBe(createHash('sha256').update(msg).digest('hex'));
      const h = new HmacSha256(key);
      expect(h.hex(msg)).toBe(createHmac('sha256', key).update(msg).digest('hex'));
    }
    const h = new HmacSha256(utf8('k'));
    expect(h.hex('Zoë Müller')).toBe(createHmac('sha256', 'k').update('Zoë Müller', 'utf8').digest('hex'));
    expect(() => new HmacSha256(new Uint8Array(0))).toThrow(/must not be empty/);
  });
});
