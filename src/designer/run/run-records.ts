/**
 * What the app keeps of every designer run, beside the results summary: an entry in the hash-chained
 * audit log (EU AI Act Art. 12) and a version of every trained model. Also applies the review "stop"
 * before a run: a halted pipeline hands the halt to its human-review nodes, which then refuse to run.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { datasetFingerprints } from '../../core/dataset-refs.ts';
import type { PipelineDocument } from '../../core/document.ts';
import type { DatasetProvider } from '../../core/node-definition.ts';
import type { NodeRegistry } from '../../core/registry.ts';
import type { RunResult } from '../../runtime/runner.ts';
import type { CrispflowDatabase } from '../persistence/db.ts';

/** The stop recorded by the review queue (nodes/human-review ReviewHalt). */
export interface HaltRecord {
  by: string;
  reason: string;
  at: string;
}

/** Review decisions for this run: every suspending node gets `halted` when the pipeline is stopped. */
export function decisionsWithHalt(
  doc: PipelineDocument,
  registry: NodeRegistry,
  decisions: Readonly<Record<string, unknown>>,
  halt: HaltRecord | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, d] of Object.entries(decisions)) {
    // A released pipeline must not keep an old halt in the decisions it passes on.
    if (d && typeof d === 'object' && 'halted' in d) {
      const { halted: _h, ...rest } = d as Record<string, unknown>;
      out[id] = rest;
    } else out[id] = d;
  }
  if (!halt) return out;
  for (const node of doc.nodes) {
    if (!registry.get(node.type)?.capabilities?.suspends) continue;
    const given = (out[node.id] as Record<string, unknown> | undefined) ?? { decisions: [] };
    out[node.id] = { decisions: [], ...given, halted: halt };
  }
  return out;
}


export interface RunRecordsState {
  /** Bumped after each run is recorded: panels that list models or audit entries reload on it. */
  recorded: number;
  lastError?: string;
}

export interface RunRecords {
  state: StoreApi<RunRecordsState>;
  /** Decisions to run with (adds the pipeline's halt, if any). */
  prepareDecisions(doc: PipelineDocument, decisions: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Appends the audit entry and registers model versions of a finished (or waiting) run. */
  record(doc: PipelineDocument, result: RunResult): Promise<void>;
}

export interface RunRecordsOptions {
  registry: NodeRegistry;
  datasets: DatasetProvider;
  currentPipelineId(): string | undefined;
  openDb(): Promise<CrispflowDatabase>;
  /** Runs after the browser's own records (the studio keeps the run and its models in its workspace). */
  afterRecord?(doc: PipelineDocument, result: RunResult): Promise<void>;
}

export function createRunRecords(o: RunRecordsOptions): RunRecords {
  const state = createStore<RunRecordsState>(() => ({ recorded: 0 }));
  return {
    state,
    async prepareDecisions(doc, decisions) {
      const pipelineId = o.currentPipelineId();
      if (!pipelineId) return decisionsWithHalt(doc, o.registry, decisions, undefined);
      // Loaded on demand: the review store is part of the lazily loaded review code.
      const [{ getHalt }, db] = await Promise.all([import('../review/review-store.ts'), o.openDb()]);
      return decisionsWithHalt(doc, o.registry, decisions, await getHalt(db, pipelineId));
    },
    async record(doc, result) {
      if (result.status === 'invalid') return; // nothing ran
      const pipelineId = o.currentPipelineId();
      try {
        const [{ recordRunInAudit }, { recordModelVersions }, db] = await Promise.all([
          import('../review/audit-db.ts'),
          import('../models/model-store.ts'),
          o.openDb(),
        ]);
        const datasets = await datasetFingerprints(doc, o.registry, o.datasets);
        await recordRunInAudit(db, { doc, registry: o.registry, result, datasets });
        if (pipelineId) await recordModelVersions(db, { pipelineId, doc, registry: o.registry, result });
        await o.afterRecord?.(doc, result);
        state.setState((s) => ({ recorded: s.recorded + 1, lastError: undefined }));
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        state.setState((s) => ({ recorded: s.recorded + 1, lastError: message }));
        throw e;
      }
    },
  };
}
