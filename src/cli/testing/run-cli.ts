/** Test helpers: run the real `crispflow` command (bin/crispflow.mjs) as a user would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** An example pipeline file, e.g. examplePipeline('promotion-baseline'). */
export const examplePipeline = (name: string) => path.join(repoRoot, 'examples', `${name}.pipeline.json`);

/** The audit key the tests' runs use (created by the first run), never the user's ~/.config/crispflow/audit.key. */
export const testAuditKeyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'crispflow-key-')), 'audit.key');

/** Runs `crispflow <args>` from the repository root; its exit code and output. */
export function crispflow(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/crispflow.mjs'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, CRISPFLOW_AUDIT_KEY_FILE: testAuditKeyFile, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary folder. */
export const tempDir = (prefix = 'crispflow-cli-') => mkdtempSync(path.join(os.tmpdir(), prefix));
