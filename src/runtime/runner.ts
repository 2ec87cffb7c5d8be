/**
 * The runner: pipeline document → compile (with dataset fingerprints) → schedule ready steps on the
 * pool in parallel, with per-node events, an in-memory result cache keyed by each step's cache key,
 * skipping of descendants of a failed node, and cancellation.
 *
 * Outputs stay on this thread (the cache keeps them); workers receive copies of their inputs.
 *
 * Human review: a step whose node calls `ctx.suspend(request)` ends with status 'waiting' (its request
 * in `RunResult.waiting`); its descendants stay 'pending' (not skipped) and the run's status is
 * 'waiting'. Running again with `decisions[nodeId]` hands the decisions to that node's ctx; they enter
 * its cache key and, through it, the keys of everything downstream.
 */
import { compile, datasetKey } from '../core/compiler.ts';
import { pipelineDatasetRefs } from '../core/dataset-refs.ts';
import { problem, type Problem } from '../core/errors.ts';
import type { DatasetProvider, SchemaEnv, SecretStore } from '../core/node-definition.ts';
import { hashValue } from '../core/hash.ts';
import type { Plan, PlanStep } from '../core/plan.ts';
import type { NodeRegistry } from '../core/registry.ts';
import type { TableSchema } from '../core/table/table.ts';
import { estimateBytes } from '../core/table/value-bytes.ts';
import type { StepOutcome, WorkerPool } from './pool.ts';
import type { FailureDetails, StepFailure } from './protocol.ts';
import { collectGarbageSoon } from './collect-garbage.ts';
import { createResultCache } from './result-cache.ts';
import { stepSecretReader, withSecretKeys } from './secrets.ts';

/** waiting: a review node stopped for people; pending: downstream of a waiting node, not run yet. */
export type NodeStatus = 'queued' | 'running' | 'ok' | 'cached' | 'error' | 'skipped' | 'waiting' | 'pending';

/** A node's failure: the Problem plus the row/column/field a NodeError named. */
export interface NodeProblem extends Problem {
  details?: FailureDetails;
}

export interface RunEvent {
  nodeId: string;
  status: NodeStatus;
  /** running: 0..1. */
  progress?: number;
  /** running: a short note from the node (e.g. "epoch 3/10"). */
  note?: string;
  /** ok/error: execution time on the worker side of the host; cached/skipped: 0. */
  ms?: number;
  error?: NodeProblem;
}

export interface NodeRunResult {
  nodeId: string;
  type: string;
  status: Exclude<NodeStatus, 'queued' | 'running'>;
  ms: number;
  error?: NodeProblem;
}

export interface RunResult {
  /** invalid: the pipeline did not compile (see problems); nothing ran. waiting: a review node waits for decisions. */
  status: 'ok' | 'error' | 'cancelled' | 'invalid' | 'waiting';
  /** Compile problems (errors when invalid; otherwise warnings). */
  problems: Problem[];
  nodes: Record<string, NodeRunResult>;
  /** nodeId → output port → value (for ok and cached nodes; with `keepOutput`, only the kept ones). */
  outputs: Record<string, Record<string, unknown>>;
  /** nodeId → review request of each waiting node (what people must decide). */
  waiting: Record<string, unknown>;
  plan?: Plan;
  ms: number;
}

export interface RunOptions {
  /** "Run to here": only these nodes and their ancestors. */
  targets?: string[];
  onEvent?(event: RunEvent): void;
  onLog?(nodeId: string, message: string, level: 'info' | 'warn'): void;
  /** Dataset schemas for compile-time column checks; by default asked from the DatasetProvider. */
  env?: SchemaEnv;
  /** Human-review decisions by node id, for nodes with the `suspends` capability (resuming a waiting run). */
  decisions?: Record<string, unknown>;
  /** Workspace secrets (keys) for nodes that declare them in `capabilities.secrets`; never stored in the run. */
  secrets?: SecretStore;
  /** A node's outputs as they arrive (ok or cached), e.g. to summarise them before they are dropped. */
  onOutputs?(nodeId: string, outputs: Record<string, unknown>): void;
  /**
   * Which outputs the caller wants in `RunResult.outputs`. When given, every other output is dropped as
   * soon as each step reading it has been handed its inputs, and nothing of this run enters the cache:
   * a headless run then holds only the intermediate tables still to be consumed instead of all of them.
   */
  keepOutput?(nodeId: string, port: string): boolean;
}

export interface RunHandle {
  done: Promise<RunResult>;
  cancel(): void;
}

