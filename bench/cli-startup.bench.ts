/**
 * Start-up of the CLI (issue 12 item 9): `crispflow validate` on the promotion baseline, as a whole process,
 * median of 10 runs after a warm-up. Target 0.3 s. The CLI runs the bundle built ahead of time (dist-cli,
 * built first by `npm run bench`). Wall time depends on the machine's load, which the notes give.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench } from './harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = [path.join(root, 'bin', 'crispflow.mjs'), 'validate', path.join(root, 'examples', 'promotion-baseline.pipeline.json')];

function onceMs(): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`crispflow validate failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
  return ms;
}

const bench: Bench = async (record) => {
  onceMs(); // warm-up: builds the bundle if it is stale, warms the file cache
  const runs = Array.from({ length: 10 }, onceMs).sort((a, b) => a - b);
  record({
    name: 'CLI start-up: crispflow validate (promotion baseline), whole process',
    ms: runs[Math.floor(runs.length / 2)],
    targetMs: 300,
    notes: `built bundle, no TypeScript loader; load average ${os.loadavg()[0].toFixed(1)}`,
    extra: { fastestMs: Math.round(runs[0]), slowestMs: Math.round(runs[runs.length - 1]) },
  });
};

export default bench;
