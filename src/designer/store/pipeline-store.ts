/**
 * The designer's state: the PipelineDocument (the one model of the pipeline), the selection, the
 * transient drag overlay and the run state. Made by a factory so tests and several canvases get
 * their own. Every document edit is recorded for undo/redo (zundo); selection and run state are not.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { temporal, type TemporalState } from 'zundo';
import type { PipelineDocument, PipelineEdge } from '../../core/document.ts';
import type { PortType } from '../../core/ports.ts';
import type { NodeRegistry } from '../../core/registry.ts';
import * as edits from './doc-edits.ts';
import type { XY } from './doc-edits.ts';

/** waiting: a human-review node waits for decisions; pending: downstream of it, not run yet. */
export type NodeRunStatus = 'idle' | 'queued' | 'running' | 'ok' | 'cached' | 'error' | 'skipped' | 'waiting' | 'pending';
export type RunOutcome = 'ok' | 'error' | 'stopped' | 'waiting';

/** A message a node logged while it ran (rows left out, early stopping, skipped folds…). */
export interface NodeLogEntry {
  level: 'info' | 'warn';
  message: string;
}

export interface NodeRunState {
  status: NodeRunStatus;
  progress?: number;
  note?: string;
  ms?: number;
  error?: string;
  /** One line about the result, e.g. "AUC 0.81" or "5,000 rows × 10 columns". */
  headline?: string;
  /** Restored from the last session's summary: outputs are not in memory any more. */
  restored?: boolean;
  /** What the node logged in its last run (kept for a cached node from the run that computed it). */
  log?: NodeLogEntry[];
}

export interface PortOutput {
  type: PortType;
  value: unknown;
}

export interface RunState {
  /** A run is in progress. */
  active: boolean;
  /** Nodes of the current or last run. */
  nodes: Record<string, NodeRunState>;
  /** Output values of the last run per node and port (in memory only). */
  outputs: Record<string, Record<string, PortOutput>>;
  lastStatus?: RunOutcome;
  /** Review requests of waiting human-review nodes (RunResult.waiting), in memory only. */
  waiting?: Record<string, unknown>;
  /** The nodes' configuration keys when the last run started (compare with the live compile's keys). */
  keys?: Record<string, string>;
  startedAt?: number;
  finishedAt?: number;
}

export interface Selection {
  nodes: string[];
  edges: string[];
}

export interface PipelineState {
  doc: PipelineDocument;
  selection: Selection;
  /** Positions while a drag is in progress; committed to the doc (one undo step) when it ends. */
  dragPositions: Record<string, XY> | null;
  run: RunState;
  /** Increments whenever a whole document is loaded (the canvas fits the view then). */
  loadCount: number;

  /** Replaces the whole document (open file, switch project); clears undo history. */
  loadDocument(doc: PipelineDocument): void;
  addNode(type: string, position: XY): string;
  moveNodes(positions: Record<string, XY>): void;
  setDragPositions(positions: Record<string, XY> | null): void;
  connect(edge: PipelineEdge): void;
  removeElements(sel: Partial<Selection>): void;
  removeSelected(): void;
  updateParams(nodeId: string, patch: Record<string, unknown>): void;
  setLabel(nodeId: string, label: string): void;
  renamePipeline(name: string): void;
  duplicateSelected(): string[];
  insertFragment(fragment: Pick<PipelineDocument, 'nodes' | 'edges'>, offset: XY): string[];
  select(sel: Partial<Selection>): void;

  beginRun(nodeIds: string[], keys?: Record<string, string>): void;
  setNodeRun(nodeId: string, state: NodeRunState): void;
  setNodeOutputs(nodeId: string, outputs: Record<string, PortOutput>): void;
  finishRun(status: RunOutcome): void;
  /** Shows a saved run summary (after a reload) without outputs. */
  restoreRun(
    nodes: Record<string, NodeRunState>,
    status?: RunOutcome,
    outputs?: Record<string, Record<string, PortOutput>>,
    keys?: Record<string, string>,
  ): void;
}

export type PipelineStore = StoreApi<PipelineState> & {
  temporal: StoreApi<TemporalState<{ doc: PipelineDocument }>>;
};

const emptyRun = (): RunState => ({ active: false, nodes: {}, outputs: {} });

