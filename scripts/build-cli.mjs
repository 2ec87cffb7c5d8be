#!/usr/bin/env node
/**
 * Builds the `crispflow` command to plain JavaScript ahead of time (esbuild), so no TypeScript loader
 * runs at start-up. `npm run build:cli`, also run by `prepare` (npm install / npm ci) and, when the source
 * is newer than the bundle, by bin/crispflow.mjs itself.
 *
 * Layout: dist-cli/b-<content hash>/{main,worker-entry,score-worker,chunk-*}.js and dist-cli/current.json
 * naming the build in use, when it started and which source files went into it. A build is written to a
 * temporary folder and renamed into place, and current.json is replaced atomically, so CLI processes started
 * while another rebuilds never read half-written files. The build folder sits two levels below the package
 * root, as src/cli/*.ts does, so paths that modules resolve relative to themselves (public/samples) hold in
 * both. npm packages stay external (loaded from node_modules at run time; TF.js only when a node needs it).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = path.join(packageRoot, 'dist-cli');
export const manifestPath = path.join(distDir, 'current.json');

/** Bundle entries: the command, and every worker_threads entry (named as their source files, see worker-script.ts). */
const ENTRIES = {
  main: 'src/cli/main.ts',
  'worker-entry': 'src/runtime/node/worker-entry.ts',
  'score-worker': 'src/cli/serve/score-worker.ts',
};

const EXTERNAL = ['@tensorflow/*'];

/** CommonJS packages in the ESM bundle call require() for Node's own modules: give them one. */
const REQUIRE_SHIM = "import { createRequire as __cfCreateRequire } from 'node:module'; const require = __cfCreateRequire(import.meta.url);";

/**
 * zod's namespace (`import { z } from 'zod'`) holds `locales`: the error messages in ~50 languages, 360 KB
 * of the 800 KB zod chunk that every `run` compiles before its first step (~10 ms). Crispflow only uses
 * the English messages zod sets by default (`z.config(z.locales.…)` is never called), so the bundle's
 * locales index holds English alone (`z.locales.en`). Importing another locale by name fails the build.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export { default as en } from "./en.js";\n', loader: 'js' }));
  },
};

/** Files besides the bundled sources whose change makes a build stale. */
const BUILD_INPUTS = ['scripts/build-cli.mjs', 'package.json'];

/** Old builds are kept for a day: a long-running `serve` may still start workers from its own folder. */
const KEEP_OLD_BUILDS_MS = 24 * 3600_000;

/** Builds the CLI; returns the manifest written to dist-cli/current.json. Throws with esbuild's messages on error. */
export async function buildCli() {
  const esbuild = await import('esbuild');
  const startedAt = Date.now();
  const entryPoints = Object.fromEntries(
    Object.entries(ENTRIES).filter(([, file]) => existsSync(path.join(packageRoot, file))),
  );
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: packageRoot,
      entryPoints,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // npm packages are bundled too (one file loads faster than a package's many modules: zod alone took
      // ~60 ms to import), except TF.js, which only the neural nodes load, on demand, with its wasm files.
      external: EXTERNAL,
      banner: { js: REQUIRE_SHIM },
      outdir: path.join(distDir, 'pending'),
      chunkNames: 'chunk-[hash]',
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      write: false,
      logLevel: 'silent',
      plugins: [zodEnglishOnly],
    });
  } finally {
    // esbuild's service process would otherwise outlive the build (bin/crispflow.mjs rebuilds, then runs).
    await esbuild.stop();
  }
  const hash = createHash('sha256');
  const files = [...result.outputFiles].sort((a, b) => a.path.localeCompare(b.path));
  for (const f of files) hash.update(path.basename(f.path)).update(f.contents);
  const name = `b-${hash.digest('hex').slice(0, 16)}`;
  const target = path.join(distDir, name);
  if (!existsSync(path.join(target, 'main.js'))) {
    const temp = path.join(distDir, `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
    mkdirSync(temp, { recursive: true });
    for (const f of files) writeFileSync(path.join(temp, path.basename(f.path)), f.contents);
    try {
      renameSync(temp, target);
    } catch (e) {
      // Another process renamed the same content into place first: theirs is identical, ours goes.
      rmSync(temp, { recursive: true, force: true });
      if (!existsSync(path.join(target, 'main.js'))) throw e;
    }
  }
  const inputs = [...Object.keys(result.metafile.inputs), ...BUILD_INPUTS].sort();
  const manifest = { build: name, startedAt, inputs };
  const tempManifest = `${manifestPath}.${process.pid}.tmp`;
  writeFileSync(tempManifest, `${JSON.stringify(manifest, null, 1)}\n`);
  renameSync(tempManifest, manifestPath);
  removeOldBuilds(name);
  return manifest;
}

function removeOldBuilds(current) {
  for (const entry of readdirSync(distDir)) {
    if (entry === current || !(entry.startsWith('b-') || entry.startsWith('.tmp-'))) continue;
    const full = path.join(distDir, entry);
    try {
      if (Date.now() - statSync(full).mtimeMs > KEEP_OLD_BUILDS_MS) rmSync(full, { recursive: true, force: true });
    } catch {
      // Removed by a concurrent build: nothing to do.
    }
  }
}

/**
 * Why the build in dist-cli cannot be used as it is (missing, or a source newer than it), or null when it
 * is current. Only stats the files the build read, so it costs a few milliseconds at start-up.
 */
export function staleReason(manifest) {
  if (!manifest) return 'dist-cli/current.json is missing';
  if (!existsSync(path.join(distDir, manifest.build, 'main.js'))) return `dist-cli/${manifest.build} is missing`;
  for (const input of manifest.inputs) {
    let mtime;
    try {
      mtime = statSync(path.join(packageRoot, input)).mtimeMs;
    } catch {
      return `${input} is gone`;
    }
    if (mtime >= manifest.startedAt) return `${input} changed after the build`;
  }
  for (const file of Object.values(ENTRIES)) {
    if (!manifest.inputs.includes(file) && existsSync(path.join(packageRoot, file))) return `${file} is new`;
  }
  return null;
}

/** The manifest of the current build, or null. */
export function readManifest() {
  try {
    return JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    return null;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const t0 = performance.now();
    const m = await buildCli();
    console.log(`crispflow CLI built: dist-cli/${m.build} (${m.inputs.length} source files, ${Math.round(performance.now() - t0)} ms)`);
  } catch (e) {
    console.error(formatBuildError(e));
    process.exitCode = 1;
  }
}

/** esbuild's errors as "file:line:col: message" lines. */
export function formatBuildError(e) {
  if (Array.isArray(e?.errors) && e.errors.length > 0) {
    return [
      'Building the crispflow CLI failed:',
      ...e.errors.map((m) => `  ${m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : ''}${m.text}`),
    ].join('\n');
  }
  return `Building the crispflow CLI failed: ${e instanceof Error ? e.message : String(e)}`;
}
