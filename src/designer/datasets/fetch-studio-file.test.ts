import { afterEach, describe, expect, it, vi } from 'vitest';
import { StudioError } from '../studio/studio-error.ts';
import { fetchStudioFile } from './fetch-studio-file.ts';

afterEach(() => vi.unstubAllGlobals());

describe('fetchStudioFile (in the import worker)', () => {
  it('sends the session token, bypasses the HTTP cache and returns the bytes with progress', async () => {
    const fetch = vi.fn(async () => new Response('a,b\n1,2\n', { headers: { 'content-length': '8' } }));
    vi.stubGlobal('fetch', fetch);
    const seen: number[] = [];
    const bytes = await fetchStudioFile('/api/datasets/x.csv', 'tok-0123456789abcdef', (f) => seen.push(f));
    expect(new TextDecoder().decode(bytes)).toBe('a,b\n1,2\n');
    expect(seen.at(-1)).toBe(1);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/datasets/x.csv');
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer tok-0123456789abcdef');
    expect(init.cache).toBe('no-store');
  });

  it("fails with the studio's own sentence, or the status line when the answer is not JSON", async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: 'The workspace has no dataset called "x.csv".' }), { status: 404, headers: { 'content-type': 'application/json' } }));
    const err = await fetchStudioFile('/api/datasets/x.csv', undefined, () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).status).toBe(404);
    expect((err as Error).message).toBe('The workspace has no dataset called "x.csv".');
    vi.stubGlobal('fetch', async () => new Response('<html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(fetchStudioFile('/api/datasets/y.csv', undefined, () => undefined)).rejects.toThrow('The studio answered 502 Bad Gateway for /api/datasets/y.csv.');
  });
});
