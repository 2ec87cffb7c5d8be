/** Starts the real `crispflow studio` for a browser test and stops it again: one helper for every studio spec. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** Starts the studio on a free port for `workspace`; resolves with the tokenised address it prints. */
export async function startStudio(workspace: string, auditKeyFile: string): Promise<{ studio: ChildProcess; url: string }> {
  const studio = spawn(process.execPath, [path.join(root, 'bin/crispflow.mjs'), 'studio', '--workspace', workspace, '--port', '0'], {
    cwd: root,
    env: { ...process.env, CRISPFLOW_AUDIT_KEY_FILE: auditKeyFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`The studio did not print its address in 60 s:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    studio.stdout!.on('data', onData);
    studio.stderr!.on('data', onData);
    studio.once('exit', (code) => reject(new Error(`The studio exited with ${code}:\n${out}`)));
  });
  return { studio, url };
}

/** Stops a studio started by startStudio (SIGTERM) and waits until it has exited. */
export async function stopStudio(studio: ChildProcess | undefined): Promise<void> {
  if (!studio || studio.exitCode !== null) return;
  const exited = new Promise((resolve) => studio.once('exit', resolve));
  studio.kill('SIGTERM');
  await exited;
}
