import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('./studio-token.ts', () => ({ studioToken: () => 'test-token-0123456789abcdef' }));

const { detectStudio, studioState } = await import('./studio-client.ts');

const jsonResponse = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('detectStudio', () => {
  it('is studio mode when /api/health answers as a studio, sending the token', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { mode: 'studio', version: '0.1.0', workspace: 'hr-team' }));
    vi.stubGlobal('fetch', fetch);
    expect(await detectStudio()).toEqual({ mode: 'studio', health: { mode: 'studio', version: '0.1.0', workspace: 'hr-team' } });
    expect(studioState.getState().mode).toBe('studio');
    expect(new Headers((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].headers).get('authorization')).toBe('Bearer test-token-0123456789abcdef');
  });

  it('is browser-only mode for a static host (the app page as the answer), a refused token (with a note) and no server', async () => {
    vi.stubGlobal('fetch', async () => new Response('<!doctype html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    expect(await detectStudio()).toEqual({ mode: 'browser' });
    vi.stubGlobal('fetch', async () => jsonResponse(401, { error: 'token' }));
    expect(await detectStudio()).toMatchObject({ mode: 'browser', note: expect.stringMatching(/no valid session token/) });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await detectStudio()).toEqual({ mode: 'browser' });
    vi.stubGlobal('fetch', async () => jsonResponse(200, { mode: 'something-else' }));
    expect(await detectStudio()).toEqual({ mode: 'browser' });
  });
});
