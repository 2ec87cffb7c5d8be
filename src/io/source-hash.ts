/**
 * hashBytes (core/hash.ts) of a ByteSource read chunk by chunk: the dataset fingerprint of a file without
 * holding the file in memory (a 116 MB CSV read whole for its fingerprint stayed in the CLI's memory for the
 * whole run). Same words in the same order (8-byte units: the even word into lane 1, the odd one into lane 2,
 * murmur3 mixing, platform byte order), the same tail and finish, so the result equals hashBytes of the
 * whole bytes for any chunking (tested).
 */
import { finishBytesHash, mixWord } from '../core/hash.ts';
import type { ByteSource } from './byte-source.ts';

/** Bytes mixed per step: a multiple of 8, copied into an aligned buffer so they can be read as words. */
const BLOCK_BYTES = 1 << 16;

export class BytesHasher {
  private h1: number;
  private h2: number;
  private length = 0;
  /** Bytes waiting for a whole 8-byte unit (at most 7 after each update). */
  private readonly block = new Uint8Array(BLOCK_BYTES);
  private readonly words = new Int32Array(this.block.buffer);
  private held = 0;

  constructor(seed = 0) {
    this.h1 = (0x9747b28c ^ seed) | 0;
    this.h2 = (0x5bd1e995 ^ seed) | 0;
  }

  update(bytes: Uint8Array): void {
    this.length += bytes.length;
    let at = 0;
    while (at < bytes.length) {
      const take = Math.min(BLOCK_BYTES - this.held, bytes.length - at);
      this.block.set(bytes.subarray(at, at + take), this.held);
      this.held += take;
      at += take;
      const whole = this.held - (this.held % 8);
      this.mix(whole >>> 2);
      // The 0..7 bytes after the last whole unit start the next block.
      if (whole > 0 && whole < this.held) this.block.copyWithin(0, whole, this.held);
      this.held -= whole;
    }
  }

  private mix(nWords: number): void {
    const w = this.words;
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < nWords; i += 2) {
      h1 = mixWord(h1, w[i]);
      h2 = mixWord(h2, w[i + 1]);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /** The hash of everything given to update, as hashBytes writes it (16 hex characters). */
  digest(): string {
    return finishBytesHash(this.h1, this.h2, this.block.subarray(0, this.held), this.length);
  }
}

/** hashBytes of a source's bytes, read once, chunk by chunk. */
export async function hashSource(source: ByteSource, seed = 0): Promise<string> {
  const h = new BytesHasher(seed);
  for await (const chunk of source.open()) h.update(chunk);
  return h.digest();
}
