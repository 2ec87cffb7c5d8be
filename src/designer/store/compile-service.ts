/**
 * Keeps an up-to-date compile of the document (problems per node, derived schemas) in a small store
 * of its own, so node cards and the inspector see problems before anything runs. Dataset schemas
 * (for column pickers downstream of sources) are fetched asynchronously and trigger a recompile.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { compile, datasetKey } from '../../core/compiler.ts';
import { pipelineDatasetRefs } from '../../core/dataset-refs.ts';
import type { PipelineDocument } from '../../core/document.ts';
import type { Problem } from '../../core/errors.ts';
import type { DatasetProvider, DatasetRef } from '../../core/node-definition.ts';
import type { CompileResult } from '../../core/plan.ts';
import type { NodeRegistry } from '../../core/registry.ts';
import type { TableSchema } from '../../core/table/table.ts';
import type { PipelineStore } from './pipeline-store.ts';

export interface CompileState {
  result: CompileResult;
  /** Problems per node id; an unchanged list keeps its identity so cards do not re-render. */
  byNode: Record<string, Problem[]>;
  /** Problems not tied to one node (document shape). */
  general: Problem[];
  /** Each planned node's cache key (without dataset fingerprints): tells which results are out of date. */
  keys: Record<string, string>;
}

export type CompileStore = StoreApi<CompileState>;

const NONE: Problem[] = [];

function sameProblems(a: Problem[], b: Problem[]): boolean {
  return a.length === b.length && a.every((p, i) => p.message === b[i].message && p.field === b[i].field);
}

/** Groups problems by node, reusing previous arrays that did not change. */
export function groupProblems(problems: Problem[], previous: Record<string, Problem[]>): CompileState['byNode'] {
  const grouped: Record<string, Problem[]> = {};
  for (const p of problems) if (p.nodeId) (grouped[p.nodeId] ??= []).push(p);
  for (const [id, list] of Object.entries(grouped)) {
    const prev = previous[id];
    if (prev && sameProblems(prev, list)) grouped[id] = prev;
  }
  return grouped;
}

const sameSchema = (a: TableSchema | undefined, b: TableSchema | undefined): boolean => a === b || (!!a && !!b && JSON.stringify(a) === JSON.stringify(b));

export function problemsOf(state: CompileState, nodeId: string): Problem[] {
  return state.byNode[nodeId] ?? NONE;
}


export function createCompileService(
  pipeline: PipelineStore,
  registry: NodeRegistry,
  datasets?: DatasetProvider,
): { store: CompileStore; dispose(): void; refreshDatasets(): void } {
  const schemas = new Map<string, TableSchema | undefined>();
  const pending = new Set<string>();
  // Datasets changed (refreshDatasets) since: a schema fetched in an older generation is asked for again,
  // and kept in use until its answer comes.
  let generation = 0;
  const fetchedIn = new Map<string, number>();
  const env = { datasetSchema: (ref: DatasetRef) => schemas.get(datasetKey(ref)) };

  const run = (doc: PipelineDocument): CompileState => {
    const result = compile(doc, registry, { env });
    const prev = current;
    const keys: Record<string, string> = {};
    for (const step of result.plan?.steps ?? []) keys[step.nodeId] = step.cacheKey;
    return {
      result,
      byNode: groupProblems(result.problems, prev?.byNode ?? {}),
      general: result.problems.filter((p) => !p.nodeId),
      keys,
    };
  };

  const fetchSchemas = (doc: PipelineDocument) => {
    if (!datasets?.schema) return;
    for (const ref of pipelineDatasetRefs(doc, registry)) {
      const key = datasetKey(ref);
      if (fetchedIn.get(key) === generation || pending.has(key) || !ref.name) continue;
      pending.add(key);
      const asked = generation;
      fetchedIn.set(key, asked);
      const known = schemas.has(key);
      const before = schemas.get(key);
      datasets
        .schema(ref)
        .catch(() => undefined)
        .then((s) => {
          pending.delete(key);
          schemas.set(key, s);
          // Recompile only for news: an unchanged schema leaves problems and cards as they are. A
          // refresh while this was asked for may have made the answer stale: the compile asks again.
          if (known ? !sameSchema(before, s) : s !== undefined) schedule();
          else if (asked !== generation) schedule();
        });
    }
  };

  // The last state, so a recompile can keep unchanged problem lists (set before the store exists).
  let current: CompileState | undefined;
  const store: CompileStore = createStore<CompileState>(() => (current = run(pipeline.getState().doc)));
  store.subscribe((s) => (current = s));
  fetchSchemas(pipeline.getState().doc);

  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle: number | undefined;
  const compileNow = () => {
    timer = undefined;
    idle = undefined;
    const doc = pipeline.getState().doc;
    fetchSchemas(doc);
    store.setState(run(doc));
  };
  function schedule() {
    if (timer !== undefined || idle !== undefined) return;
    // Coalesce bursts of edits (paste, undo of many steps) into one compile, and let the edit paint
    // first: on big pipelines compiling takes tens of milliseconds.
    if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(compileNow, { timeout: 120 });
    else timer = setTimeout(compileNow, 0);
  }
  const unsubscribe = pipeline.subscribe((s, prev) => {
    if (s.doc !== prev.doc) schedule();
  });
  return {
    store,
    dispose() {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
      if (idle !== undefined) cancelIdleCallback(idle);
    },
    /**
     * Datasets changed (an upload, a studio copy, a delete): ask for every schema again. The known ones
     * stay in use until then, so the compile does not first run without them (problems flashing on every
     * card downstream, and everything compiled and rendered twice per changed dataset).
     */
    refreshDatasets() {
      generation++;
      fetchSchemas(pipeline.getState().doc);
    },
  };
}
