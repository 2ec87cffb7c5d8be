/**
 * Finds a Chromium for Playwright, in order: Playwright's own browser, Debian's /usr/bin/chromium,
 * `npx playwright install chromium`, and (as root with apt) `apt-get install chromium`.
 * Run directly it prints the path, or explains what to do and exits 1.
 */
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function playwrightOwn() {
  try {
    const p = require('playwright-core').chromium.executablePath();
    return p && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}
const systemPaths = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const system = () => systemPaths.find((p) => existsSync(p)) ?? null;

export function findChromium({ install = true } = {}) {
  const found = playwrightOwn() ?? system();
  if (found || !install) return found;
  console.error('No Chromium found; trying `npx playwright install chromium`…');
  const r = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit', timeout: 300_000 });
  if (r.status === 0 && playwrightOwn()) return playwrightOwn();
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.error('Playwright could not download its browser; installing Debian chromium with apt-get…');
    try {
      execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
        stdio: 'inherit',
        timeout: 900_000,
      });
    } catch {
      /* reported by the caller */
    }
  }
  return system();
}

export const NO_BROWSER_HELP =
  'No Chromium is available for the browser tests. Install one: `npx playwright install chromium`, ' +
  'or on Debian/Ubuntu `sudo apt-get install chromium`; then run the tests again.';

if (import.meta.url === `file://${process.argv[1]}`) {
  const p = findChromium();
  if (!p) {
    console.error(NO_BROWSER_HELP);
    process.exit(1);
  }
  console.log(p);
}
