/**
 * The runtime's public API, safe for every host. Pools: `createBrowserPool` from ./browser/browser-pool.ts
 * (Web Workers), `createNodePool` from ./node/node-pool.ts (worker_threads; Node only).
 */
export { createRunner } from './runner.ts';
export type { NodeProblem, NodeRunResult, NodeStatus, RunEvent, RunHandle, RunOptions, RunResult, Runner, RunnerOptions } from './runner.ts';
export { createPool, defaultPoolSize } from './pool.ts';
export type { PoolOptions, PoolStats, StepJob, StepOutcome, WorkerHandle, WorkerPool } from './pool.ts';
export { summarizeOutput } from './summarize.ts';
export type { Summary } from './summarize.ts';
export type { Kernel, KernelLookup } from './kernels.ts';
export { createNodeContext } from './node-context.ts';
