/**
 * bin/crispflow.mjs runs every command in its own process; `run` and `review apply` get the memory
 * settings (bin/memory-settings.mjs: gc() exposed to the main thread and to the workers). Signals reach
 * the run directly: Ctrl-C cancels it cleanly.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplePipeline, repoRoot, tempDir } from './testing/run-cli.ts';

const bin = path.join(repoRoot, 'bin/crispflow.mjs');
const settings = path.join(repoRoot, 'bin/memory-settings.mjs');

function start(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, stderr: () => stderr };
}

async function until(check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.runIf(process.platform === 'linux')('the run launcher', () => {
  it('runs `run` in its own process (no child), and Ctrl-C cancels the run cleanly', async () => {
    const out = tempDir();
    const run = start(['run', examplePipeline('resume-screening'), '--out', out]);
    await until(() => /running/.test(run.stderr()));
    // Worker threads are threads of the process: a child process would be a relaunch.
    const kids = readFileSync(`/proc/${run.child.pid}/task/${run.child.pid}/children`, 'utf8').trim();
    expect(kids).toBe('');
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    // Cancelled: the nodes that had not finished are reported stopped, and the exit code is a documented one.
    expect(code).toBe(1);
    expect(run.stderr()).toMatch(/stopped|cancel/i);
  });

  it('runs light commands in one process', async () => {
    const v = start(['validate', examplePipeline('promotion-baseline')]);
    expect((await v.exited).code).toBe(0);
    expect(v.stderr()).toBe('');
  });
});

/** Runs a module in a fresh Node process (optionally with flags and environment); its stdout lines. */
function nodeLines(code: string, flags: string[] = [], env: NodeJS.ProcessEnv = process.env): string[] {
  const file = path.join(tempDir(), 'probe.mjs');
  writeFileSync(file, code);
  const r = spawnSync(process.execPath, [...flags, file], { encoding: 'utf8', env });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.trim().split('\n');
}

// The main thread's gc() and a worker's, and whether each one frees a dropped 64 MB buffer.
const PROBE = `
import { Worker } from 'node:worker_threads';
import { applyMemorySettings, wantsMemorySettings } from ${JSON.stringify(settings)};
if (wantsMemorySettings(['run', 'p.json'])) applyMemorySettings();
// V8 may sweep freed array buffers on a background thread (late on a loaded machine): poll for up to 3 s.
const freesBuffer = async () => {
  if (typeof globalThis.gc !== 'function') return 'no gc';
  let b = new ArrayBuffer(64 * 2 ** 20);
  const before = process.memoryUsage().arrayBuffers;
  b = null;
  for (let i = 0; i < 60; i++) {
    globalThis.gc();
    if (before - process.memoryUsage().arrayBuffers >= 64 * 2 ** 20) return 'frees';
    await new Promise((r) => setTimeout(r, 50));
  }
  return 'keeps';
};
console.log('main ' + (await freesBuffer()));
const w = new Worker('require("node:worker_threads").parentPort.postMessage(typeof gc === "function" ? "gc" : "no gc");', { eval: true });
w.once('message', (m) => { console.log('worker ' + m); w.terminate(); });
`;

describe('memory settings (bin/memory-settings.mjs)', () => {
  it('are wanted by run and review apply only', async () => {
    const { wantsMemorySettings } = (await import(settings)) as { wantsMemorySettings: (argv: string[]) => boolean };
    expect(wantsMemorySettings(['run', 'p.json'])).toBe(true);
    expect(wantsMemorySettings(['--workers', '2', 'review', 'apply', 'out', 'd.csv'])).toBe(true);
    expect(wantsMemorySettings(['validate', 'p.json'])).toBe(false);
    expect(wantsMemorySettings(['serve', 'p.json'])).toBe(false);
  });

  it('expose a working gc() to the main thread and to workers started afterwards', () => {
    expect(nodeLines(PROBE)).toEqual(['main frees', 'worker gc']);
  });

  it('are left out with CRISPFLOW_MEMORY_SETTINGS=off', () => {
    expect(nodeLines(PROBE, [], { ...process.env, CRISPFLOW_MEMORY_SETTINGS: 'off' })).toEqual(['main no gc', 'worker no gc']);
  });

  it("keep the user's own --expose-gc", () => {
    expect(nodeLines(PROBE, ['--expose-gc'])).toEqual(['main frees', 'worker gc']);
  });
});
