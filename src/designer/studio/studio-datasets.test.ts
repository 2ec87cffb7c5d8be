import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UploadedDataset } from '../datasets/dataset-record.ts';
import type { ImportLane } from '../datasets/import-client.ts';

vi.mock('./studio-token.ts', () => ({ studioToken: () => 'test-token-0123456789abcdef' }));

const { copyLanes, createStudioDatasetMirror } = await import('./studio-datasets.ts');

const jsonResponse = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

afterEach(() => vi.unstubAllGlobals());

const entry = (name: string, fingerprint: string) => ({ name, size: 3, modifiedAt: '2026-12-07T00:00:00Z', fingerprint });
const workspace = [entry('same.csv', 'f-same'), entry('changed.csv', 'f-new'), entry('new.csv', 'f-x')];
const local: Record<string, { fingerprint: string }> = { 'same.csv': { fingerprint: 'f-same' }, 'changed.csv': { fingerprint: 'f-old' }, 'mine.csv': { fingerprint: 'f-m' } };

/** The studio API as the page sees it: the page itself only lists, saves and deletes (copies run in the lanes). */
function serve(list = workspace) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    calls.push(`${init.method ?? 'GET'} ${url}`);
    if (url === '/api/datasets') return jsonResponse(200, { datasets: list });
    if (init.method === 'PUT') return jsonResponse(201, { dataset: entry('up.csv', 'f-up') });
    if (init.method === 'DELETE') return new Response(null, { status: 204 });
    throw new Error(`the page fetched ${url}: workspace files are fetched in the import worker`);
  });
  return calls;
}

/** Import-worker lanes that record each copy and finish it when told to (or at once). */
function lanes(n: number, o: { manual?: boolean; failing?: string[] } = {}) {
  const copies: string[] = [];
  const finish = new Map<string, () => void>();
  const make = (lane: number): ImportLane => ({
    copyFromStudio: (name, url, token) => {
      copies.push(`${name}@${lane} ${url} ${token}`);
      if (o.failing?.includes(name)) return Promise.reject(new Error(`"${name}" is not a table file.`));
      const record = { name } as UploadedDataset;
      if (!o.manual) return Promise.resolve(record);
      return new Promise((resolve) => finish.set(name, () => resolve(record)));
    },
  });
  return { list: Array.from({ length: n }, (_, i) => make(i)), copies, finish };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the workspace dataset mirror', () => {
  it('copies in only the workspace datasets the browser lacks or holds in another version, in the worker, with the token', async () => {
    const calls = serve();
    const l = lanes(1);
    const mirror = createStudioDatasetMirror(async (name) => local[name] as never, l.list);
    expect(await mirror.sync()).toEqual(['changed.csv', 'new.csv']);
    expect(l.copies).toEqual(['changed.csv@0 /api/datasets/changed.csv test-token-0123456789abcdef', 'new.csv@0 /api/datasets/new.csv test-token-0123456789abcdef']);
    expect(calls).toEqual(['GET /api/datasets']);
    const annotated = mirror.annotate([{ name: 'same.csv' }, { name: 'mine.csv' }] as never) as unknown as Array<{ name: string; location: string }>;
    expect(annotated.map((d) => `${d.name}:${d.location}`)).toEqual(['same.csv:workspace', 'mine.csv:browser']);
  });

  it('saves uploads with PUT, deletes only what the workspace has, copies a missing dataset on demand', async () => {
    const calls = serve();
    const l = lanes(1);
    const mirror = createStudioDatasetMirror(async () => undefined, l.list);
    await mirror.saved('up.csv', new Blob(['a\n1\n']));
    await mirror.removed('mine.csv'); // never in the workspace: nothing sent
    await mirror.removed('up.csv');
    expect(await mirror.fetchMissing('new.csv')).toBe(true);
    expect(await mirror.fetchMissing('nowhere.csv')).toBe(false);
    expect(calls).toEqual(['PUT /api/datasets/up.csv', 'DELETE /api/datasets/up.csv', 'GET /api/datasets', 'GET /api/datasets']);
    expect(l.copies.map((c) => c.split(' ')[0])).toEqual(['new.csv@0']);
  });

  it('copies one file at a time per lane; a file asked for meanwhile goes first and is copied once', async () => {
    serve([entry('a.csv', 'a'), entry('b.csv', 'b'), entry('c.csv', 'c'), entry('d.csv', 'd')]);
    const l = lanes(1, { manual: true });
    const mirror = createStudioDatasetMirror(async () => undefined, l.list);
    const sync = mirror.sync();
    await tick();
    expect(l.copies.map((c) => c.split(' ')[0])).toEqual(['a.csv@0']);
    const wanted = mirror.fetchMissing('d.csv');
    for (const name of ['a.csv', 'd.csv', 'b.csv', 'c.csv']) {
      await tick();
      l.finish.get(name)!();
    }
    expect(await wanted).toBe(true);
    expect(await sync).toEqual(['a.csv', 'b.csv', 'c.csv', 'd.csv']);
    expect(l.copies.map((c) => c.split(' ')[0])).toEqual(['a.csv@0', 'd.csv@0', 'b.csv@0', 'c.csv@0']);
  });

  it('spreads copies over its lanes; a file that does not import leaves the others copied', async () => {
    serve([entry('a.csv', 'a'), entry('notes.txt', 'n'), entry('c.csv', 'c')]);
    const l = lanes(2, { failing: ['notes.txt'] });
    const mirror = createStudioDatasetMirror(async () => undefined, l.list);
    expect(await mirror.sync()).toEqual(['a.csv', 'c.csv']);
    // The first two start together, one per lane; the third takes whichever lane is freed first.
    expect(l.copies.map((c) => c.split(' ')[0]).slice(0, 2)).toEqual(['a.csv@0', 'notes.txt@1']);
    expect(l.copies[2]).toMatch(/^c\.csv@[01] /);
  });

  it('copies with the cores beside the page: one on two cores, at most three', () => {
    expect([1, 2, 3, 4, 16].map((n) => copyLanes(n))).toEqual([1, 1, 2, 3, 3]);
  });
});
