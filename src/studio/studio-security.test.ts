import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startTestStudio } from './testing/studio-test-server.ts';

type Studio = Awaited<ReturnType<typeof startTestStudio>>;
let studio: Studio;
let outsideFile: string;
let outsideCsv: string;
const OUTSIDE_TEXT = 'secret,salary\nalice,123456\n';

const auth = () => ({ Authorization: `Bearer ${studio.token}` });

/** Every file below `dir` with its size and modification time. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && p !== studio.workspaceDir) walk(p);
      else if (!e.isDirectory()) {
        const s = statSync(p, { throwIfNoEntry: false });
        out[p] = s ? `${s.size}:${s.mtimeMs}` : 'link';
      }
    }
  };
  walk(dir);
  return out;
}

beforeAll(async () => {
  studio = await startTestStudio();
  // Beside the workspace: files no request may read or write.
  outsideFile = path.join(studio.base, 'outside.txt');
  outsideCsv = path.join(studio.base, 'outside.csv');
  writeFileSync(outsideFile, OUTSIDE_TEXT);
  writeFileSync(outsideCsv, OUTSIDE_TEXT);
  symlinkSync(outsideCsv, path.join(studio.workspace.datasets, 'linked.csv'));
  mkdirSync(path.join(studio.base, 'elsewhere'));
  symlinkSync(path.join(studio.base, 'elsewhere'), path.join(studio.workspace.datasets, 'linkdir'));
  symlinkSync(outsideFile, path.join(studio.appDir, 'assets', 'leak-12345678.js'));
});

afterAll(async () => {
  await studio?.close();
});

describe('the session token', () => {
  it('is required on every /api route (401 with WWW-Authenticate), and accepted as a bearer token', async () => {
    for (const [method, p] of [
      ['GET', '/api/health'],
      ['GET', '/api/datasets'],
      ['PUT', '/api/datasets/a.csv'],
      ['GET', '/api/models'],
      ['POST', '/api/models'],
      ['GET', '/api/runs'],
      ['GET', '/api/nothing-here'],
    ] as const) {
      const r = await rawRequest(studio.port, { method, path: p, body: method === 'GET' ? undefined : 'x' });
      expect(r.status, `${method} ${p}`).toBe(401);
      expect(r.headers['www-authenticate']).toMatch(/^Bearer realm="crispflow-studio"$/);
      expect(JSON.parse(r.text).error).toMatch(/session token/);
    }
    const wrong = await rawRequest(studio.port, { path: '/api/health', headers: { Authorization: `Bearer ${studio.token.slice(0, -1)}x` } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toContain('invalid_token');
    const ok = await rawRequest(studio.port, { path: '/api/health', headers: auth() });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ mode: 'studio', workspace: 'ws', version: expect.any(String) });
    // Nothing secret in the health answer: no token, no paths.
    expect(ok.text).not.toContain(studio.token);
    expect(ok.text).not.toContain(studio.base);
  });

  it('is in the printed URL and is random per start', async () => {
    expect(studio.url).toBe(`http://127.0.0.1:${studio.port}/?token=${studio.token}`);
    expect(studio.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await startTestStudio();
    try {
      expect(other.token).not.toBe(studio.token);
      const cross = await rawRequest(other.port, { path: '/api/health', headers: auth() });
      expect(cross.status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('is not needed for the app itself (the page is static; its data is behind /api)', async () => {
    const r = await rawRequest(studio.port, { path: '/' });
    expect(r.status).toBe(200);
  });
});

describe('Host and Origin (DNS rebinding, other sites)', () => {
  it('refuses a foreign Host with 403 on the API and the app, even with the token', async () => {
    for (const p of ['/api/health', '/', '/assets/index-AbCd1234.js']) {
      const r = await rawRequest(studio.port, { path: p, headers: { ...auth(), Host: `attacker.example:${studio.port}` } });
      expect(r.status, p).toBe(403);
      expect(JSON.parse(r.text).error).toMatch(/DNS rebinding/);
    }
  });

  it('refuses a request from another origin with 403, and accepts this studio\'s own origin', async () => {
    const foreign = await rawRequest(studio.port, { path: '/api/health', headers: { ...auth(), Origin: 'http://attacker.example' } });
    expect(foreign.status).toBe(403);
    const otherPort = await rawRequest(studio.port, { path: '/api/health', headers: { ...auth(), Origin: `http://127.0.0.1:${studio.port + 1}` } });
    expect(otherPort.status).toBe(403);
    const own = await rawRequest(studio.port, { path: '/api/health', headers: { ...auth(), Origin: studio.origin } });
    expect(own.status).toBe(200);
    const localhost = await rawRequest(studio.port, { path: '/api/health', headers: { ...auth(), Host: `localhost:${studio.port}` } });
    expect(localhost.status).toBe(200);
  });
});

describe('path traversal', () => {
  it('refuses dataset names that leave the datasets folder, and touches nothing outside the workspace', async () => {
    const before = snapshot(studio.base);
    const attempts = [
      '/api/datasets/..%2Foutside.csv',
      '/api/datasets/%2e%2e%2foutside.csv',
      '/api/datasets/%2E%2E%2F%2E%2E%2Foutside.csv',
      '/api/datasets/%2e%2e',
      '/api/datasets/..',
      '/api/datasets/../../outside.csv',
      '/api/datasets/..%5Coutside.csv',
      `/api/datasets/${encodeURIComponent(outsideCsv)}`,
      '/api/datasets/%2Fetc%2Fpasswd',
      '/api/datasets/linkdir%2Fx.csv',
      '/api/datasets/linked.csv',
      '/api/datasets/%00.csv',
      '/api/datasets/.hidden.csv',
    ];
    for (const p of attempts) {
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const r = await rawRequest(studio.port, { method, path: p, headers: auth(), body: method === 'PUT' ? 'hacked,1\n' : undefined });
        expect([400, 403, 404], `${method} ${p} → ${r.status} ${r.text}`).toContain(r.status);
        expect(r.text).not.toContain('alice,123456');
      }
    }
    expect(readFileSync(outsideCsv, 'utf8')).toBe(OUTSIDE_TEXT);
    expect(readFileSync(outsideFile, 'utf8')).toBe(OUTSIDE_TEXT);
    expect(readdirSync(path.join(studio.base, 'elsewhere'))).toEqual([]);
    const after = snapshot(studio.base);
    for (const [file, stamp] of Object.entries(before)) expect(after[file], file).toBe(stamp);
    expect(Object.keys(after).filter((f) => !(f in before))).toEqual([]);
  });

  it('decodes a name once: a doubly encoded "%252e%252e%252f" is the literal file name "%2e%2e%2f…" inside datasets/', async () => {
    const put = await rawRequest(studio.port, { method: 'PUT', path: '/api/datasets/%252e%252e%252foutside.csv', headers: auth(), body: 'a\n1\n' });
    expect(put.status).toBe(201);
    expect(readFileSync(path.join(studio.workspace.datasets, '%2e%2e%2foutside.csv'), 'utf8')).toBe('a\n1\n');
    expect(readFileSync(outsideCsv, 'utf8')).toBe(OUTSIDE_TEXT);
    expect((await rawRequest(studio.port, { method: 'DELETE', path: '/api/datasets/%252e%252e%252foutside.csv', headers: auth() })).status).toBe(204);
  });

  it('does not follow a symlink out of the workspace (GET 403, PUT 403, the target unchanged)', async () => {
    const get = await rawRequest(studio.port, { path: '/api/datasets/linked.csv', headers: auth() });
    expect(get.status).toBe(403);
    expect(JSON.parse(get.text).error).toMatch(/symbolic link/);
    const put = await rawRequest(studio.port, { method: 'PUT', path: '/api/datasets/linked.csv', headers: auth(), body: 'x\n1\n' });
    expect(put.status).toBe(403);
    expect(readFileSync(outsideCsv, 'utf8')).toBe(OUTSIDE_TEXT);
    const list = JSON.parse((await rawRequest(studio.port, { path: '/api/datasets', headers: auth() })).text);
    expect(list.datasets.map((d: { name: string }) => d.name)).not.toContain('linked.csv');
  });

  it('refuses run ids and model names that try to leave their folders', async () => {
    for (const p of ['/api/runs/..%2F..%2Foutside', '/api/runs/%2e%2e', '/api/runs/a%2Fb', '/api/runs/.hidden']) {
      const r = await rawRequest(studio.port, { path: p, headers: auth() });
      expect([400, 403, 404], p).toContain(r.status);
      const put = await rawRequest(studio.port, { method: 'PUT', path: p, headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify({ pipeline: { name: 'x' }, status: 'ok', finishedAt: new Date().toISOString() }) });
      expect([400, 403, 404], `PUT ${p}`).toContain(put.status);
    }
    const model = await rawRequest(studio.port, { path: '/api/models/..%2F..%2Foutside/1/model', headers: auth() });
    expect(model.status).toBe(404);
    expect(readdirSync(studio.workspace.runs)).toEqual([]);
  });

  it('serves nothing outside the app folder (encoded dots, backslashes, a symlinked asset)', async () => {
    for (const p of ['/..%2foutside.txt', '/%2e%2e/outside.txt', '/%2e%2e%2f%2e%2e%2fetc/passwd', '/assets/..%2f..%2foutside.txt', '/assets/..%5c..%5coutside.txt', '/assets/leak-12345678.js', '/%00', '/assets/%2e%2e']) {
      const r = await rawRequest(studio.port, { path: p });
      expect([400, 404], `${p} → ${r.status}`).toContain(r.status);
      expect(r.text).not.toContain('alice,123456');
    }
  });
});

describe('robustness', () => {
  it('answers unparsable HTTP with 400 and keeps serving', async () => {
    const reply = await new Promise<string>((resolve) => {
      const s = net.connect(studio.port, '127.0.0.1', () => s.write('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      s.on('data', (d) => (text += d.toString()));
      s.on('close', () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    for (const bad of ['//[', '/api/health?x=%zz', 'http://[::1']) {
      const r = await rawRequest(studio.port, { path: bad, headers: auth() }).catch(() => undefined);
      if (r) expect([200, 400], bad).toContain(r.status);
    }
    expect((await rawRequest(studio.port, { path: '/api/health', headers: auth() })).status).toBe(200);
  });

  it('a client that stalls mid-headers or mid-upload holds up no one; an aborted upload leaves no file behind', async () => {
    const stalled = net.connect(studio.port, '127.0.0.1', () => stalled.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${studio.port}\r\n`));
    const uploading = net.connect(studio.port, '127.0.0.1', () =>
      uploading.write(
        `PUT /api/datasets/half.csv HTTP/1.1\r\nHost: 127.0.0.1:${studio.port}\r\nAuthorization: Bearer ${studio.token}\r\nContent-Length: 100000\r\n\r\nid,value\n1,2\n`,
      ),
    );
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    expect((await rawRequest(studio.port, { path: '/api/datasets', headers: auth() })).status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(2000);
    uploading.destroy();
    stalled.destroy();
    await new Promise((r) => setTimeout(r, 300));
    expect(readdirSync(studio.workspace.datasets).filter((f) => f.includes('half'))).toEqual([]);
    expect((await rawRequest(studio.port, { path: '/api/health', headers: auth() })).status).toBe(200);
  });

  it('a broken registry file is a 500 naming the file for that request only; the server carries on', async () => {
    writeFileSync(path.join(studio.workspace.registry, 'registry.json'), '{ not json');
    try {
      const r = await rawRequest(studio.port, { path: '/api/models', headers: auth() });
      expect(r.status).toBe(500);
      expect(JSON.parse(r.text).error).toMatch(/registry\.json is not valid JSON/);
      expect((await rawRequest(studio.port, { path: '/api/health', headers: auth() })).status).toBe(200);
    } finally {
      writeFileSync(path.join(studio.workspace.registry, 'registry.json'), JSON.stringify({ format: 'crispflow-model-registry/1', versions: [] }));
    }
  });

  it('unknown API paths are 404, wrong methods 405 with Allow', async () => {
    const none = await rawRequest(studio.port, { path: '/api/nothing', headers: auth() });
    expect(none.status).toBe(404);
    const method = await rawRequest(studio.port, { method: 'PATCH', path: '/api/datasets', headers: auth() });
    expect(method.status).toBe(405);
    expect(method.headers.allow).toBe('GET');
    const post = await rawRequest(studio.port, { method: 'POST', path: '/', body: 'x' });
    expect(post.status).toBe(405);
  });
});
