/**
 * Monitoring without a studio: the records of a model version saved in this browser are kept with that
 * version in IndexedDB (its `models` entry: `monitoring`, and the reference drift is measured against),
 * each announced in the browser's hash-chained audit log in the same transaction. The audit itself runs
 * in a worker (audit.worker.ts) with the same code as `crispflow monitor` (src/monitoring/audit-records.ts),
 * the batch replayed through the model's scoring pipeline.
 */
import * as Comlink from 'comlink';
import type { DatasetRef } from '../../core/node-definition.ts';
import type { Model } from '../../core/ports.ts';
import type { ModelVersion } from '../../governance/registry/model-version.ts';
import type { MonitoringRecord } from '../../monitoring/monitoring-record.ts';
import { isRefused, scoringInfoOf } from '../../monitoring/scoring-pipeline.ts';
import { browserDatasetProvider } from '../datasets/browser-dataset-provider.ts';
import type { CrispflowDatabase, StoredModel } from '../persistence/db.ts';
import type { AuditWorkerApi } from './audit.worker.ts';
import type { ListedRecord } from './monitoring-series.ts';
import type { AuditRequest, ModelMonitoring } from './studio-monitoring.ts';

/** What a model version's IndexedDB entry holds for monitoring (besides its version record). */
export type MonitoredModel = StoredModel & {
  record: ModelVersion;
  /** The trained model with its scoring pipeline (saved by recordModelVersions). */
  model?: Model;
  monitoring?: MonitoringRecord[];
  /** The data drift is measured against: the first audit's reference, kept for later audits. */
  monitoringReference?: { name: string; fingerprint: string; bytes: Uint8Array };
};

const hex = (buf: ArrayBuffer) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
export const sha256Bytes = async (bytes: Uint8Array) => hex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));

async function versionsOf(db: CrispflowDatabase, name: string): Promise<MonitoredModel[]> {
  const all = (await db.getAll('models')) as MonitoredModel[];
  return all.filter((m) => m.record?.name === name).sort((a, b) => a.record.version - b.record.version);
}

/** Every record of every version of the model, as the studio API lists them (for the same charts). */
export async function listBrowserMonitoring(db: CrispflowDatabase, name: string): Promise<ModelMonitoring & { saved: number[] }> {
  const versions = await versionsOf(db, name);
  const records: ListedRecord[] = versions.flatMap((m) =>
    (m.monitoring ?? []).map((r, i) => ({ ...r, version: m.record.version, stage: m.record.stage ?? null, file: `${m.id}#${i + 1}` })),
  );
  records.sort((a, b) => a.version - b.version || (a.batch.period ?? '').localeCompare(b.batch.period ?? '') || a.at.localeCompare(b.at));
  return {
    model: name,
    versions: versions.map((m) => ({ version: m.record.version, stage: m.record.stage ?? null, createdAt: m.record.createdAt })),
    records,
    problems: [],
    saved: versions.filter((m) => m.model).map((m) => m.record.version),
  };
}

let worker: Comlink.Remote<AuditWorkerApi> | undefined;
function auditWorker(): Comlink.Remote<AuditWorkerApi> {
  worker ??= Comlink.wrap<AuditWorkerApi>(new Worker(new URL('./audit.worker.ts', import.meta.url), { type: 'module', name: 'monitoring-audit' }));
  return worker;
}

async function readUpload(name: string, what: string): Promise<{ name: string; bytes: Uint8Array }> {
  try {
    const d = await browserDatasetProvider.read({ source: 'upload', name });
    return { name: d.name, bytes: d.bytes };
  } catch (e) {
    throw new Error(`${what} "${name}" cannot be read: ${(e as Error).message}`);
  }
}