export interface RunnerOptions {
  registry: NodeRegistry;
  pool: WorkerPool;
  datasets?: DatasetProvider;
  /** Results kept for reuse (least recently used dropped first). */
  maxCacheEntries?: number;
  /**
   * Memory budget in bytes (estimated, see src/core/table/value-bytes.ts), default no limit. The cache
   * drops its least recently used results beyond it; and while a run's own results (the tables still
   * waiting for the steps that read them, and the outputs kept) are over it, steps run one at a time
   * instead of side by side, so their working memory does not pile up.
   */
  memoryBudgetBytes?: number;
}

export interface Runner {
  run(doc: unknown, options?: RunOptions): RunHandle;
  clearCache(): void;
  /** Number of cached results. */
  cacheSize(): number;
  /** Estimated bytes the cached results hold. */
  cacheBytes(): number;
  memoryBudget(): number;
  /** Changes the budget; cached results beyond it are dropped at once. */
  setMemoryBudget(bytes: number): void;
}


function failureProblem(nodeId: string, f: StepFailure): NodeProblem {
  if (f.kind === 'abort') return problem('CF022', undefined, { nodeId });
  if (f.kind === 'crash') return problem('CF021', { detail: f.message }, { nodeId });
  if (f.userFacing) {
    // A NodeError's sentence is written for the user: shown as is.
    const p: NodeProblem = { code: 'CF020', message: f.message, nodeId, severity: 'error' };
    if (f.details?.field) p.field = f.details.field;
    if (f.details && Object.keys(f.details).length > 0) p.details = f.details;
    return p;
  }
  return problem('CF020', { detail: f.message }, { nodeId });
}

/**
 * Cache keys with review decisions folded in: a suspending step's key includes its decisions, and a
 * step whose inputs' keys changed gets a key derived from the new ones (the compiler's keys chain
 * the same way, but it does not know the decisions).
 */
export function withDecisionKeys(plan: Plan, decisions: Record<string, unknown> | undefined): Plan {
  const changed = new Map<string, string>();
  const steps = plan.steps.map((step) => {
    const parts: unknown[] = [];
    if (step.capabilities?.suspends) parts.push(['decisions', decisions?.[step.nodeId] ?? null]);
    for (const [port, ref] of Object.entries(step.inputs).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const k = changed.get(ref.node);
      if (k) parts.push([port, k]);
    }
    if (parts.length === 0) return step;
    const cacheKey = hashValue([step.cacheKey, parts]);
    changed.set(step.nodeId, cacheKey);
    return { ...step, cacheKey };
  });
  return changed.size === 0 ? plan : { ...plan, steps };
}

/**
 * Drops outputs nobody keeps once every step that reads them has taken its inputs (or will never run):
 * counts the readers of each (node, port) and forgets the value when the count reaches zero. A dropped
 * value's memory is collected soon (collectGarbageSoon: only with --expose-gc, and when enough is dropped).
 */
function outputReleaser(steps: PlanStep[], outputs: Record<string, Record<string, unknown>>, keep: (nodeId: string, port: string) => boolean) {
  const readers = new Map<string, Map<string, number>>();
  for (const s of steps) {
    for (const ref of Object.values(s.inputs)) {
      const ports = readers.get(ref.node) ?? new Map<string, number>();
      ports.set(ref.port, (ports.get(ref.port) ?? 0) + 1);
      readers.set(ref.node, ports);
    }
  }
  const done = new Set<string>();
  const drop = (nodeId: string, port: string) => {
    const values = outputs[nodeId];
    if (!values || !(port in values) || keep(nodeId, port)) return;
    const bytes = estimateBytes(values[port]);
    delete values[port];
    collectGarbageSoon(bytes);
  };
  return {
    /** A step's outputs arrived: those without readers go at once (after onOutputs saw them). */
    arrived(step: PlanStep) {
      for (const port of Object.keys(outputs[step.nodeId] ?? {})) if (!readers.get(step.nodeId)?.get(port)) drop(step.nodeId, port);
    },
    /** A step took its inputs, or settled without running: one reader fewer for each of them. */
    consumed(step: PlanStep) {
      if (done.has(step.nodeId)) return;
      done.add(step.nodeId);
      for (const ref of Object.values(step.inputs)) {
        const ports = readers.get(ref.node);
        const left = (ports?.get(ref.port) ?? 1) - 1;
        ports?.set(ref.port, left);
        if (left <= 0) drop(ref.node, ref.port);
      }
    },
  };
}

