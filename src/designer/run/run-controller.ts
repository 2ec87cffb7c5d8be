/**
 * Connects the store to the runtime: Run all / Run to here / Stop. All computation happens in the
 * worker pool; this only forwards events into the store and saves the outcome summary. Status changes
 * reach the store once per animation frame; progress and log lines at most every PROGRESS_INTERVAL_MS
 * (each store update re-renders cards and may resize them, which lays out the canvas again). At the end
 * the results kept in memory stay within the memory budget (kept-results.ts).
 */
import type { PipelineDocument } from '../../core/document.ts';
import type { DatasetProvider, SecretStore } from '../../core/node-definition.ts';
import type { PortType } from '../../core/ports.ts';
import type { NodeRegistry } from '../../core/registry.ts';
import type { RunEvent, RunHandle, Runner, RunResult } from '../../runtime/runner.ts';
import { summarizeOutput, type Summary } from '../../runtime/summarize.ts';
import type { NodeLogEntry, NodeRunState, PipelineStore, PortOutput, RunOutcome } from '../store/pipeline-store.ts';
import { notify } from '../ui/notices.ts';
import { headlineOf } from './headline.ts';
import { keepResults } from './kept-results.ts';
import { memoryBudgetBytes } from './memory-budget.ts';
import { ancestorsOf } from './targets.ts';

/** Progress bars and log lines are refreshed at most this often (status changes at once). */
export const PROGRESS_INTERVAL_MS = 250;

/** Lets the browser paint and handle input before the next piece of work (a task of its own). */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface RunSummary {
  status: RunOutcome;
  /** Configuration keys of the nodes when the run started. */
  keys?: Record<string, string>;
  nodes: Record<string, NodeRunState & { outputs?: Record<string, Summary> }>;
}

export interface RunController {
  runAll(): void;
  runTo(nodeId: string): void;
  /** Hands a human-review node its decisions and runs on from there. */
  resume(nodeId: string, decisions: unknown): void;
  stop(): void;
  dispose(): void;
}

export interface RunControllerOptions {
  store: PipelineStore;
  registry: NodeRegistry;
  datasets: DatasetProvider;
  /** The live compile's configuration keys per node (to mark results out of date after edits). */
  currentKeys?(): Record<string, string>;
  /** Lazily creates the runner, so workers (and TF.js) load only when the first run starts. */
  createRunner(): Promise<Runner>;
  onFinished?(summary: RunSummary): void;
  /** Review decisions to run with, e.g. with the pipeline's halt added (default: those given so far). */
  prepareDecisions?(doc: PipelineDocument, decisions: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The full result of every run that got to start (audit log, model versions). */
  onResult?(doc: PipelineDocument, result: RunResult): void;
  /** Workspace secrets (e.g. the pseudonymisation key) for nodes that declare them. */
  secrets?: SecretStore;
  /** Bytes of result tables kept in memory for the viewers (default: the designer's memory budget). */
  resultsBudgetBytes?(): number;
}

export function createRunController(o: RunControllerOptions): RunController {
  let runner: Promise<Runner> | undefined;
  let handle: RunHandle | undefined;
  let stopped = false;
  let pending = new Map<string, NodeRunState>();
  let frame: number | undefined;
  // A progress-only update waits for this timer (then the next frame) unless a status change comes first.
  let progressTimer: ReturnType<typeof setTimeout> | undefined;
  let lastFlush = 0;
  // Log messages of the current run per node; shown with the node's state.
  let logs = new Map<string, NodeLogEntry[]>();
  // Review decisions per node: passed on every later run (they are part of those steps' cache keys).
  const decisions: Record<string, unknown> = {};

  const cancelScheduled = () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    if (progressTimer !== undefined) clearTimeout(progressTimer);
    frame = progressTimer = undefined;
  };
  const flush = () => {
    cancelScheduled();
    lastFlush = performance.now();
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    const run = o.store.getState().run;
    const nodes = { ...run.nodes };
    for (const [id, s] of batch) nodes[id] = logs.has(id) ? { ...s, log: [...logs.get(id)!] } : s;
    o.store.setState({ run: { ...run, nodes } });
  };
  const onLog = (nodeId: string, message: string, level: 'info' | 'warn') => {
    const entries = logs.get(nodeId) ?? [];
    entries.push({ level, message });
    logs.set(nodeId, entries);
    // Re-queue the node's latest state so the new line shows with it.
    queue(nodeId, pending.get(nodeId) ?? o.store.getState().run.nodes[nodeId] ?? { status: 'running' });
  };
  const queue = (id: string, s: NodeRunState) => {
    const before = pending.get(id) ?? o.store.getState().run.nodes[id];
    pending.set(id, s);
    if (frame !== undefined) return;
    if (before?.status !== s.status) {
      // A status change shows in the next frame.
      if (progressTimer !== undefined) clearTimeout(progressTimer);
      progressTimer = undefined;
      frame = requestAnimationFrame(flush);
    } else if (progressTimer === undefined) {
      const wait = Math.max(0, PROGRESS_INTERVAL_MS - (performance.now() - lastFlush));
      progressTimer = setTimeout(() => {
        progressTimer = undefined;
        frame ??= requestAnimationFrame(flush);
      }, wait);
    }
  };

