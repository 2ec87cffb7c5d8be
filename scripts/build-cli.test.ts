import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, distDir, packageRoot, staleReason, type CliBuildManifest } from './build-cli.mjs';

let manifest: CliBuildManifest;

beforeAll(async () => {
  manifest = await buildCli();
}, 120_000);

describe('the CLI built ahead of time', () => {
  it('bundles the command and the pool worker, and records the sources it read', () => {
    const files = readdirSync(path.join(distDir, manifest.build));
    expect(files).toContain('main.js');
    expect(files).toContain('worker-entry.js');
    expect(manifest.inputs).toContain('src/cli/main.ts');
    expect(manifest.inputs).toContain('src/runtime/node/worker-entry.ts');
    expect(manifest.inputs).toContain('scripts/build-cli.mjs');
    // TF.js stays out of the bundle (loaded on demand by the neural nodes).
    expect(manifest.inputs.some((f) => f.includes('@tensorflow'))).toBe(false);
  });

  it('runs with plain node, no TypeScript loader: validate answers from the bundle alone', () => {
    const main = pathToFileURL(path.join(distDir, manifest.build, 'main.js')).href;
    const script = `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(['validate', 'examples/promotion-baseline.pipeline.json']);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: packageRoot, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('examples/promotion-baseline.pipeline.json: valid (4 nodes, 4 edges).\n');
    expect(r.status).toBe(0);
    for (const f of readdirSync(path.join(distDir, manifest.build)).filter((x) => x.endsWith('.js'))) {
      expect(readFileSync(path.join(distDir, manifest.build, f), 'utf8')).not.toMatch(/from ["']tsx/);
    }
  });

  it('knows when the bundle is older than a source file, a source is gone, or the build is missing', () => {
    expect(staleReason({ ...manifest, startedAt: Date.now() + 3_600_000 })).toBeNull();
    expect(staleReason({ ...manifest, startedAt: 0 })).toMatch(/changed after the build$/);
    expect(staleReason({ ...manifest, startedAt: Date.now() + 3_600_000, inputs: [...manifest.inputs, 'src/cli/removed.ts'] })).toBe(
      'src/cli/removed.ts is gone',
    );
    expect(staleReason({ ...manifest, build: 'b-0000000000000000' })).toBe('dist-cli/b-0000000000000000 is missing');
    expect(staleReason(null)).toBe('dist-cli/current.json is missing');
  });

  it("holds zod's English messages only, which is all the sources use", () => {
    expect(manifest.inputs.filter((f) => f.includes('zod/v4/locales/'))).toEqual(['node_modules/zod/v4/locales/en.js', 'node_modules/zod/v4/locales/index.js']);
    // Another language would need z.locales.<lang>() (or an import of it): none of the sources asks for one.
    const sources = manifest.inputs.filter((f) => !f.startsWith('node_modules/') && /\.tsx?$/.test(f));
    expect(sources.length).toBeGreaterThan(100);
    for (const f of sources) expect(readFileSync(path.join(packageRoot, f), 'utf8'), f).not.toMatch(/\blocales\.[a-zA-Z]+\(|zod\/(?:v4\/)?(?:core\/)?locales/);
    // Documents are still checked with it, and the problem is named.
    const main = pathToFileURL(path.join(distDir, manifest.build, 'main.js')).href;
    const script = `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(['validate', process.argv[1]]);`;
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-zod-'));
    const file = path.join(dir, 'bad.pipeline.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, metadata: { name: 7 }, nodes: [], edges: [] }));
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, file], { cwd: packageRoot, encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(`${r.stdout}${r.stderr}`).toContain('metadata.name must be text, found the number 7');
    expect(r.status).toBe(1);
  });

  it('gives the same folder for the same source (content-addressed), so concurrent rebuilds agree', async () => {
    const again = await buildCli();
    expect(again.build).toBe(manifest.build);
  });
});
