/** The studio sends the build's precompressed copies of the designer to browsers that accept them (issue 14). */
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from './http/precompress.ts';
import { acceptedEncodings, chooseCopy } from './http/static-files.ts';
import { rawRequest, startTestStudio } from './testing/studio-test-server.ts';

// A JavaScript asset large enough to be worth compressing (the fixture's own asset is below 1 KB).
const BIG_ASSET = Array.from({ length: 400 }, (_, i) => `export const value${i} = ${JSON.stringify(`crispflow ${i % 7}`)};`).join('\n');

let studio: Awaited<ReturnType<typeof startTestStudio>>;
let precompressed: Awaited<ReturnType<typeof precompressDir>>;
beforeAll(async () => {
  studio = await startTestStudio();
  writeFileSync(path.join(studio.appDir, 'assets', 'big-AbCd1234.js'), BIG_ASSET);
  writeFileSync(path.join(studio.appDir, 'assets', 'stale-AbCd1234.js'), BIG_ASSET);
  precompressed = await precompressDir(studio.appDir);
  // A copy left from an older build: the file changed after it was compressed.
  const later = new Date(Date.now() + 60_000);
  utimesSync(path.join(studio.appDir, 'assets', 'stale-AbCd1234.js'), later, later);
});
afterAll(async () => {
  await studio?.close();
});

describe('precompressed designer files', () => {
  it('the build step writes .br and .gz beside files of at least 1 KB only', () => {
    const assets = path.join(studio.appDir, 'assets');
    expect(existsSync(path.join(assets, 'big-AbCd1234.js.br'))).toBe(true);
    expect(existsSync(path.join(assets, 'big-AbCd1234.js.gz'))).toBe(true);
    expect(existsSync(path.join(assets, 'index-AbCd1234.js.br'))).toBe(false); // 39 bytes: not worth it
    expect(existsSync(path.join(studio.appDir, 'index.html.gz'))).toBe(false);
    expect(precompressed.files).toBe(2);
    expect(precompressed.rawBytes).toBe(2 * Buffer.byteLength(BIG_ASSET));
    expect(precompressed.brotliBytes).toBeLessThan(precompressed.rawBytes / 4);
    expect(zlib.brotliDecompressSync(readFileSync(path.join(assets, 'big-AbCd1234.js.br'))).toString()).toBe(BIG_ASSET);
  });

  it('sends brotli, else gzip, to a browser that accepts it, with the same type, caching and a Vary header', async () => {
    const br = await rawRequest(studio.port, { path: '/assets/big-AbCd1234.js', headers: { 'Accept-Encoding': 'gzip, deflate, br, zstd' } });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(Buffer.byteLength(BIG_ASSET) / 4);
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(BIG_ASSET);

    const gz = await rawRequest(studio.port, { path: '/assets/big-AbCd1234.js', headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(BIG_ASSET);
    expect(gz.headers.etag).not.toBe(br.headers.etag);
  });

  it('sends the file itself without Accept-Encoding, with br;q=0, and when the copy is older than the file', async () => {
    for (const headers of [{}, { 'Accept-Encoding': 'identity' }, { 'Accept-Encoding': 'br;q=0, gzip;q=0' }] as Record<string, string>[]) {
      const r = await rawRequest(studio.port, { path: '/assets/big-AbCd1234.js', headers });
      expect(r.headers['content-encoding'], JSON.stringify(headers)).toBeUndefined();
      expect(r.text).toBe(BIG_ASSET);
    }
    const stale = await rawRequest(studio.port, { path: '/assets/stale-AbCd1234.js', headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(stale.headers['content-encoding']).toBeUndefined();
    expect(stale.headers.vary).toBeUndefined();
    expect(stale.text).toBe(BIG_ASSET);
  });

  it('HEAD gives the copy\'s length, and If-None-Match answers 304 per encoding', async () => {
    const head = await rawRequest(studio.port, { method: 'HEAD', path: '/assets/big-AbCd1234.js', headers: { 'Accept-Encoding': 'br' } });
    expect(head.headers['content-encoding']).toBe('br');
    expect(Number(head.headers['content-length'])).toBe(readFileSync(path.join(studio.appDir, 'assets', 'big-AbCd1234.js.br')).length);
    expect(head.body.length).toBe(0);
    const same = await rawRequest(studio.port, { path: '/assets/big-AbCd1234.js', headers: { 'Accept-Encoding': 'br', 'If-None-Match': String(head.headers.etag) } });
    expect(same.status).toBe(304);
    const other = await rawRequest(studio.port, { path: '/assets/big-AbCd1234.js', headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': String(head.headers.etag) } });
    expect(other.status).toBe(200);
    expect(other.headers['content-encoding']).toBe('gzip');
  });

  it('reads Accept-Encoding as HTTP defines it', () => {
    expect([...acceptedEncodings('gzip, deflate, br;q=1.0, zstd;q=0')]).toEqual(['gzip', 'deflate', 'br']);
    expect([...acceptedEncodings(undefined)]).toEqual([]);
    const copies = [
      { encoding: 'br' as const, file: 'a.br', size: 1 },
      { encoding: 'gzip' as const, file: 'a.gz', size: 2 },
    ];
    expect(chooseCopy(copies, 'gzip, br')?.encoding).toBe('br');
    expect(chooseCopy(copies, 'gzip')?.encoding).toBe('gzip');
    expect(chooseCopy(copies, '*')?.encoding).toBe('br');
    expect(chooseCopy(copies, 'deflate')).toBeUndefined();
  });
});
