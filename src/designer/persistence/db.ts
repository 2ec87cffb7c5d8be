/**
 * The designer's one IndexedDB (via `idb`). Everything the app keeps on this machine lives here:
 * pipelines (autosaved), uploaded datasets (metadata + bytes), last run results, model versions and
 * the review audit log. Nothing here is ever sent over the network.
 *
 * Bump DB_VERSION and add a step in `upgrade` when a store or index is added; never drop user data.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { PipelineDocument } from '../../core/document.ts';
import type { ColumnSchema } from '../../core/table/table.ts';

export const DB_NAME = 'crispflow';
export const DB_VERSION = 2;

/** One pipeline in the project list. */
export interface StoredPipeline {
  id: string;
  name: string;
  doc: PipelineDocument;
  createdAt: number;
  updatedAt: number;
}

/** Metadata of an uploaded dataset (the bytes are in `datasetBlobs` under the same id). */
export interface StoredDataset {
  id: string;
  /** File name as uploaded, e.g. "employees.csv"; dataset-source nodes refer to it. */
  name: string;
  size: number;
  rows?: number;
  columns?: ColumnSchema[];
  fingerprint: string;
  createdAt: number;
  /** Import problems (bad rows, encoding) shown in the datasets panel. */
  problems?: string[];
  [extra: string]: unknown;
}

export interface StoredDatasetBlob {
  id: string;
  bytes: Uint8Array;
}

/** Per-node outcome of the last run, as shown on the node cards after a reload. */
export interface StoredNodeResult {
  status: 'ok' | 'cached' | 'error' | 'skipped' | 'waiting' | 'pending';
  ms?: number;
  error?: string;
  /** JSON summaries per output port (summarizeOutput). */
  outputs?: Record<string, unknown>;
  /** The one-line result shown on the node card. */
  headline?: string;
}

/** The last run's summary for one pipeline (keyed by pipeline id). */
export interface StoredResults {
  pipelineId: string;
  savedAt: number;
  status: 'ok' | 'error' | 'stopped' | 'waiting';
  nodes: Record<string, StoredNodeResult>;
  /** Configuration keys of the nodes when the run started (results of changed nodes show as outdated). */
  keys?: Record<string, string>;
}

export interface StoredModel {
  id: string;
  pipelineId?: string;
  nodeId?: string;
  kind: string;
  fingerprint: string;
  createdAt: number;
  [extra: string]: unknown;
}

export interface StoredAuditEntry {
  /** Auto-incremented sequence number (append-only log). */
  seq?: number;
  /** ISO time (src/governance/audit/chain.ts AuditEntry). */
  at: string;
  hash: string;
  prevHash: string;
  [extra: string]: unknown;
}

/** A human-review queue waiting for (or done with) decisions: the review node's request. */
export interface StoredReviewQueue {
  /** `${pipelineId}:${nodeId}:${runKey}`. */
  id: string;
  pipelineId: string;
  nodeId: string;
  createdAt: number;
  /** The review request (items, threshold, options) as the node produced it. */
  request: unknown;
  status: 'open' | 'done';
}

/**
 * One reviewer's decision on one item. Keyed [queueId, itemId, round]: `add` fails when the key exists,
 * which is the check-and-set that keeps two tabs from deciding one item twice. Round 2 is the second
 * reviewer in four-eyes mode (round 3 settles a disagreement).
 */
export interface StoredReviewDecision {
  queueId: string;
  itemId: string;
  round: number;
  reviewer: string;
  decision: 'accept' | 'override';
  finalDecision: string;
  reason: string;
  /** The reviewer's own assessment, written before the score was shown (when the score was hidden). */
  assessment?: string;
  group?: string;
  at: number;
  /** Sequence number of the audit entry written in the same transaction. */
  auditSeq: number;
  /** Review mode: the bulk decision this was part of, and who confirmed it (four-eyes), if anyone. */
  bulkId?: string;
  confirmedBy?: string;
}

/** Small records: the audit log's anchor (head seq and hash), pipeline halts, settings. */
export interface StoredMeta {
  id: string;
  [extra: string]: unknown;
}

export interface CrispflowDB extends DBSchema {
  pipelines: { key: string; value: StoredPipeline; indexes: { updatedAt: number } };
  datasets: { key: string; value: StoredDataset; indexes: { name: string } };
  datasetBlobs: { key: string; value: StoredDatasetBlob };
  results: { key: string; value: StoredResults };
  models: { key: string; value: StoredModel; indexes: { pipelineId: string } };
  audit: { key: number; value: StoredAuditEntry };
  reviewQueues: { key: string; value: StoredReviewQueue; indexes: { pipelineId: string } };
  reviewDecisions: { key: [string, string, number]; value: StoredReviewDecision; indexes: { queueId: string } };
  meta: { key: string; value: StoredMeta };
}

export type CrispflowDatabase = IDBPDatabase<CrispflowDB>;

let opened: Promise<CrispflowDatabase> | undefined;

/** Opens (once per page) the app database, creating the stores on first use. */
export function openCrispflowDb(name: string = DB_NAME): Promise<CrispflowDatabase> {
  if (name !== DB_NAME) return openWithSchema(name);
  opened ??= openWithSchema(name);
  return opened;
}

function openWithSchema(name: string): Promise<CrispflowDatabase> {
  return openDB<CrispflowDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const pipelines = db.createObjectStore('pipelines', { keyPath: 'id' });
        pipelines.createIndex('updatedAt', 'updatedAt');
        const datasets = db.createObjectStore('datasets', { keyPath: 'id' });
        datasets.createIndex('name', 'name');
        db.createObjectStore('datasetBlobs', { keyPath: 'id' });
        db.createObjectStore('results', { keyPath: 'pipelineId' });
        const models = db.createObjectStore('models', { keyPath: 'id' });
        models.createIndex('pipelineId', 'pipelineId');
        db.createObjectStore('audit', { keyPath: 'seq', autoIncrement: true });
      }
      if (oldVersion < 2) {
        // Human review (issue 7): queues, decisions (check-and-set by key), the audit anchor.
        const queues = db.createObjectStore('reviewQueues', { keyPath: 'id' });
        queues.createIndex('pipelineId', 'pipelineId');
        const decisions = db.createObjectStore('reviewDecisions', { keyPath: ['queueId', 'itemId', 'round'] });
        decisions.createIndex('queueId', 'queueId');
        db.createObjectStore('meta', { keyPath: 'id' });
      }
    },
    blocking(_current, _blocked, event) {
      // Another tab wants a newer version: close so it can upgrade; this tab reopens on next use.
      (event.target as IDBDatabase).close();
      opened = undefined;
    },
  });
}