/** The dataset the model was trained on (its scoring pipeline's source), if it can be named. */
function trainingDataRef(model: Model): DatasetRef | undefined {
  const info = scoringInfoOf(model);
  if (!info || isRefused(info)) return undefined;
  const p = info.steps[0]?.params as { source?: string; name?: string };
  return p?.name && (p.source === 'sample' || p.source === 'upload') ? { source: p.source, name: p.name } : undefined;
}

/**
 * Audits an uploaded dataset with one saved model version in the worker, keeps the records with the
 * version and appends one audit entry per record, all in one transaction.
 */
export async function runBrowserAudit(db: CrispflowDatabase, name: string, version: number, request: AuditRequest): Promise<{ records: MonitoringRecord[]; notes: string[]; alert: boolean }> {
  const id = `${name}@${version}`;
  const stored = (await db.get('models', id)) as MonitoredModel | undefined;
  if (!stored) throw new Error(`No saved version ${version} of "${name}" in this browser.`);
  if (!stored.model) throw new Error(`"${name}" v${version} was saved before this browser kept trained models: run its pipeline again (a new version keeps the model), then audit that version.`);
  const notes: string[] = [];
  const batch = await readUpload(request.data, 'The batch');
  let reference: { name: string; bytes: Uint8Array; fingerprint: string };
  if (request.reference) {
    const r = await readUpload(request.reference, 'The reference data');
    reference = { ...r, fingerprint: await sha256Bytes(r.bytes) };
  } else if (stored.monitoringReference) {
    reference = stored.monitoringReference;
  } else {
    const ref = trainingDataRef(stored.model);
    if (ref) {
      const d = await browserDatasetProvider.read(ref);
      reference = { name: d.name, bytes: d.bytes, fingerprint: await sha256Bytes(d.bytes) };
      notes.push(`Drift is measured against the training data ${d.name}; it is kept as this version's reference.`);
    } else {
      reference = { ...batch, fingerprint: await sha256Bytes(batch.bytes) };
      notes.push('No reference data yet: this batch becomes the reference (its drift is zero by definition). Choose the training data as the reference to measure drift against it.');
    }
  }
  const outcomes = request.outcomes ? await readUpload(request.outcomes, 'The outcomes file') : undefined;
  const result = await auditWorker().audit({
    model: stored.model,
    version: { name: stored.record.name, version: stored.record.version, fingerprint: stored.record.fingerprint, metrics: stored.record.metrics, fairness: stored.record.fairness },
    batch: { ...batch, fingerprint: await sha256Bytes(batch.bytes) },
    reference,
    outcomes,
    protectedColumn: request.protected,
    period: request.period,
    at: new Date().toISOString(),
    source: 'browser',
  });
  const { appendAuditBatch } = await import('../review/audit-db.ts');
  const entries = await Promise.all(
    result.records.map(async (rec, i) => ({
      kind: 'model' as const,
      actor: 'designer',
      at: rec.at,
      data: {
        event: 'monitored',
        name: rec.model.name,
        version: rec.model.version,
        fingerprint: rec.model.fingerprint,
        record: `${id}#${(stored.monitoring?.length ?? 0) + i + 1}`,
        recordSha256: await sha256Bytes(new TextEncoder().encode(JSON.stringify(rec))),
        batchFingerprint: rec.batch.fingerprint,
        rows: rec.batch.rows,
        ...(rec.batch.period ? { period: rec.batch.period } : {}),
        alerts: rec.alerts.map((a) => `${a.kind}:${a.subject}`),
      },
    })),
  );
  await appendAuditBatch(db, entries, async (tx) => {
    const store = tx.objectStore('models');
    const current = (await store.get(id)) as MonitoredModel | undefined;
    if (!current) throw new Error(`"${name}" v${version} was deleted while it was audited; nothing was kept.`);
    current.monitoring = [...(current.monitoring ?? []), ...result.records];
    current.monitoringReference ??= reference;
    await store.put(current);
  });
  return { records: result.records, notes: [...notes, ...result.notes], alert: result.records.some((r) => r.alerts.length > 0) };
}
