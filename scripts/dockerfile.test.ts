/**
 * The container image (Dockerfile, issue 16). No Docker engine runs here, so the image is checked in two
 * ways: the Dockerfile itself (base images, non-root user, entrypoint, every file it copies exists after
 * the builds), and the CLI run the way the image runs it: from the bundle only, in a folder with the files
 * the final stage copies and no node_modules at all (so no devDependency can be found), NODE_ENV=production.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from './build-cli.mjs';

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Dockerfile → stages of instructions (continuation lines joined, comments dropped). */
function parseDockerfile(text: string): Stage[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  const stages: Stage[] = [];
  for (const raw of joined.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\w+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`Unreadable Dockerfile line: ${line}`);
    const op = m[1].toUpperCase();
    if (op === 'FROM') {
      const [from, as, name] = m[2].split(/\s+/);
      stages.push({ from, ...(as?.toUpperCase() === 'AS' ? { name } : {}), instructions: [] });
    } else stages.at(-1)!.instructions.push({ op, args: m[2].trim() });
  }
  return stages;
}

const stages = parseDockerfile(readFileSync(path.join(packageRoot, 'Dockerfile'), 'utf8'));
const final = stages.at(-1)!;
const builder = stages.find((s) => s.name === 'builder');
const copies = (s: Stage) =>
  s.instructions
    .filter((i) => i.op === 'COPY')
    .map((i) => {
      const parts = i.args.split(/\s+/);
      const from = parts.find((p) => p.startsWith('--from='))?.slice('--from='.length);
      const paths = parts.filter((p) => !p.startsWith('--'));
      return { from, sources: paths.slice(0, -1), dest: paths.at(-1)! };
    });

describe('Dockerfile', () => {
  it('builds in a node:20-slim builder stage and runs on node:20-slim as a non-root user with crispflow as entrypoint', () => {
    expect(builder?.from).toBe('node:20-slim');
    expect(builder?.instructions.map((i) => i.args)).toEqual(expect.arrayContaining(['npm ci --ignore-scripts', 'npm run build:cli && npm run build']));
    expect(final.from).toBe('node:20-slim');
    const user = final.instructions.filter((i) => i.op === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(user!.split(':')[0]).not.toMatch(/^(root|0)$/);
    expect(final.instructions.find((i) => i.op === 'ENTRYPOINT')?.args).toBe('["crispflow"]');
    // only runtime dependencies in the final stage
    expect(final.instructions.some((i) => i.op === 'RUN' && i.args.includes('npm ci --omit=dev'))).toBe(true);
    expect(final.instructions.find((i) => i.op === 'ENV')?.args).toContain('NODE_ENV=production');
  });

  it('every file the final stage copies exists (from the repository, or from the builder after build:cli and vite build)', () => {
    for (const c of copies(final)) {
      for (const src of c.sources) {
        if (c.from === 'builder') {
          const rel = path.relative('/src', src);
          expect(rel.startsWith('..'), `${src} is outside the builder's /src`).toBe(false);
          const marker = rel.startsWith('dist-cli') ? 'dist-cli/current.json' : rel.startsWith('dist') ? 'dist/index.html' : rel;
          expect(existsSync(path.join(packageRoot, marker)), `${marker} (built by the builder stage) is missing: run npm run build:cli and npm run build`).toBe(true);
        } else expect(existsSync(path.join(packageRoot, src)), `COPY ${src}`).toBe(true);
      }
    }
    // The image's command must find the pieces it needs where the bundle looks for them.
    const dests = copies(final).map((c) => c.dest);
    expect(dests).toEqual(expect.arrayContaining(['./bin/', './scripts/build-cli.mjs', './public/samples/', './dist-cli/', './dist/']));
  });

  it('.dockerignore keeps node_modules, builds, git and secrets out of the build context', () => {
    const ignored = readFileSync(path.join(packageRoot, '.dockerignore'), 'utf8').split(/\r?\n/).filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['.git', 'node_modules', 'dist', 'dist-cli', '**/*.key', 'secrets.json']));
  });
});

describe('the CLI as the image runs it (bundle only, no node_modules, NODE_ENV=production)', () => {
  /** The final stage's files in a fresh folder under the system temp dir (no node_modules above it). */
  function imageLayout(): string {
    const root = mkdtempSync(path.join(os.tmpdir(), 'crispflow-image-'));
    const manifest = JSON.parse(readFileSync(path.join(packageRoot, 'dist-cli/current.json'), 'utf8')) as { build: string };
    for (const p of ['package.json', 'bin', 'scripts/build-cli.mjs', 'public/samples', `dist-cli/${manifest.build}`, 'dist-cli/current.json']) {
      mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
      cpSync(path.join(packageRoot, p), path.join(root, p), { recursive: true });
    }
    return root;
  }
  const pipeline = path.join(packageRoot, 'examples/promotion-baseline.pipeline.json');

  it('runs a template and scores with its model; without the image setting it would try to rebuild from absent sources', () => {
    const root = imageLayout();
    const work = mkdtempSync(path.join(os.tmpdir(), 'crispflow-image-work-'));
    const env = { PATH: process.env.PATH ?? '', HOME: work, NODE_ENV: 'production', CRISPFLOW_PREBUILT_CLI: '1', CRISPFLOW_AUDIT_KEY_FILE: path.join(work, 'audit.key') };
    const cli = (args: string[], e: NodeJS.ProcessEnv = env) => spawnSync(process.execPath, [path.join(root, 'bin/crispflow.mjs'), ...args], { cwd: work, encoding: 'utf8', env: e, timeout: 120_000 });
    expect(existsSync(path.join(root, 'node_modules'))).toBe(false);
    const run = cli(['run', pipeline, '--out', path.join(work, 'out')]);
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(work, 'out/summary.json'), 'utf8')) as { status: string; nodes: Record<string, { outputs: Record<string, { auc?: number }> }> };
    expect(summary.status).toBe('ok');
    expect(summary.nodes.evaluate.outputs.metrics.auc).toBeGreaterThan(0.6);
    const score = cli(['score', path.join(work, 'out/models/train-lr.model.json'), '--input', path.join(root, 'public/samples/promotion.csv'), '--out', path.join(work, 'scored.csv')]);
    expect(score.status, score.stderr).toBe(0);
    expect(readFileSync(path.join(work, 'scored.csv'), 'utf8').split('\r\n')[0]).toMatch(/,score,predicted$/);
    const { CRISPFLOW_PREBUILT_CLI: _, ...withoutSetting } = env;
    const stale = cli(['--help'], withoutSetting);
    expect(stale.status).toBe(5);
    expect(stale.stderr).toMatch(/is gone|esbuild/);
  }, 180_000);
});
