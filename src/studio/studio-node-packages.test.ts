/**
 * Node packages in the studio: a real studio on 127.0.0.1 (port 0) over a temporary workspace whose
 * crispflow-workspace.json names the example package (examples/node-package) and broken ones; a package
 * given with --nodes joins them. Checks the list, the served module files (type, headers, exact bytes),
 * that nothing else is reachable, and that each broken package is refused by name with its reason.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir, testAuditKeyFile } from '../cli/testing/run-cli.ts';
import { runWithCli } from './scheduler.ts';
import { startStudio } from './start-studio.ts';
import { rawRequest, startTestStudio } from './testing/studio-test-server.ts';
import { WorkspaceError } from './workspace/workspace.ts';

type Studio = Awaited<ReturnType<typeof startTestStudio>>;
let studio: Studio;
let base: string;

const EXAMPLE = path.join(repoRoot, 'examples', 'node-package');
const PREFIX = '/node-packages/crispflow-nodes-pay-equity';

/** A package folder with a crispflow manifest and the given files. */
function writePackage(dir: string, name: string, files: Record<string, string>, manifest: Record<string, unknown> = { nodeApi: '1', nodes: './index.js' }) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '0.1.0', type: 'module', crispflow: manifest }));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

/** A valid node of the given type, written against the node API Crispflow hands over. */
const nodeSource = (type: string) => `export default function nodes(api) {
  return [api.defineNode({ type: '${type}', version: 1, title: 'T ${type}', phase: 'data-preparation', category: 'Test', summary: 'A test node.',
    inputs: { table: { type: 'table' } }, outputs: { table: { type: 'table' } }, params: {}, async run({ inputs }) { return { table: inputs.table }; } })];
}\n`;

const auth = () => ({ Authorization: `Bearer ${studio.token}` });
const get = (p: string, headers: Record<string, string> = {}) => rawRequest(studio.port, { path: p, headers });

beforeAll(async () => {
  base = mkdtempSync(path.join(os.tmpdir(), 'crispflow-studio-packages-'));
  const ws = path.join(base, 'ws');
  const pkgs = path.join(base, 'packages');
  writePackage(path.join(pkgs, 'bare-import'), 'bare-import-nodes', { 'index.js': "import { sum } from 'lodash-es';\nexport default () => [];\n" });
  writePackage(path.join(pkgs, 'future'), 'future-nodes', { 'index.js': nodeSource('future-node') }, { nodeApi: '9', nodes: './index.js' });
  writePackage(path.join(pkgs, 'clash'), 'clashing-nodes', { 'index.js': nodeSource('join') });
  writePackage(path.join(pkgs, 'throws'), 'throwing-nodes', { 'index.js': "throw new Error('the licence server is unreachable');\n" });
  writePackage(path.join(pkgs, 'escapes'), 'escaping-nodes', { 'index.js': "import '../bare-import/index.js';\nexport default () => [];\n" });
  // Given on the command line (relative to the working folder), with a module in a subfolder.
  writePackage(path.join(pkgs, 'tenure'), '@acme/tenure-nodes', { 'index.js': "export { default } from './lib/nodes.js';\n", 'lib/nodes.js': nodeSource('tenure-band-test'), 'secret-notes.txt': 'not for the browser' });
  mkdirSync(ws, { recursive: true });
  writeFileSync(
    path.join(ws, 'crispflow-workspace.json'),
    JSON.stringify({
      format: 'crispflow-workspace/1',
      nodePackages: [path.relative(ws, EXAMPLE), '../packages/bare-import', '../packages/future', '../packages/clash', '../packages/throws', '../packages/escapes', '../packages/missing'],
    }),
  );
  studio = await startTestStudio({ workspaceDir: ws, nodePackages: [path.relative(process.cwd(), path.join(pkgs, 'tenure'))] });
  // A file beside the package that a traversal would try to reach.
  writeFileSync(path.join(base, 'outside.js'), 'export const secret = 1;');
  symlinkSync(path.join(base, 'outside.js'), path.join(pkgs, 'tenure', 'link.js'));
});

afterAll(async () => {
  await studio?.close();
});

