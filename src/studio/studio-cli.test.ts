/** `crispflow studio` as a user runs it (the real command): usage errors, the printed address, a clean stop. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crispflow, repoRoot, tempDir, testAuditKeyFile } from '../cli/testing/run-cli.ts';

describe('crispflow studio', () => {
  it('refuses a bad --port or --host with exit 2 and a sentence saying what to use', () => {
    const port = crispflow(['studio', '--port', '70000', '--workspace', tempDir()]);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port must be a whole number between 0 and 65535/);
    const host = crispflow(['studio', '--host', 'bad host', '--workspace', tempDir()]);
    expect(host.code).toBe(2);
    expect(host.stderr).toMatch(/is not a host name or IP address/);
  });

  it('prints the address with the token, answers on it, and stops cleanly (exit 0) on SIGTERM', async () => {
    const workspace = path.join(tempDir(), 'people-analytics');
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/crispflow.mjs'), 'studio', '--workspace', workspace, '--port', '0'], {
      cwd: repoRoot,
      env: { ...process.env, CRISPFLOW_AUDIT_KEY_FILE: testAuditKeyFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}/.exec(out);
        if (m) resolve(m[0]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    expect(out).toContain(`workspace ${workspace}`);
    const u = new URL(url);
    const health = await fetch(`${u.origin}/api/health`, { headers: { Authorization: `Bearer ${u.searchParams.get('token')}` } });
    expect(await health.json()).toMatchObject({ mode: 'studio', workspace: 'people-analytics' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