export function createPipelineStore(options: { registry: NodeRegistry; doc?: PipelineDocument }): PipelineStore {
  const { registry } = options;
  const store = createStore<PipelineState>()(
    temporal(
      (set, get) => {
        const editDoc = (f: (doc: PipelineDocument) => PipelineDocument) => {
          const doc = get().doc;
          const next = f(doc);
          if (next !== doc) set({ doc: next });
        };
        return {
          doc: options.doc ?? edits.emptyDocument(),
          selection: { nodes: [], edges: [] },
          dragPositions: null,
          run: emptyRun(),
          loadCount: 0,

          loadDocument(doc) {
            set({ doc, selection: { nodes: [], edges: [] }, dragPositions: null, run: emptyRun(), loadCount: get().loadCount + 1 });
            (store as PipelineStore).temporal.getState().clear();
          },
          addNode(type, position) {
            const r = edits.addNode(get().doc, registry, type, position);
            set({ doc: r.doc, selection: { nodes: [r.id], edges: [] } });
            return r.id;
          },
          moveNodes(positions) {
            editDoc((d) => edits.moveNodes(d, positions));
          },
          setDragPositions(positions) {
            set({ dragPositions: positions });
          },
          connect(edge) {
            editDoc((d) => edits.connect(d, edge));
          },
          removeElements(sel) {
            editDoc((d) => edits.removeElements(d, sel));
            const gone = new Set([...(sel.nodes ?? []), ...(sel.edges ?? [])]);
            const s = get().selection;
            set({ selection: { nodes: s.nodes.filter((n) => !gone.has(n)), edges: s.edges.filter((e) => !gone.has(e)) } });
          },
          removeSelected() {
            get().removeElements(get().selection);
          },
          updateParams(nodeId, patch) {
            editDoc((d) => edits.updateParams(d, nodeId, patch));
          },
          setLabel(nodeId, label) {
            editDoc((d) => edits.setLabel(d, nodeId, label));
          },
          renamePipeline(name) {
            editDoc((d) => edits.renamePipeline(d, name));
          },
          duplicateSelected() {
            const ids = get().selection.nodes;
            if (ids.length === 0) return [];
            const r = edits.duplicateNodes(get().doc, ids);
            set({ doc: r.doc, selection: { nodes: r.ids, edges: [] } });
            return r.ids;
          },
          insertFragment(fragment, offset) {
            const r = edits.insertFragment(get().doc, fragment, offset);
            set({ doc: r.doc, selection: { nodes: r.ids, edges: [] } });
            return r.ids;
          },
          select(sel) {
            const cur = get().selection;
            const next = { nodes: sel.nodes ?? cur.nodes, edges: sel.edges ?? cur.edges };
            if (sameList(next.nodes, cur.nodes) && sameList(next.edges, cur.edges)) return;
            set({ selection: next });
          },

          beginRun(nodeIds, keys) {
            const prev = get().run;
            const nodes: Record<string, NodeRunState> = { ...prev.nodes };
            for (const id of nodeIds) nodes[id] = { status: 'queued' };
            set({ run: { active: true, nodes, outputs: prev.outputs, keys: { ...prev.keys, ...keys }, startedAt: Date.now() } });
          },
          setNodeRun(nodeId, state) {
            const run = get().run;
            set({ run: { ...run, nodes: { ...run.nodes, [nodeId]: state } } });
          },
          setNodeOutputs(nodeId, outputs) {
            const run = get().run;
            set({ run: { ...run, outputs: { ...run.outputs, [nodeId]: outputs } } });
          },
          finishRun(status) {
            const run = get().run;
            const nodes: Record<string, NodeRunState> = {};
            // Whatever had not finished when a run stops goes back to idle (or skipped, if stopped).
            for (const [id, s] of Object.entries(run.nodes)) {
              nodes[id] = s.status === 'queued' || s.status === 'running' ? { status: status === 'stopped' ? 'skipped' : 'idle', error: status === 'stopped' ? 'Stopped by the user.' : undefined } : s;
            }
            set({ run: { ...run, nodes, active: false, lastStatus: status, finishedAt: Date.now() } });
          },
          restoreRun(nodes, status, outputs = {}, keys) {
            const restored: Record<string, NodeRunState> = {};
            for (const [id, s] of Object.entries(nodes)) restored[id] = { ...s, restored: true };
            set({ run: { active: false, nodes: restored, outputs, lastStatus: status, keys } });
          },
        };
      },
      {
        partialize: (s) => ({ doc: s.doc }),
        // Only document changes make an undo step; selection, drag and run updates do not.
        equality: (a, b) => a.doc === b.doc,
        limit: 200,
      },
    ),
  );
  return store as PipelineStore;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function undo(store: PipelineStore): void {
  store.temporal.getState().undo();
}
export function redo(store: PipelineStore): void {
  store.temporal.getState().redo();
}