describe('GET /api/node-packages', () => {
  it('lists the accepted packages with their node types and module URLs, in the order given', async () => {
    const r = await get('/api/node-packages', auth());
    expect(r.status).toBe(200);
    const body = JSON.parse(r.text) as { settings: string; accepted: unknown[] };
    expect(body.settings).toBe('crispflow-workspace.json');
    expect(body.accepted).toEqual([
      {
        name: 'crispflow-nodes-pay-equity',
        version: '1.0.0',
        types: ['pay-compa-ratio'],
        source: path.relative(studio.workspace.root, EXAMPLE),
        from: 'workspace',
        entry: `${PREFIX}/index.js`,
        files: [`${PREFIX}/index.js`, `${PREFIX}/pay-compa-ratio.js`, `${PREFIX}/compa-ratio.js`],
      },
      {
        name: '@acme/tenure-nodes',
        version: '0.1.0',
        types: ['tenure-band-test'],
        source: expect.stringMatching(/packages\/tenure$/),
        from: '--nodes',
        entry: '/node-packages/%40acme%2Ftenure-nodes/index.js',
        files: ['/node-packages/%40acme%2Ftenure-nodes/index.js', '/node-packages/%40acme%2Ftenure-nodes/lib/nodes.js'],
      },
    ]);
  });

  it('refuses each broken package by name with the reason, and the others still load', async () => {
    const body = JSON.parse((await get('/api/node-packages', auth())).text) as { refused: Array<{ package: string; reason: string; source: string; from: string }> };
    const reasons = Object.fromEntries(body.refused.map((r) => [r.package, r.reason]));
    expect(body.refused.map((r) => r.package)).toEqual(['bare-import-nodes', 'future-nodes', 'clashing-nodes', 'throwing-nodes', 'escaping-nodes', '../packages/missing']);
    expect(reasons['bare-import-nodes']).toBe(
      'it cannot run in the browser as it is: index.js:1 imports "lodash-es", a bare module name, which a browser cannot resolve; bundle the package into plain ES modules that import each other by relative path (for example `esbuild index.js --bundle --format=esm --outfile=dist/index.js`) and name the bundle in the manifest\'s "nodes".',
    );
    expect(reasons['future-nodes']).toBe('it needs node API 9, but this Crispflow supports node API 1; use a version of the package written for it.');
    expect(reasons['clashing-nodes']).toBe('node type "join" is already taken by a built-in node; rename the type.');
    expect(reasons['throwing-nodes']).toBe('it failed while loading: the licence server is unreachable');
    expect(reasons['escaping-nodes']).toMatch(/^it cannot run in the browser as it is: index\.js:1 imports "\.\.\/bare-import\/index\.js", outside the package folder/);
    expect(reasons['../packages/missing']).toMatch(/^the folder .*packages\/missing does not exist\.$/);
    expect(body.refused[0]).toMatchObject({ source: '../packages/bare-import', from: 'workspace' });
  });

  it('needs the session token, like every /api route', async () => {
    expect((await get('/api/node-packages')).status).toBe(401);
  });
});

