#!/usr/bin/env node
// Entry for `npx crispflow`: runs the CLI built ahead of time to JavaScript (dist-cli, scripts/build-cli.mjs),
// with no TypeScript loader. A missing bundle, or one older than any source file it was built from, is
// rebuilt first (a few hundred ms, once), so this command never runs stale code.
// The process only ever ends with a documented exit code (src/cli/exit-codes.ts): anything that escapes
// main() — or a run that stops without settling, which Node would end with its own code 13 — becomes 5.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyMemorySettings, wantsMemorySettings } from './memory-settings.mjs';

const INTERNAL_ERROR = 5;
const debug = process.env.CRISPFLOW_DEBUG === '1';
if (debug) process.setSourceMapsEnabled(true);
let settled = false;
// 'beforeExit' fires when nothing is left to wait for: with main() unsettled that is a bug, not success.
process.on('beforeExit', () => {
  if (settled) return;
  settled = true;
  console.error('crispflow: internal error: the command stopped before it finished (nothing was left to wait for). Please report this.');
  process.exitCode = INTERNAL_ERROR;
});

/** The current build's main.js, rebuilding first when it is missing or stale; null when building failed. */
async function currentBuild() {
  const { buildCli, distDir, formatBuildError, readManifest, staleReason } = await import('../scripts/build-cli.mjs');
  let manifest = readManifest();
  // The container image (Dockerfile) ships the bundle without the sources or esbuild: nothing to compare with.
  const prebuilt = process.env.CRISPFLOW_PREBUILT_CLI === '1' && manifest && existsSync(path.join(distDir, manifest.build, 'main.js'));
  const reason = prebuilt ? null : staleReason(manifest);
  if (reason !== null) {
    if (debug) console.error(`crispflow: rebuilding the CLI (${reason})`);
    try {
      manifest = await buildCli();
    } catch (e) {
      console.error(formatBuildError(e));
      console.error('Fix the error above (or run "npm run build:cli" to see it again); the CLI was not run.');
      return null;
    }
  }
  return pathToFileURL(path.join(distDir, manifest.build, 'main.js')).href;
}

try {
  const argv = process.argv.slice(2);
  // run / review apply: gc() exposed before any worker starts (bin/memory-settings.mjs).
  if (wantsMemorySettings(argv)) applyMemorySettings();
  const entry = await currentBuild();
  if (entry === null) process.exitCode = INTERNAL_ERROR;
  else {
    const { main } = await import(entry);
    process.exitCode = await main(argv);
  }
} catch (e) {
  console.error(`crispflow: internal error: ${e instanceof Error ? e.message : String(e)}`);
  if (debug && e instanceof Error) console.error(e.stack);
  else console.error('Run again with CRISPFLOW_DEBUG=1 for the stack trace, and please report it.');
  process.exitCode = INTERNAL_ERROR;
}
settled = true;
