/** Builds the app and runs the Playwright suite against `vite preview`, with a Chromium found by find-chromium. */
import { spawnSync } from 'node:child_process';
import { findChromium, NO_BROWSER_HELP } from './find-chromium.mjs';

const chromium = findChromium();
if (!chromium) {
  console.error(NO_BROWSER_HELP);
  process.exit(1);
}
const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const r = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CRISPFLOW_CHROMIUM: chromium },
});
process.exit(r.status ?? 1);