export function createRunner({ registry, pool, datasets, maxCacheEntries = 500, memoryBudgetBytes = Infinity }: RunnerOptions): Runner {
  const cache = createResultCache({ maxBytes: memoryBudgetBytes, maxEntries: maxCacheEntries });
  const cacheGet = (key: string) => cache.get(key);
  const cacheSet = (key: string, v: Record<string, unknown>) => cache.set(key, v);

  async function prepare(doc: unknown, explicitEnv?: SchemaEnv) {
    const fingerprints: Record<string, string> = {};
    const schemas = new Map<string, TableSchema | undefined>();
    if (datasets) {
      for (const ref of pipelineDatasetRefs(doc, registry)) {
        const key = datasetKey(ref);
        if (key in fingerprints) continue;
        const fp = await datasets.fingerprint(ref).catch(() => undefined);
        if (fp) fingerprints[key] = fp;
        if (!explicitEnv && datasets.schema) schemas.set(key, await datasets.schema(ref).catch(() => undefined));
      }
    }
    const env: SchemaEnv = explicitEnv ?? { datasetSchema: (ref) => schemas.get(datasetKey(ref)) };
    return { fingerprints, env };
  }

  function run(doc: unknown, options: RunOptions = {}): RunHandle {
    const controller = new AbortController();
    const emit = (e: RunEvent) => {
      try {
        options.onEvent?.(e);
      } catch {
        // A listener's bug must not stop the run.
      }
    };

    const done = (async (): Promise<RunResult> => {
      const t0 = performance.now();
      const { fingerprints, env } = await prepare(doc, options.env);
      const compiled = compile(doc, registry, { env, fingerprints, targets: options.targets });
      // With targets, problems outside the targets' ancestry do not block the plan.
      if (!compiled.plan) {
        return { status: 'invalid', problems: compiled.problems, nodes: {}, outputs: {}, waiting: {}, ms: performance.now() - t0 };
      }
      const plan = await withSecretKeys(withDecisionKeys(compiled.plan, options.decisions), options.secrets);
      const result = await execute(plan, controller.signal, options, emit);
      return { ...result, problems: compiled.problems, plan, ms: performance.now() - t0 };
    })();

    return { done, cancel: () => controller.abort() };
  }

  function execute(
    plan: Plan,
    signal: AbortSignal,
    options: RunOptions,
    emit: (e: RunEvent) => void,
  ): Promise<Pick<RunResult, 'status' | 'nodes' | 'outputs' | 'waiting'>> {
    const steps = plan.steps;
    // The results this run may read become the most recently used, its last steps first: the run's new
    // results then push other results out of a full cache before the ones this run is about to use.
    for (let i = steps.length - 1; i >= 0; i--) if (!steps[i].capabilities?.uncacheable) cache.touch(steps[i].cacheKey);
    const dependents = new Map<string, string[]>(steps.map((s) => [s.nodeId, []]));
    const waitingOn = new Map<string, number>();
    const byId = new Map(steps.map((s) => [s.nodeId, s]));
    for (const s of steps) {
      const parents = new Set(Object.values(s.inputs).map((r) => r.node));
      waitingOn.set(s.nodeId, parents.size);
      for (const p of parents) dependents.get(p)?.push(s.nodeId);
    }
    const priority = stepPriorities(steps, dependents, (s) => Object.keys(registry.get(s.type)?.kernels ?? {}).length > 0);
    /** Steps that became ready together start highest priority first (the pool gives the first one the free worker). */
    const byPriority = (ready: PlanStep[]) => ready.sort((a, b) => priority.get(b.nodeId)! - priority.get(a.nodeId)!);
    const nodes: Record<string, NodeRunResult> = {};
    const outputs: Record<string, Record<string, unknown>> = {};
    const release = options.keepOutput ? outputReleaser(steps, outputs, options.keepOutput) : undefined;
    const waiting: Record<string, unknown> = {};
    const running = new Set<AbortController>();
    signal.addEventListener('abort', () => running.forEach((c) => c.abort()), { once: true });
    let finished = 0;
    const held = heldResults(outputs);
    const overBudget = () => cache.budget() < Infinity && held.bytes() > cache.budget();
    // Steps ready to run while the run's results are over the memory budget: started one at a time.
    const deferred: PlanStep[] = [];
    let toldWaiting = false;

    return new Promise((resolveRun) => {
      const settle = (step: PlanStep, r: Omit<NodeRunResult, 'nodeId' | 'type'>) => {
        if (nodes[step.nodeId]) return;
        release?.consumed(step);
        nodes[step.nodeId] = { nodeId: step.nodeId, type: step.type, ...r };
        emit({ nodeId: step.nodeId, status: r.status, ms: r.ms, ...(r.error ? { error: r.error } : {}) });
        finished++;
        if (finished === steps.length) {
          const statuses = Object.values(nodes).map((n) => n.status);
          const status = signal.aborted
            ? 'cancelled'
            : statuses.some((s) => s === 'error' || s === 'skipped')
              ? 'error'
              : statuses.some((s) => s === 'waiting')
                ? 'waiting'
                : 'ok';
          resolveRun({ status, nodes, outputs, waiting });
        }
      };

      const skipDescendants = (failed: PlanStep) => {
        const stack = [...(dependents.get(failed.nodeId) ?? [])];
        while (stack.length > 0) {
          const id = stack.pop()!;
          if (nodes[id]) continue;
          const error = signal.aborted ? problem('CF022', undefined, { nodeId: id }) : problem('CF023', { failed: failed.nodeId }, { nodeId: id });
          settle(byId.get(id)!, { status: 'skipped', ms: 0, error });
          stack.push(...(dependents.get(id) ?? []));
        }
      };

      /** Downstream of a waiting review node: not run, not failed; they run when the run resumes. */
      const holdDescendants = (waitingStep: PlanStep) => {
        const stack = [...(dependents.get(waitingStep.nodeId) ?? [])];
        while (stack.length > 0) {
          const id = stack.pop()!;
          if (nodes[id]) continue;
          settle(byId.get(id)!, { status: 'pending', ms: 0 });
          stack.push(...(dependents.get(id) ?? []));
        }
      };

      const received = (step: PlanStep) => {
        try {
          options.onOutputs?.(step.nodeId, outputs[step.nodeId]);
        } catch {
          // A listener's bug must not stop the run.
        }
        release?.arrived(step);
      };

      const succeeded = (step: PlanStep) => {
        const ready: PlanStep[] = [];
        for (const d of dependents.get(step.nodeId) ?? []) {
          const left = waitingOn.get(d)! - 1;
          waitingOn.set(d, left);
          if (left === 0 && !nodes[d]) ready.push(byId.get(d)!);
        }
        for (const d of byPriority(ready)) start(d);
      };

      const started = new Set<string>();
      const start = (step: PlanStep) => {
        if (started.has(step.nodeId)) return; // a step runs once per run, whatever asks twice
        started.add(step.nodeId);
        if (signal.aborted) {
          settle(step, { status: 'skipped', ms: 0, error: problem('CF022', undefined, { nodeId: step.nodeId }) });
          skipDescendants(step);
          return;
        }
        const cached = step.capabilities?.uncacheable ? undefined : cacheGet(step.cacheKey);
        if (cached) {
          outputs[step.nodeId] = release ? { ...cached } : cached;
          received(step);
          settle(step, { status: 'cached', ms: 0 });
          succeeded(step);
          return;
        }
        if (running.size > 0 && overBudget()) {
          if (!toldWaiting) {
            toldWaiting = true;
            options.onLog?.(step.nodeId, `Waits for memory: the run holds ${mb(held.bytes())} of results, over its budget of ${mb(cache.budget())}; steps now run one at a time.`, 'info');
          }
          deferred.push(step);
          return;
        }
        launch(step);
      };

      /** Starts deferred steps once the run is back within its budget, or nothing else is running. */
      const resumeDeferred = () => {
        while (deferred.length > 0 && (running.size === 0 || !overBudget())) launch(deferred.shift()!);
      };

      const launch = (step: PlanStep) => {
        if (signal.aborted) {
          settle(step, { status: 'skipped', ms: 0, error: problem('CF022', undefined, { nodeId: step.nodeId }) });
          skipDescendants(step);
          return;
        }
        const inputs: Record<string, unknown> = {};
        for (const [port, ref] of Object.entries(step.inputs)) inputs[port] = outputs[ref.node]?.[ref.port];
        let startedAt: number | undefined;
        // One controller per step (not the run's signal itself), so a wide plan does not pile
        // listeners onto one AbortSignal.
        const stepController = new AbortController();
        running.add(stepController);
        void pool
          .runStep({
            step,
            inputs,
            pipelineSeed: plan.seed,
            priority: priority.get(step.nodeId),
            signal: stepController.signal,
            onStart: () => {
              startedAt = performance.now();
              // The pool packs the inputs right after this and keeps no reference to them.
              release?.consumed(step);
              emit({ nodeId: step.nodeId, status: 'running', progress: 0 });
            },
            onProgress: (progress, note) =>
              emit({ nodeId: step.nodeId, status: 'running', progress, ...(note ? { note } : {}) }),
            onLog: (message, level) => options.onLog?.(step.nodeId, message, level),
            readDataset: datasets ? (ref) => datasets.read(ref) : undefined,
            readSecret: stepSecretReader(step, options.secrets),
            ...(step.capabilities?.suspends && options.decisions?.[step.nodeId] !== undefined
              ? { decisions: options.decisions[step.nodeId] }
              : {}),
          })
          .then((outcome: StepOutcome) => {
            running.delete(stepController);
            const ms = startedAt === undefined ? 0 : performance.now() - startedAt;
            if (outcome.ok) {
              outputs[step.nodeId] = outcome.outputs;
              if (!step.capabilities?.uncacheable && !release) cacheSet(step.cacheKey, outcome.outputs);
              received(step);
              settle(step, { status: 'ok', ms });
              succeeded(step);
            } else if (outcome.failure.kind === 'suspend' && step.capabilities?.suspends) {
              waiting[step.nodeId] = outcome.failure.request;
              settle(step, { status: 'waiting', ms });
              holdDescendants(step);
            } else {
              // A node wrote into a shared input table: cached results may hold the damaged columns.
              if (outcome.failure.sharedInputChanged) cache.clear();
              const neverStarted = outcome.failure.kind === 'abort' && startedAt === undefined;
              settle(step, { status: neverStarted ? 'skipped' : 'error', ms, error: failureProblem(step.nodeId, outcome.failure) });
              skipDescendants(step);
            }
            resumeDeferred();
          });
      };

      if (steps.length === 0) {
        resolveRun({ status: signal.aborted ? 'cancelled' : 'ok', nodes, outputs, waiting });
        return;
      }
      for (const s of steps) emit({ nodeId: s.nodeId, status: 'queued' });
      // Roots are chosen before any starts: a cached root settles at once and starts its dependents, so
      // testing waitingOn inside the loop would start those dependents a second time.
      const roots = byPriority(steps.filter((s) => waitingOn.get(s.nodeId) === 0));
      for (const s of roots) start(s);
    });
  }

  return {
    run,
    clearCache: () => cache.clear(),
    cacheSize: () => cache.size(),
    cacheBytes: () => cache.bytes(),
    memoryBudget: () => cache.budget(),
    setMemoryBudget: (bytes) => cache.setBudget(bytes),
  };
}

