/**
 * The comlink protocol between the pool (host thread) and its workers. Same messages for Web Workers
 * and worker_threads. All port values travel packed (src/core/table/transfer.ts), never as JSON.
 */
import type { DatasetBytes, DatasetRef } from '../core/node-definition.ts';
import type { PlanStep } from '../core/plan.ts';

export interface StepRequest {
  /** Unique per execution, so `cancel` reaches the right one. */
  runId: string;
  step: PlanStep;
  /** Packed `Record<inputPort, value>`. */
  inputs: unknown;
  pipelineSeed: number;
  /** Human-review decisions for a suspending step (see RunOptions.decisions). */
  decisions?: unknown;
}

export interface FailureDetails {
  row?: number;
  column?: string;
  field?: string;
}

export interface StepFailure {
  /**
   * node: a NodeError or other error thrown by run(); abort: stopped; crash: the worker died; internal:
   * runtime bug/setup; suspend: not a failure, the node called ctx.suspend and waits for review.
   */
  kind: 'node' | 'abort' | 'crash' | 'internal' | 'suspend';
  /** suspend: the review request (plain JSON). */
  request?: unknown;
  /** True when the node threw a NodeError (its message is meant for the user as is). */
  userFacing?: boolean;
  message: string;
  details?: FailureDetails;
  stack?: string;
  /** The node wrote into a shared input table: values the host holds (its cache) may be damaged. */
  sharedInputChanged?: boolean;
}

export type StepReply = { ok: true; outputs: unknown } | { ok: false; failure: StepFailure };

/** What a worker can ask of the host while a step runs (exposed to the worker as a comlink proxy). */
export interface HostCallbacks {
  progress(fraction: number, note?: string): void;
  log(message: string, level: 'info' | 'warn'): void;
  readDataset(ref: DatasetRef): Promise<DatasetBytes>;
  /** A workspace secret the step's node declared (refused otherwise). */
  readSecret(name: string): Promise<Uint8Array>;
  /** Packed tasks (one packed message per task) and packed shared data → packed results, in task order. */
  parallel(kernel: string, tasks: unknown[], shared?: unknown): Promise<unknown[]>;
}

/** A parallel job's shared data as sent to a worker: the value only with the worker's first task. */
export interface SharedPayload {
  id: string;
  value?: unknown;
}

export interface WorkerApi {
  /** Resolves once the worker has built its registry. */
  ping(): Promise<'ready'>;
  runStep(request: StepRequest, callbacks: HostCallbacks): Promise<StepReply>;
  cancel(runId: string): void;
  /**
   * Runs one kernel task (packed) and returns its packed result. `shared` names the job's shared data
   * and carries it (packed) the first time this worker gets a task of the job; the worker keeps it
   * until `releaseShared`.
   */
  runKernel(kernel: string, task: unknown, shared?: SharedPayload): Promise<{ result: unknown }>;
  /** Forgets a job's shared data. */
  releaseShared(id: string): void;
}

/** What the Node worker receives as workerData. */
export interface NodeWorkerData {
  /**
   * file: URLs or paths of modules exporting `nodes` (definitions) and/or `kernels` (tests, plugins).
   * TypeScript modules load only when running from source (tsx); the built CLI needs JavaScript.
   */
  extraNodeModules: string[];
}
