/** Test helpers: run the real `crispflow` command (bin/crispflow.mjs) as a user would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** An example pipeline file, e.g. examplePipeline('promotion-baseline'). */
export const examplePipeline = (name: string) => path.join(repoRoot, 'examples', `${name}.pipeline.json`);

/** Runs `crispflow <args>` from the repository root; its exit code and output. */
export function crispflow(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/crispflow.mjs'), ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary folder. */
export const tempDir = (prefix = 'crispflow-cli-') => mkdtempSync(path.join(os.tmpdir(), prefix));