/**
 * Which ready step gets a free worker first. Steps that fan out (their node declares `kernels` for
 * ctx.parallel) come before all others: started early they spread over every worker, and the
 * single-threaded steps fill the gaps, instead of a fan-out step waiting for a worker and then running
 * alone at the end. Then the step heading the longest chain of steps still to run. Ties keep document
 * order (sort is stable). Only the order of starts changes, never what a step computes.
 */
export function stepPriorities(
  steps: readonly PlanStep[],
  dependents: ReadonlyMap<string, readonly string[]>,
  fansOut: (step: PlanStep) => boolean,
): Map<string, number> {
  const chain = new Map<string, number>();
  // Steps are in topological order: walking backwards, every dependent's chain is known.
  for (let i = steps.length - 1; i >= 0; i--) {
    let longest = 0;
    for (const d of dependents.get(steps[i].nodeId) ?? []) longest = Math.max(longest, chain.get(d) ?? 0);
    chain.set(steps[i].nodeId, longest + 1);
  }
  const priority = new Map<string, number>();
  for (const s of steps) priority.set(s.nodeId, (fansOut(s) ? steps.length + 1 : 0) + chain.get(s.nodeId)!);
  return priority;
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

/**
 * Estimated bytes of a run's results still held (outputs not yet dropped), each value measured once:
 * values are memoised by identity, and one value held under two ports is counted once.
 */
function heldResults(outputs: Record<string, Record<string, unknown>>) {
  const sizes = new WeakMap<object, number>();
  const sizeOf = (v: unknown): number => {
    if (typeof v !== 'object' || v === null) return estimateBytes(v);
    let n = sizes.get(v);
    if (n === undefined) sizes.set(v, (n = estimateBytes(v)));
    return n;
  };
  return {
    bytes(): number {
      const counted = new Set<unknown>();
      let total = 0;
      for (const ports of Object.values(outputs)) {
        for (const v of Object.values(ports)) {
          if (counted.has(v)) continue;
          counted.add(v);
          total += sizeOf(v);
        }
      }
      return total;
    },
  };
}
