/** Shared by the browser benches: the real `crispflow studio` command as a child process, and a Chromium to open it. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Spawns `crispflow studio` on a free port; `url` resolves to the address it prints (with the token). */
export function spawnStudio(workspace: string, auditKeyFile: string): { child: ChildProcess; url: Promise<string>; stop: () => Promise<void> } {
  const child = spawn(process.execPath, [path.join(root, 'bin/crispflow.mjs'), 'studio', '--workspace', workspace, '--port', '0'], {
    cwd: root,
    env: { ...process.env, CRISPFLOW_AUDIT_KEY_FILE: auditKeyFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`crispflow studio exited with ${code}: ${out}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return { child, url, stop };
}

/** The Chromium the test command uses, or undefined (with a line saying the bench is skipped). */
export async function benchChromium(benchName: string): Promise<string | undefined> {
  const { findChromium } = (await import('../scripts/find-chromium.mjs' as string)) as { findChromium(o?: { install?: boolean }): string | null };
  const executablePath = findChromium({ install: false });
  if (!executablePath) process.stderr.write(`  ${benchName}: skipped (no Chromium found; see scripts/find-chromium.mjs)\n`);
  return executablePath ?? undefined;
}
