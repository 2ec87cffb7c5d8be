/**
 * Starts a worker_threads worker from a TypeScript entry, the same call from source and from the CLI bundle:
 *   newNodeWorker(new URL('./my-worker.ts', import.meta.url), options)
 * From source (vitest, tsx) the entry is a .ts file: a small bootstrap registers tsx in the worker and
 * imports it. In the bundle (scripts/build-cli.mjs) every worker entry is built, under its source file's
 * name, into the same folder as the code that starts it, so the .ts URL maps to that .js file and runs
 * directly. A new worker entry must be listed in build-cli.mjs's ENTRIES.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The script a worker for `entry` runs, and the argv that tells the bootstrap what to import. */
export function workerScriptFor(entry: URL): { script: URL; argv: string[] } {
  if (entry.protocol === 'file:' && entry.pathname.endsWith('.ts')) {
    if (existsSync(fileURLToPath(entry))) return { script: new URL('./worker-bootstrap.mjs', import.meta.url), argv: [entry.href] };
    const built = new URL(entry.href.replace(/\.ts$/, '.js'));
    if (existsSync(fileURLToPath(built))) return { script: built, argv: [] };
    throw new Error(
      `The worker entry ${fileURLToPath(entry)} exists neither as source nor as a built file (${fileURLToPath(built)}). ` +
        'If it is new, add it to ENTRIES in scripts/build-cli.mjs.',
    );
  }
  return { script: entry, argv: [] };
}

/**
 * The profiler flags (--cpu-prof, --heap-prof and their options) of this process: the workers get them too,
 * so `node --cpu-prof bin/crispflow.mjs run …` writes one profile per thread.
 */
export const profilerFlags = (execArgv: readonly string[]): string[] => execArgv.filter((f) => /^--(cpu|heap)-prof/.test(f));

/** A worker running `entry` (see above); inherited flags (vitest's, --import tsx) are not passed on, profiler flags are. */
export function newNodeWorker(entry: URL, options: WorkerOptions = {}): Worker {
  const { script, argv } = workerScriptFor(entry);
  return new Worker(script, { execArgv: profilerFlags(process.execArgv), ...options, argv: [...argv, ...(options.argv ?? [])] });
}