  const onEvent = (e: RunEvent) => {
    switch (e.status) {
      case 'queued':
        queue(e.nodeId, { status: 'queued' });
        break;
      case 'running':
        queue(e.nodeId, { status: 'running', progress: e.progress, note: e.note });
        break;
      case 'error':
        // A node interrupted by Stop did not fail: show it like the other nodes the stop cut short.
        if (e.error?.code === 'CF022') queue(e.nodeId, { status: 'skipped', error: e.error.message });
        else queue(e.nodeId, { status: 'error', ms: e.ms, error: e.error?.message ?? 'The node failed.' });
        break;
      case 'skipped':
        queue(e.nodeId, { status: 'skipped', error: e.error?.message });
        break;
      case 'waiting':
      case 'pending':
        queue(e.nodeId, { status: e.status });
        break;
      default:
        queue(e.nodeId, { status: e.status, ms: e.ms });
    }
  };

  /** What to keep first: the selected nodes and what they read (open views show both), then end results. */
  const keepOptions = (doc: PipelineDocument, order: string[]) => {
    const selected = new Set(o.store.getState().selection.nodes);
    const pinned = new Set(selected);
    const read = new Set<string>();
    for (const e of doc.edges) {
      read.add(e.from.node);
      if (selected.has(e.to.node)) pinned.add(e.from.node);
    }
    const terminal = new Set(doc.nodes.map((n) => n.id).filter((id) => !read.has(id)));
    return { budgetBytes: o.resultsBudgetBytes?.() ?? memoryBudgetBytes(), order, pinned, terminal };
  };