describe('GET /node-packages/<name>/<file>', () => {
  it('serves each module of an accepted package byte for byte as JavaScript, with the app\'s security headers', async () => {
    for (const file of ['index.js', 'pay-compa-ratio.js', 'compa-ratio.js']) {
      const r = await get(`${PREFIX}/${file}`);
      expect(r.status, file).toBe(200);
      expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(r.body.equals(readFileSync(path.join(EXAMPLE, file)))).toBe(true);
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
      expect(r.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['cache-control']).toBe('no-cache');
    }
    const scoped = await get('/node-packages/%40acme%2Ftenure-nodes/lib/nodes.js');
    expect(scoped.status).toBe(200);
    expect(scoped.text).toContain("type: 'tenure-band-test'");
    // Revalidation: the same bytes answer 304.
    const first = await get(`${PREFIX}/index.js`);
    const again = await get(`${PREFIX}/index.js`, { 'If-None-Match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    const head = await rawRequest(studio.port, { method: 'HEAD', path: `${PREFIX}/index.js` });
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
  });

  it('serves nothing but the modules of accepted packages: other files, refused packages and traversals are refused', async () => {
    const refused: Array<[string, number]> = [
      [`${PREFIX}/package.json`, 404],
      [`${PREFIX}/pay-compa-ratio.test.js`, 404],
      [`${PREFIX}/README.md`, 404],
      [`${PREFIX}/`, 400],
      ['/node-packages/%40acme%2Ftenure-nodes/secret-notes.txt', 404],
      ['/node-packages/%40acme%2Ftenure-nodes/link.js', 404],
      ['/node-packages/@acme/tenure-nodes/index.js', 404],
      ['/node-packages/bare-import-nodes/index.js', 404],
      ['/node-packages/throwing-nodes/index.js', 404],
      [`${PREFIX}/../../outside.js`, 400],
      [`${PREFIX}/%2e%2e/%2e%2e/outside.js`, 400],
      [`${PREFIX}/..%2f..%2foutside.js`, 404],
      [`${PREFIX}/%2e%2e%5c%2e%2e%5coutside.js`, 400],
      [`${PREFIX}/.//index.js`, 400],
      [`${PREFIX}/%00index.js`, 400],
      [`${PREFIX}/%E0%A4%A.js`, 400],
      ['/node-packages/..%2Fws/crispflow-workspace.json', 404],
      ['/node-packages/%2e%2e/ws/crispflow-workspace.json', 404],
    ];
    for (const [p, status] of refused) {
      const r = await get(p);
      expect(r.status, p).toBe(status);
      expect(r.text, p).not.toMatch(/not for the browser|export const secret|nodePackages/);
      expect(r.headers['content-type'], p).toBe('application/json; charset=utf-8');
    }
    const notFound = JSON.parse((await get(`${PREFIX}/package.json`)).text) as { error: string };
    expect(notFound.error).toMatch(/serves only the JavaScript modules of the node packages it accepted/);
  });

  it('is read-only, and checks Host and Origin like every studio request', async () => {
    const put = await rawRequest(studio.port, { method: 'PUT', path: `${PREFIX}/index.js`, body: 'x' });
    expect(put.status).toBe(405);
    const rebinding = await rawRequest(studio.port, { path: `${PREFIX}/index.js`, headers: { Host: 'attacker.example:80' } });
    expect(rebinding.status).toBe(403);
    const otherSite = await rawRequest(studio.port, { path: `${PREFIX}/index.js`, headers: { Origin: 'https://attacker.example' } });
    expect(otherSite.status).toBe(403);
  });
});

describe('the workspace settings', () => {
  it('a studio without packages lists none and serves no package file', async () => {
    const plain = await startTestStudio();
    try {
      const r = await rawRequest(plain.port, { path: '/api/node-packages', headers: { Authorization: `Bearer ${plain.token}` } });
      expect(JSON.parse(r.text)).toEqual({ settings: 'crispflow-workspace.json', accepted: [], refused: [] });
      expect((await rawRequest(plain.port, { path: `${PREFIX}/index.js` })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('a malformed nodePackages stops the studio with the file, the field and what to write', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{ "nodePackages": "examples/node-package" }', /"nodePackages" in .*crispflow-workspace\.json must be a list of folder paths \(relative to the workspace\) or npm package names, e\.g\. "nodePackages": \["\.\.\/acme-nodes", "@acme\/crispflow-nodes"\]; it is the text "examples\/node-package"\./],
      ['{ "nodePackages": ["a", 3] }', /"nodePackages"\[1\] in .*crispflow-workspace\.json must be a folder path or an npm package name \(a non-empty string\); it is a number\./],
      ['{ "nodePackages": ["a", "a"] }', /"nodePackages"\[1\] in .*names "a" again \(already entry 0\); list each package once\./],
      ['{ "nodePackages": [', /The workspace settings .*crispflow-workspace\.json are not valid JSON \(.*\); fix the file/],
    ];
    for (const [text, message] of cases) {
      const ws = mkdtempSync(path.join(os.tmpdir(), 'crispflow-bad-settings-'));
      writeFileSync(path.join(ws, 'crispflow-workspace.json'), text);
      const started = startStudio({ workspaceDir: ws, appDir: studio.appDir, port: 0, scheduler: false });
      await expect(started).rejects.toBeInstanceOf(WorkspaceError);
      await expect(started).rejects.toThrow(message);
    }
  });
});

describe('scheduled runs', () => {
  it('run with the studio\'s accepted packages: the example pipeline succeeds with them and is refused without', async () => {
    const pipeline = path.join(EXAMPLE, 'pay-equity.pipeline.json');
    const dirs = studio.nodePackages.accepted.map((p) => p.dir);
    expect(dirs).toEqual([EXAMPLE, expect.stringMatching(/packages\/tenure$/)]);
    const out = path.join(base, 'scheduled-out');
    expect(await runWithCli(pipeline, out, studio.workspace, dirs)).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as { nodes: Record<string, { status: string }> };
    expect(summary.nodes.compa.status).toBe('ok');
    // Without the packages the same pipeline is invalid (unknown node type): exit 2.
    expect(await runWithCli(pipeline, path.join(base, 'scheduled-out-2'), studio.workspace)).toBe(2);
  });
});

describe('crispflow studio --nodes (the real command)', () => {
  it('loads the package for the designer, prints it, and lists it', async () => {
    const workspace = path.join(tempDir(), 'cli-packages');
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/crispflow.mjs'), 'studio', '--workspace', workspace, '--port', '0', '--nodes', 'examples/node-package', '--nodes', 'examples/no-such-package'], {
      cwd: repoRoot,
      env: { ...process.env, CRISPFLOW_AUDIT_KEY_FILE: testAuditKeyFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const onData = (d: Buffer) => {
          out += d.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}/.exec(out);
          if (m && out.includes('loaded for the designer')) resolve(m[0]);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      expect(out).toContain('Node package "crispflow-nodes-pay-equity" 1.0.0 loaded for the designer: pay-compa-ratio.');
      expect(out).toMatch(/crispflow: Node package "examples\/no-such-package" \(--nodes: examples\/no-such-package\) was not loaded: the folder .*examples\/no-such-package does not exist\./);
      const u = new URL(url);
      const list = (await (await fetch(`${u.origin}/api/node-packages`, { headers: { Authorization: `Bearer ${u.searchParams.get('token')}` } })).json()) as { accepted: Array<{ name: string; from: string; source: string }> };
      expect(list.accepted).toEqual([expect.objectContaining({ name: 'crispflow-nodes-pay-equity', from: '--nodes', source: 'examples/node-package' })]);
      const entry = await fetch(`${u.origin}/node-packages/crispflow-nodes-pay-equity/index.js`);
      expect(entry.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await entry.text()).toBe(readFileSync(path.join(EXAMPLE, 'index.js'), 'utf8'));
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }
  });
});
