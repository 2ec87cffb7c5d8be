/**
 * Test helpers for the cluster exports (issue 16): the reference specifications in ../shared/reference
 * (skipped with a message where absent), and running exported step commands on this machine: `crispflow`
 * on PATH is a shim to this checkout's bin/crispflow.mjs, as it is the image's command in the container.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, type Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const REFERENCE_DIR = process.env.CRISPFLOW_SHARED_REFERENCE ?? path.resolve(repoRoot, '../shared/reference');

/** A describe block that runs only where the reference files exist, and says why otherwise. */
export function describeWithReference(name: string, files: string[], fn: () => void): void {
  const present = files.every((f) => existsSync(path.join(REFERENCE_DIR, f)));
  if (!present) console.warn(`[skipped] "${name}": needs ${files.join(', ')} in ${REFERENCE_DIR} (set CRISPFLOW_SHARED_REFERENCE to point at it).`);
  describe.skipIf(!present)(name, present ? fn : () => {});
}

export const tempDir = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

let shimDir: string | undefined;
/** A folder holding an executable `crispflow` that runs this checkout's command. */
function crispflowShim(): string {
  if (shimDir) return shimDir;
  shimDir = tempDir('crispflow-shim-');
  const file = path.join(shimDir, 'crispflow');
  writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${path.join(repoRoot, 'bin/crispflow.mjs')}" "$@"\n`);
  chmodSync(file, 0o755);
  return shimDir;
}

/** Runs an exported container command (command + args) here, with `crispflow` on PATH; fails the test on a non-zero exit. */
export function runStepCommand(argv: string[], what: string, cwd: string): void {
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, PATH: `${crispflowShim()}${path.delimiter}${process.env.PATH ?? ''}`, CRISPFLOW_AUDIT_KEY_FILE: path.join(cwd, 'audit.key') },
  });
  expect(r.status, `${what}: ${argv.join(' ').slice(0, 300)}\n${r.stderr}`).toBe(0);
}

interface RunSummary {
  pipeline: string;
  status: string;
  nodes: Record<string, { type: string; status: string; ms: number; outputs: Record<string, unknown>; log?: unknown }>;
}

/** summary.json without the timings (which differ between any two runs). */
export function comparableSummary(file: string): Omit<RunSummary, 'nodes'> & { nodes: Record<string, unknown> } {
  const s = JSON.parse(readFileSync(file, 'utf8')) as RunSummary;
  return { ...s, nodes: Object.fromEntries(Object.entries(s.nodes).map(([id, { ms: _ms, ...rest }]) => [id, rest])) };
}

/** The files a run left in its output folder (relative paths, sorted), without the audit log (steps write none). */
export function outputFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith('audit.') && !f.endsWith('.key'))
    .sort();
}

/** `crispflow run <pipeline> --out <dir>` in one process: the reference the steps must reproduce. */
export function wholeRun(pipeline: string): { summary: ReturnType<typeof comparableSummary>; files: string[] } {
  const out = tempDir('crispflow-whole-');
  runStepCommand(['crispflow', 'run', pipeline, '--out', out], 'crispflow run', out);
  return { summary: comparableSummary(path.join(out, 'summary.json')), files: outputFiles(out) };
}

/** `crispflow export …` here; returns the written file's text. */
export function exportPipeline(pipeline: string, target: 'argo' | 'kfp', extra: string[] = []): string {
  const dir = tempDir('crispflow-export-');
  const out = path.join(dir, `${target}.yaml`);
  runStepCommand(['crispflow', 'export', pipeline, '--target', target, '--out', out, ...extra], `export --target ${target}`, dir);
  return readFileSync(out, 'utf8');
}

/** A template pipeline with a schedule added (written to a temp folder). */
export function withSchedule(pipeline: string, schedule: { cron: string; timezone?: string }): string {
  const doc = JSON.parse(readFileSync(pipeline, 'utf8')) as { metadata: Record<string, unknown> };
  doc.metadata.schedule = schedule;
  const file = path.join(tempDir('crispflow-scheduled-'), path.basename(pipeline));
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** Steps in an order where each comes after those it depends on (Kahn's algorithm, ties by name). */
export function dependencyOrder(deps: Map<string, string[]>): string[] {
  const order: string[] = [];
  const left = new Map([...deps].map(([k, v]) => [k, new Set(v)]));
  while (left.size > 0) {
    const ready = [...left].filter(([, d]) => [...d].every((x) => order.includes(x))).map(([k]) => k).sort();
    if (ready.length === 0) throw new Error(`Cycle among steps ${[...left.keys()].join(', ')}`);
    for (const k of ready) {
      order.push(k);
      left.delete(k);
    }
  }
  return order;
}