  async function start(targets?: string[]) {
    if (handle) return;
    const state = o.store.getState();
    const doc = state.doc;
    const involved = targets ? ancestorsOf(doc, targets) : doc.nodes.map((n) => n.id);
    // A node the runner serves from its cache does not run (or log) again: keep its last log.
    const previousLogs = new Map(Object.entries(state.run.nodes).flatMap(([id, s]) => (s.log ? [[id, s.log] as const] : [])));
    logs = new Map();
    const allKeys = o.currentKeys?.() ?? {};
    const keys: Record<string, string> = {};
    for (const id of involved) if (allKeys[id]) keys[id] = allKeys[id];
    state.beginRun(involved, keys);
    stopped = false;
    try {
      runner ??= o.createRunner();
      const [r, given] = await Promise.all([runner, o.prepareDecisions ? o.prepareDecisions(doc, { ...decisions }) : { ...decisions }]);
      if (stopped) {
        o.store.getState().finishRun('stopped');
        return;
      }
      handle = r.run(doc, { targets, onEvent, onLog, decisions: given, ...(o.secrets ? { secrets: o.secrets } : {}) });
      const result = await handle.done;
      handle = undefined;
      flush();

      const summary: RunSummary = { status: 'ok', nodes: {}, keys: o.store.getState().run.keys };
      const outputsByNode: Record<string, Record<string, PortOutput>> = {};
      const cur = o.store.getState().run.nodes;
      for (const [id, nr] of Object.entries(result.nodes)) {
        const def = o.registry.get(nr.type);
        const values = result.outputs[id] ?? {};
        const ports: Record<string, PortOutput> = {};
        const summaries: Record<string, Summary> = {};
        const list: Array<{ type: PortType; summary: Summary }> = [];
        for (const [port, value] of Object.entries(values)) {
          const type = (def?.outputs[port]?.type ?? 'report') as PortType;
          ports[port] = { type, value };
          const s = summarizeOutput(type, value);
          summaries[port] = s;
          list.push({ type, summary: s });
        }
        outputsByNode[id] = ports;
        const stoppedHere = nr.status === 'error' && nr.error?.code === 'CF022';
        const nodeState: NodeRunState = {
          status: stoppedHere ? 'skipped' : nr.status,
          ms: nr.ms,
          error: nr.error?.message ?? (nr.status === 'error' || nr.status === 'skipped' ? cur[id]?.error : undefined),
          headline: headlineOf(list),
        };
        const log = logs.get(id) ?? (nr.status === 'cached' ? previousLogs.get(id) : undefined);
        if (log) nodeState.log = log;
        summary.nodes[id] = { ...nodeState, outputs: summaries };
      }
      const status: RunOutcome =
        result.status === 'cancelled' ? 'stopped' : result.status === 'ok' ? 'ok' : result.status === 'waiting' ? 'waiting' : 'error';
      summary.status = status;
      const run = o.store.getState().run;
      const nodes = { ...run.nodes };
      for (const [id, s] of Object.entries(summary.nodes)) {
        const { outputs: _o, ...st } = s;
        nodes[id] = st;
      }
      const kept = keepResults({ ...run.outputs, ...outputsByNode }, keepOptions(doc, result.plan?.steps.map((s) => s.nodeId) ?? involved));
      o.store.setState({ run: { ...run, nodes, outputs: kept.outputs, waiting: result.waiting ?? {} } });
      o.store.getState().finishRun(status);
      if (status === 'waiting') notify('The run is waiting for human review. Select the review node to decide.', 'info', 8000);
      if (result.status === 'invalid') {
        // Compile problems are already shown on the nodes; clear the queued badges.
        const reset = { ...o.store.getState().run.nodes };
        for (const id of involved) if (reset[id]?.status === 'skipped' || reset[id]?.status === 'idle') delete reset[id];
        o.store.setState({ run: { ...o.store.getState().run, nodes: reset } });
        notify('The pipeline has problems (marked in red on the nodes). Fix them, then run again.', 'error');
      }
      // Saving the summary and recording the run come after the finished run has painted.
      await nextTask();
      o.onFinished?.(summary);
      await nextTask();
      o.onResult?.(doc, result);
    } catch (e) {
      handle = undefined;
      flush();
      o.store.getState().finishRun('error');
      throw e;
    }
  }

  return {
    runAll: () => void start().catch(reportFailure),
    runTo: (id) => void start([id]).catch(reportFailure),
    resume(nodeId, given) {
      decisions[nodeId] = given;
      void start().catch(reportFailure);
    },
    stop() {
      stopped = true;
      handle?.cancel();
    },
    dispose() {
      handle?.cancel();
      cancelScheduled();
      void runner?.then(() => undefined);
    },
  };
}

function reportFailure(e: unknown) {
  console.error('Run failed', e);
  notify(`The run could not finish: ${e instanceof Error ? e.message : String(e)}`, 'error');
}
