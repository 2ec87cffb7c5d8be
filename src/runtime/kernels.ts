/**
 * Parallel kernels are declared by the node definitions that use them (`kernels` in the definition);
 * a registry collects them, and a worker finds a kernel through its registry. This module holds what
 * the runtime itself does with them: running tasks in this thread when no worker pool exists.
 */
import type { ParallelKernel } from '../core/node-definition.ts';

export type Kernel = ParallelKernel;

/** Finds a kernel by name (usually `registry.kernel`). */
export type KernelLookup = (name: string) => ParallelKernel | undefined;

export function unknownKernelError(name: string): Error {
  return new Error(`No parallel kernel named "${name}". Declare it in the "kernels" of the node definition that uses it.`);
}

/**
 * Runs `tasks` one after another in this thread (a bare context: unit tests, scripts, a host without
 * workers). `between` runs after each task so cancellation and the event loop are served.
 */
export async function runKernelTasksHere<R>(kernel: ParallelKernel, tasks: unknown[], shared: unknown, between: () => Promise<void>): Promise<R[]> {
  const run = kernel as (task: unknown, shared: unknown) => R | Promise<R>;
  const out: R[] = [];
  for (const t of tasks) {
    out.push(await run(t, shared));
    await between();
  }
  return out;
}
