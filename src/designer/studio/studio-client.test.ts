import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('./studio-token.ts', () => ({ studioToken: () => 'test-token-0123456789abcdef' }));
vi.mock('../datasets/import-client.ts', () => ({ storeInWorker: vi.fn(async () => ({})) }));

const { detectStudio, studioState } = await import('./studio-client.ts');
const { createStudioDatasetMirror } = await import('./studio-datasets.ts');
const { storeInWorker } = await import('../datasets/import-client.ts');

const jsonResponse = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

afterEach(() => {
  vi.unstubAllGlobals();
  vi.mocked(storeInWorker).mockClear();
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

describe('the workspace dataset mirror', () => {
  const workspace = [
    { name: 'same.csv', size: 3, modifiedAt: '2026-12-07T00:00:00Z', fingerprint: 'f-same' },
    { name: 'changed.csv', size: 3, modifiedAt: '2026-12-07T00:00:00Z', fingerprint: 'f-new' },
    { name: 'new.csv', size: 3, modifiedAt: '2026-12-07T00:00:00Z', fingerprint: 'f-x' },
  ];
  const local: Record<string, { fingerprint: string }> = { 'same.csv': { fingerprint: 'f-same' }, 'changed.csv': { fingerprint: 'f-old' }, 'mine.csv': { fingerprint: 'f-m' } };

  function serve() {
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
      calls.push(`${init.method ?? 'GET'} ${url}`);
      if (url === '/api/datasets') return jsonResponse(200, { datasets: workspace });
      if ((init.method ?? 'GET') === 'GET') return new Response('a\n1\n', { status: 200, headers: { 'content-type': 'text/csv' } });
      if (init.method === 'PUT') return jsonResponse(201, { dataset: { name: 'up.csv', size: 4, modifiedAt: '', fingerprint: 'f-up' } });
      return new Response(null, { status: 204 });
    });
    return calls;
  }

  it('copies in only the workspace datasets the browser lacks or holds in another version', async () => {
    const calls = serve();
    const mirror = createStudioDatasetMirror(async (name) => local[name] as never);
    expect(await mirror.sync()).toEqual(['changed.csv', 'new.csv']);
    expect(vi.mocked(storeInWorker).mock.calls.map((c) => c[0])).toEqual(['changed.csv', 'new.csv']);
    expect(calls).toEqual(['GET /api/datasets', 'GET /api/datasets/changed.csv', 'GET /api/datasets/new.csv']);
    const annotated = mirror.annotate([{ name: 'same.csv' }, { name: 'mine.csv' }] as never) as unknown as Array<{ name: string; location: string }>;
    expect(annotated.map((d) => `${d.name}:${d.location}`)).toEqual(['same.csv:workspace', 'mine.csv:browser']);
  });

  it('saves uploads with PUT, deletes only what the workspace has, fetches a missing dataset on demand', async () => {
    const calls = serve();
    const mirror = createStudioDatasetMirror(async () => undefined);
    await mirror.saved('up.csv', new Blob(['a\n1\n']));
    await mirror.removed('mine.csv'); // never in the workspace: nothing sent
    await mirror.removed('up.csv');
    expect(await mirror.fetchMissing('new.csv')).toBe(true);
    expect(await mirror.fetchMissing('nowhere.csv')).toBe(false);
    expect(calls).toEqual(['PUT /api/datasets/up.csv', 'DELETE /api/datasets/up.csv', 'GET /api/datasets', 'GET /api/datasets/new.csv', 'GET /api/datasets']);
  });
});
