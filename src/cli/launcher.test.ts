/**
 * bin/crispflow.mjs starts `run` and `review apply` in a child process with memory settings
 * (bin/memory-settings.mjs). The child must get them, signals must reach it once, and it must not outlive
 * the command that started it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplePipeline, repoRoot, tempDir } from './testing/run-cli.ts';

const bin = path.join(repoRoot, 'bin/crispflow.mjs');

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

/** The worker child of a launcher: its pid and environment, from /proc. */
function childOf(pid: number): { pid: number; env: string; args: string } | undefined {
  const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  if (kids.length === 0) return undefined;
  const k = kids[0];
  return { pid: k, env: readFileSync(`/proc/${k}/environ`, 'utf8'), args: readFileSync(`/proc/${k}/cmdline`, 'utf8').split('\0').join(' ') };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.runIf(process.platform === 'linux')('the run launcher', () => {
  it('runs `run` in a child with the memory settings, forwards Ctrl-C once (the run is cancelled cleanly)', async () => {
    const out = tempDir();
    const run = start(['run', examplePipeline('resume-screening'), '--out', out]);
    await until(() => /running/.test(run.stderr()));
    const kid = childOf(run.child.pid!);
    expect(kid).toBeDefined();
    expect(kid!.env).toContain('MALLOC_ARENA_MAX=2');
    expect(kid!.env).toContain('CRISPFLOW_MEMORY_SETTINGS=applied');
    expect(kid!.args).toContain('--max-semi-space-size=2');
    expect(kid!.args).toContain('--expose-gc');
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    // Cancelled: the nodes that had not finished are reported stopped, and the exit code is a documented one.
    expect(code).toBe(1);
    expect(run.stderr()).toMatch(/stopped|cancel/i);
    await until(() => !alive(kid!.pid), 10_000);
  });

  it('stops the child when the launcher is killed outright', async () => {
    const run = start(['run', examplePipeline('resume-screening'), '--out', tempDir()]);
    await until(() => /running/.test(run.stderr()));
    const kid = childOf(run.child.pid!);
    expect(kid).toBeDefined();
    run.child.kill('SIGKILL');
    await run.exited;
    await until(() => !alive(kid!.pid), 10_000);
  });

  it('runs light commands in one process', async () => {
    const v = start(['validate', examplePipeline('promotion-baseline')]);
    expect((await v.exited).code).toBe(0);
    expect(v.stderr()).toBe('');
  });
});
