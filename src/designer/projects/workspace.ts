/**
 * The workspace: which pipeline is open, the project list, autosave and the saved run summary.
 * Switching pipelines flushes the autosave first, so nothing typed is lost.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PipelineDocument } from '../../core/document.ts';
import type { StoredNodeResult, StoredResults } from '../persistence/db.ts';
import { startAutosave, type Autosave } from '../persistence/autosave.ts';
import * as repo from '../persistence/pipelines.ts';
import type { RunSummary } from '../run/run-controller.ts';
import { emptyDocument } from '../store/doc-edits.ts';
import type { NodeRunState, PipelineStore, PortOutput } from '../store/pipeline-store.ts';
import type { NodeRegistry } from '../../core/registry.ts';

export interface ProjectEntry {
  id: string;
  name: string;
  updatedAt: number;
}

export interface WorkspaceState {
  ready: boolean;
  currentId?: string;
  projects: ProjectEntry[];
  /** No pipeline existed when the app started: show the template gallery. */
  firstStart: boolean;
}

export interface Workspace {
  state: StoreApi<WorkspaceState>;
  boot(): Promise<void>;
  create(doc?: PipelineDocument): Promise<string>;
  open(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  saveRunSummary(summary: RunSummary): Promise<void>;
  flush(): Promise<void>;
  dispose(): void;
}

function toRunStates(nodes: Record<string, StoredNodeResult>): Record<string, NodeRunState> {
  const out: Record<string, NodeRunState> = {};
  for (const [id, n] of Object.entries(nodes)) out[id] = { status: n.status, ms: n.ms, error: n.error, headline: n.headline };
  return out;
}

/** Saved summaries become "outputs" whose value is the summary (the result viewers show it as such). */
function toSummaryOutputs(
  store: PipelineStore,
  registry: NodeRegistry,
  nodes: Record<string, StoredNodeResult>,
): Record<string, Record<string, PortOutput>> {
  const out: Record<string, Record<string, PortOutput>> = {};
  const types = new Map(store.getState().doc.nodes.map((n) => [n.id, n.type]));
  for (const [id, n] of Object.entries(nodes)) {
    if (!n.outputs) continue;
    const def = registry.get(types.get(id) ?? '');
    const ports: Record<string, PortOutput> = {};
    for (const [port, summary] of Object.entries(n.outputs)) {
      const type = def?.outputs[port]?.type;
      if (type) ports[port] = { type, value: summary };
    }
    out[id] = ports;
  }
  return out;
}

export function createWorkspace(store: PipelineStore, registry: NodeRegistry): Workspace {
  const state = createStore<WorkspaceState>(() => ({ ready: false, projects: [], firstStart: false }));
  const refreshList = async () => {
    const list = await repo.listPipelines();
    state.setState({ projects: list.map((p) => ({ id: p.id, name: p.name, updatedAt: p.updatedAt })) });
  };
  const autosave: Autosave = startAutosave(store, () => state.getState().currentId, async (id, doc) => {
    await repo.savePipeline(id, doc);
    // Keep the list's names in step with renames without re-reading everything.
    const projects = state.getState().projects;
    if (projects.some((p) => p.id === id && p.name !== doc.metadata.name))
      state.setState({ projects: projects.map((p) => (p.id === id ? { ...p, name: doc.metadata.name } : p)) });
  });

  async function load(id: string): Promise<boolean> {
    const rec = await repo.getPipeline(id);
    if (!rec) return false;
    store.getState().loadDocument(rec.doc);
    state.setState({ currentId: id });
    repo.rememberCurrent(id);
    const results = await repo.getResults(id);
    if (results)
      store
        .getState()
        .restoreRun(toRunStates(results.nodes), results.status, toSummaryOutputs(store, registry, results.nodes), results.keys);
    return true;
  }

  const ws: Workspace = {
    state,
    async boot() {
      let list: ProjectEntry[] = [];
      try {
        await refreshList();
        list = state.getState().projects;
        const remembered = repo.currentPipelineId();
        const opened = (remembered && (await load(remembered))) || (list[0] && (await load(list[0].id)));
        if (!opened) {
          await ws.create(emptyDocument());
          state.setState({ firstStart: true });
        }
      } catch (e) {
        // IndexedDB unavailable (private mode in some browsers): work in memory.
        console.error('Could not open saved pipelines', e);
      }
      state.setState({ ready: true });
    },
    async create(doc = emptyDocument()) {
      await autosave.flush();
      const id = repo.newPipelineId();
      const names = new Set(state.getState().projects.map((p) => p.name));
      let name = doc.metadata.name;
      for (let i = 2; names.has(name); i++) name = `${doc.metadata.name} (${i})`;
      const named = { ...doc, metadata: { ...doc.metadata, name } };
      await repo.savePipeline(id, named);
      store.getState().loadDocument(named);
      state.setState({ currentId: id });
      repo.rememberCurrent(id);
      await refreshList();
      return id;
    },
    async open(id) {
      if (id === state.getState().currentId) return;
      await autosave.flush();
      await load(id);
      await refreshList();
    },
    async remove(id) {
      await autosave.flush();
      await repo.deletePipeline(id);
      await refreshList();
      if (id === state.getState().currentId) {
        const next = state.getState().projects[0];
        state.setState({ currentId: undefined });
        if (next) await load(next.id);
        else await ws.create(emptyDocument());
      }
    },
    async saveRunSummary(summary) {
      const id = state.getState().currentId;
      if (!id) return;
      const nodes: StoredResults['nodes'] = {};
      for (const [nodeId, n] of Object.entries(summary.nodes)) {
        if (n.status === 'idle' || n.status === 'queued' || n.status === 'running') continue;
        nodes[nodeId] = { status: n.status, ms: n.ms, error: n.error, outputs: n.outputs, headline: n.headline };
      }
      await repo.saveResults({ pipelineId: id, savedAt: Date.now(), status: summary.status, nodes, keys: summary.keys });
    },
    flush: () => autosave.flush(),
    dispose: () => autosave.dispose(),
  };
  return ws;
}
