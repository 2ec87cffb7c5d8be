#!/usr/bin/env node
/**
 * `npm start`'s first step: builds the designer (vite build → dist/) when dist/index.html is missing or
 * older than any file the app is built from, so a fresh clone, or a pull, starts the studio on current
 * code, and an unchanged checkout starts at once. Plain JavaScript: runs before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const INPUT_FOLDERS = ['src', 'nodes', 'public'];
const INPUT_FILES = ['index.html', 'vite.config.ts', 'package.json', 'package-lock.json', 'scripts/vite-node-packages.ts'];

function newestIn(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestIn(p));
    else if (e.isFile()) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

export function appBuildStaleReason() {
  const built = mtime(path.join(root, 'dist', 'index.html'));
  if (built === 0) return 'the designer has not been built yet';
  const newest = Math.max(...INPUT_FOLDERS.map((d) => newestIn(path.join(root, d))), ...INPUT_FILES.map((f) => mtime(path.join(root, f))));
  return newest > built ? 'the source changed since the last build' : null;
}

if (import.meta.url === `file://${process.argv[1]}` || fileURLToPath(import.meta.url) === path.resolve(process.argv[1] ?? '')) {
  const reason = appBuildStaleReason();
  if (reason === null) {
    console.log('The designer build in dist/ is up to date.');
  } else {
    console.log(`Building the designer (${reason})…`);
    const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    const r = spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error('Building the designer failed (see above); the studio was not started.');
      process.exit(r.status ?? 1);
    }
  }
}
