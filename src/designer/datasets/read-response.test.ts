import { describe, expect, it } from 'vitest';
import { readResponse } from './read-response.ts';

/** A response whose body arrives in the given chunks, with the given headers. */
function chunked(chunks: number[][], headers: Record<string, string> = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const x of chunks) c.enqueue(new Uint8Array(x));
      c.close();
    },
  });
  return new Response(body, { headers });
}

describe('readResponse', () => {
  it('fills one buffer of the declared length, with progress up to 1', async () => {
    const seen: number[] = [];
    const bytes = await readResponse(chunked([[1, 2], [3], [4, 5, 6]], { 'content-length': '6' }), (f) => seen.push(f));
    expect([...bytes]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(bytes.buffer.byteLength).toBe(6);
    expect(seen).toEqual([2 / 6, 3 / 6, 1, 1]);
  });

  it('joins the chunks when no length is given, or an encoded body makes it wrong', async () => {
    expect([...(await readResponse(chunked([[1], [2, 3]]), () => undefined))]).toEqual([1, 2, 3]);
    expect([...(await readResponse(chunked([[1, 2], [3, 4, 5]], { 'content-length': '2', 'content-encoding': 'br' }), () => undefined))]).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps every byte when the body is longer or shorter than it said', async () => {
    expect([...(await readResponse(chunked([[1, 2], [3, 4, 5]], { 'content-length': '3' }), () => undefined))]).toEqual([1, 2, 3, 4, 5]);
    const short = await readResponse(chunked([[7, 8]], { 'content-length': '5' }), () => undefined);
    expect([...short]).toEqual([7, 8]);
  });

  it('reads an empty body', async () => {
    expect((await readResponse(new Response(new Uint8Array(0), { headers: { 'content-length': '0' } }), () => undefined)).length).toBe(0);
  });
});
