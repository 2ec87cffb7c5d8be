import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metaContentSecurityPolicy, securityHeaders } from './http/security-headers.ts';
import { isHashedAsset, mimeTypeOf } from './http/static-files.ts';
import { FIXTURE_ASSET, FIXTURE_INDEX, rawRequest, startTestStudio } from './testing/studio-test-server.ts';

let studio: Awaited<ReturnType<typeof startTestStudio>>;
beforeAll(async () => {
  studio = await startTestStudio();
});
afterAll(async () => {
  await studio?.close();
});

const csp = securityHeaders({ dev: false })['Content-Security-Policy'];

function expectSecurityHeaders(h: Record<string, string | string[] | undefined>, what: string) {
  expect(h['content-security-policy'], what).toBe(csp);
  expect(h['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(h['cross-origin-embedder-policy'], what).toBe('require-corp');
  expect(h['x-content-type-options'], what).toBe('nosniff');
  expect(h['referrer-policy'], what).toBe('no-referrer');
}

describe('the built designer as the studio serves it', () => {
  it('index.html: security headers, HTML type, revalidated (not cached blindly)', async () => {
    const r = await rawRequest(studio.port, { path: '/' });
    expect(r.status).toBe(200);
    expect(r.text).toBe(FIXTURE_INDEX);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-cache');
    expectSecurityHeaders(r.headers, '/');
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('app routes fall back to index.html; the token query does not matter to the page', async () => {
    for (const p of ['/?token=abc', '/projects/123', '/index.html']) {
      const r = await rawRequest(studio.port, { path: p });
      expect(r.status, p).toBe(200);
      expect(r.text, p).toBe(FIXTURE_INDEX);
    }
  });

  it('hashed assets: JavaScript and wasm types, cached for a year as immutable, with the security headers', async () => {
    const js = await rawRequest(studio.port, { path: '/assets/index-AbCd1234.js' });
    expect(js.status).toBe(200);
    expect(js.text).toBe(FIXTURE_ASSET);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expectSecurityHeaders(js.headers, 'asset');
    const wasm = await rawRequest(studio.port, { path: '/assets/kernel-Zy98Xw76.wasm' });
    expect(wasm.headers['content-type']).toBe('application/wasm');
    const json = await rawRequest(studio.port, { path: '/samples/index.json' });
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.headers['cache-control']).toBe('no-cache');
  });

  it('a missing file is a 404 (not the app page, which would hide the mistake), HEAD has no body, ETag gives 304', async () => {
    const missing = await rawRequest(studio.port, { path: '/assets/nothing-12345678.js' });
    expect(missing.status).toBe(404);
    const head = await rawRequest(studio.port, { method: 'HEAD', path: '/assets/index-AbCd1234.js' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(FIXTURE_ASSET)));
    expect(head.body.length).toBe(0);
    const again = await rawRequest(studio.port, { path: '/assets/index-AbCd1234.js', headers: { 'If-None-Match': String(head.headers.etag) } });
    expect(again.status).toBe(304);
  });

  it('API answers are never cached and cannot be framed or run as a page', async () => {
    const r = await rawRequest(studio.port, { path: '/api/health', headers: { Authorization: `Bearer ${studio.token}` } });
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
  });
});

describe('header helpers', () => {
  it('the meta CSP is the header CSP without frame-ancestors (ignored by browsers in a meta policy)', () => {
    const meta = metaContentSecurityPolicy();
    expect(meta).not.toContain('frame-ancestors');
    expect(`${meta}; frame-ancestors 'none'`).toBe(csp);
  });

  it('recognises Vite hashed asset names and MIME types', () => {
    expect(isHashedAsset('/assets/index-BIA8cDLW.js')).toBe(true);
    expect(isHashedAsset('/assets/tfjs-backend-wasm-simd-BrM3BlWr.wasm')).toBe(true);
    expect(isHashedAsset('/index.html')).toBe(false);
    expect(isHashedAsset('/samples/promotion.csv')).toBe(false);
    expect(mimeTypeOf('x.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeOf('x.unknown')).toBe('application/octet-stream');
  });
});
