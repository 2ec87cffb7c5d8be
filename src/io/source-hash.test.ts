/** The streamed fingerprint equals hashBytes of the whole bytes, however the bytes are cut into chunks. */
import { describe, expect, it } from 'vitest';
import { hashBytes } from '../core/hash.ts';
import { createRng } from '../core/rng.ts';
import { bytesSource } from './byte-source.ts';
import { BytesHasher, hashSource } from './source-hash.ts';

function randomBytes(n: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(256);
  return out;
}

describe('hashSource', () => {
  it('equals hashBytes for every length up to 70 bytes and any chunking, including unaligned views', () => {
    const rng = createRng(5);
    for (let n = 0; n <= 70; n++) {
      const buf = randomBytes(n + 3, n);
      const bytes = buf.subarray(3); // unaligned on purpose
      const h = new BytesHasher();
      for (let at = 0; at < n; ) {
        const take = Math.min(n - at, 1 + rng.int(9));
        h.update(bytes.subarray(at, at + take));
        at += take;
      }
      expect(h.digest(), `n=${n}`).toBe(hashBytes(bytes));
    }
  });

  it('equals hashBytes on a file-sized input read in 1 MiB, 64 KiB and odd-sized chunks, and with a seed', async () => {
    const bytes = randomBytes(2_500_003, 11);
    const whole = hashBytes(bytes);
    expect(await hashSource(bytesSource(bytes))).toBe(whole);
    expect(await hashSource(bytesSource(bytes, 1 << 16))).toBe(whole);
    expect(await hashSource(bytesSource(bytes, 65_537))).toBe(whole);
    expect(await hashSource(bytesSource(bytes, 7), 42)).toBe(hashBytes(bytes, 42));
    expect(await hashSource(bytesSource(new Uint8Array(0)))).toBe(hashBytes(new Uint8Array(0)));
  });
});
