/** The worker pool's public types: what a host supplies (a way to spawn workers) and what callers get. */
import type * as Comlink from 'comlink';
import type { DatasetBytes, DatasetRef } from '../../core/node-definition.ts';
import type { PlanStep } from '../../core/plan.ts';
import type { StepFailure, WorkerApi } from '../protocol.ts';

export interface WorkerHandle {
  api: Comlink.Remote<WorkerApi>;
  /** Registers the callback for an unexpected death (crash, out of memory, exit); called at most once. */
  onDeath(cb: (reason: string) => void): void;
  terminate(): void;
  /** Hint: busy workers keep a Node process alive, idle ones do not (so a CLI can exit when done). */
  setBusy?(busy: boolean): void;
}

export type SpawnWorker = () => WorkerHandle;

export interface PoolOptions {
  /** Number of workers (at least 1). */
  size?: number;
  /** After a cancel, how long a step may take to stop by itself before its worker is terminated. */
  cancelGraceMs?: number;
  /** Workers that die before ever becoming ready, in a row, before the pool gives up. */
  maxStartupFailures?: number;
}

export interface StepJob {
  step: PlanStep;
  /** Input port → value (the worker receives a copy; the pool lets go of these once it has packed them). */
  inputs: Record<string, unknown>;
  pipelineSeed: number;
  /** Waiting steps start highest priority first (ties first come, first served); default 0. */
  priority?: number;
  signal?: AbortSignal;
  /** The step left the queue and started on a worker. */
  onStart?(): void;
  onProgress?(fraction: number, note?: string): void;
  onLog?(message: string, level: 'info' | 'warn'): void;
  readDataset?(ref: DatasetRef): Promise<DatasetBytes>;
  /** Workspace secrets the step declared (see src/runtime/secrets.ts). */
  readSecret?(name: string): Promise<Uint8Array>;
  /** Human-review decisions handed to a suspending step's ctx. */
  decisions?: unknown;
}

export type StepOutcome = { ok: true; outputs: Record<string, unknown> } | { ok: false; failure: StepFailure };

export interface PoolStats {
  size: number;
  busy: number;
  queued: number;
  /** Workers started in total (initial + replacements). */
  spawned: number;
  /** Workers replaced after a crash or a forced stop. */
  replaced: number;
  completed: number;
}

export interface WorkerPool {
  readonly size: number;
  runStep(job: StepJob): Promise<StepOutcome>;
  stats(): PoolStats;
  /** Resolves once every worker has started (useful before timing things). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** What a step that was stopped (by its caller, or while it waited) resolves with. */
export const ABORTED: StepOutcome = { ok: false, failure: { kind: 'abort', message: 'Stopped by the user.' } };
