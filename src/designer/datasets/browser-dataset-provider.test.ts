import { afterEach, describe, expect, it, vi } from 'vitest';
import { hashBytes } from '../../core/hash.ts';

const stored = new Map<string, { meta: Record<string, unknown>; bytes: Uint8Array }>();
vi.mock('./dataset-store.ts', () => ({
  getDataset: async (name: string) => stored.get(name)?.meta,
  getDatasetBytes: async (name: string) => stored.get(name)?.bytes,
}));

const { browserDatasetProvider: provider, resolveSampleFile } = await import('./browser-dataset-provider.ts');

const sampleCsv = new TextEncoder().encode('employee_id,group\n1,A\n2,B\n');
const requested: string[] = [];
vi.stubGlobal('fetch', async (url: string) => {
  requested.push(url);
  if (url === '/samples/index.json') {
    return new Response(JSON.stringify([{ name: 'promotion', file: 'promotion.csv', columns: [{ name: 'group', type: 'category', role: 'protected' }] }]));
  }
  if (url === '/samples/promotion.csv') return new Response(sampleCsv);
  return new Response('not found', { status: 404 });
});

afterEach(() => stored.clear());

describe('browser dataset provider', () => {
  it('reads built-in samples from this origin by name, with or without extension, and caches them', async () => {
    const a = await provider.read({ source: 'sample', name: 'promotion.csv' });
    expect(a.name).toBe('promotion.csv');
    expect(Array.from(a.bytes)).toEqual(Array.from(sampleCsv));
    expect(a.fingerprint).toBe(hashBytes(sampleCsv));
    const b = await provider.read({ source: 'sample', name: 'promotion' });
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(requested.filter((u) => u === '/samples/promotion.csv')).toHaveLength(1);
    expect(requested.every((u) => u.startsWith('/samples/'))).toBe(true);
    expect(await provider.schema!({ source: 'sample', name: 'promotion.csv' })).toEqual({ columns: [{ name: 'group', type: 'category', role: 'protected' }] });
  });

  it('refuses unknown samples and path tricks with a clear message', async () => {
    await expect(provider.read({ source: 'sample', name: 'nope.csv' })).rejects.toThrow('"nope.csv" is not a built-in sample. Available samples: promotion.');
    // A misspelt name is refused before any request (the server would answer with the app's HTML page).
    await expect(provider.read({ source: 'sample', name: 'promotoin' })).rejects.toThrow(/Available samples: promotion/);
    expect(requested).not.toContain('/samples/promotoin.csv');
    await expect(provider.read({ source: 'sample', name: '../secrets.csv' })).rejects.toThrow(/not a built-in sample/);
    expect(await provider.fingerprint({ source: 'sample', name: 'nope.csv' })).toBeUndefined();
  });

  it('reads uploads from the store with their stored fingerprint and schema', async () => {
    const bytes = new TextEncoder().encode('a\n1\n');
    stored.set('mine.csv', { meta: { id: 'mine.csv', name: 'mine.csv', fingerprint: 'f00', columns: [{ name: 'a', type: 'integer' }] }, bytes });
    const r = await provider.read({ source: 'upload', name: 'mine.csv' });
    expect(r).toEqual({ name: 'mine.csv', bytes, fingerprint: 'f00' });
    expect(await provider.fingerprint({ source: 'upload', name: 'mine.csv' })).toBe('f00');
    expect(await provider.schema!({ source: 'upload', name: 'mine.csv' })).toEqual({ columns: [{ name: 'a', type: 'integer' }] });
    await expect(provider.read({ source: 'upload', name: 'gone.csv' })).rejects.toThrow(/Upload it in the Datasets panel/);
  });

  it('sends file refs back to the command line', async () => {
    await expect(provider.read({ source: 'file', name: 'x.csv' })).rejects.toThrow(/command-line/);
  });
});

describe('resolveSampleFile', () => {
  const index = [
    { name: 'promotion', file: 'promotion.csv' },
    { name: 'employees', file: 'employees.csv' },
  ];
  it('accepts a listed sample by name, file name or name + .csv', () => {
    expect(resolveSampleFile('promotion', index)).toBe('promotion.csv');
    expect(resolveSampleFile('employees.csv', index)).toBe('employees.csv');
  });
  it('refuses a misspelt name and lists the available samples', () => {
    expect(() => resolveSampleFile('employes', index)).toThrow('"employes" is not a built-in sample. Available samples: promotion, employees.');
    expect(() => resolveSampleFile('Promotion.csv', index)).toThrow(/Available samples: promotion, employees/);
  });
  it('falls back to a safe file name when no index could be loaded', () => {
    expect(resolveSampleFile('promotion', [])).toBe('promotion.csv');
    expect(() => resolveSampleFile('../x.csv', [])).toThrow(/not a built-in sample name/);
  });
});
