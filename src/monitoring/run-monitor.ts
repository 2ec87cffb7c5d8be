/**
 * `crispflow monitor` without the argument parsing: reads the batch, the reference and the outcomes,
 * audits the batch (or each of its periods) with batch-audit.ts and keeps the records with the version.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createBuiltinRegistry } from '../../nodes/index.ts';
import type { Model } from '../core/ports.ts';
import type { NodeRegistry } from '../core/registry.ts';
import type { Table } from '../core/table/table.ts';
import type { Granularity } from '../ml/drift/periods.ts';
import { parseCsv } from '../io/csv.ts';
import type { AuditMacKey } from '../governance/audit/mac.ts';
import { auditRecords } from './audit-records.ts';
import { prepareModelInput, type ModelInput } from './prepare-batch.ts';
import type { MonitoringRecord } from './monitoring-record.ts';
import { saveMonitoringRecords, sha256, storedReference, storeReferenceIfAbsent } from './record-store.ts';
import { loadVersionModel, resolveModelVersion, type ResolvedVersion } from './registry-versions.ts';

/** A file that cannot be read or used as a table; the CLI exits 2 with the message. */
export class MonitorInputError extends Error {}

export interface MonitorOptions {
  ref: string;
  registry?: string;
  data: string;
  reference?: string;
  outcomes?: string;
  idColumn?: string;
  protectedColumn?: string;
  privileged?: string;
  period?: string;
  granularity?: Granularity;
  minRows?: number;
  auditKey: AuditMacKey;
  now?: Date;
  source?: 'cli' | 'studio';
  /** The batch (and reference) already hold the model's input: its scoring pipeline is not applied (--prepared). */
  prepared?: boolean;
}

export interface MonitorResult {
  resolved: ResolvedVersion;
  records: MonitoringRecord[];
  files: string[];
  notes: string[];
}

export async function readCsvTable(file: string, what: string): Promise<{ table: Table; text: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new MonitorInputError(`Cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`);
  }
  const r = parseCsv(text);
  if (r.table.nRows === 0) throw new MonitorInputError(`${what} ${file} has no rows.`);
  return { table: r.table, text };
}

/** A file as bytes and text, or a MonitorInputError naming it. */
async function readBatchFile(file: string, what: string): Promise<{ bytes: Uint8Array; text: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new MonitorInputError(`Cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`);
  }
  return { bytes, text: new TextDecoder().decode(bytes) };
}

/**
 * The model's input for a batch file: replayed through the model's scoring pipeline when it has one
 * (prepare-batch.ts), else read as it is; with the file's text for its fingerprint.
 */
export async function readModelInput(model: Model, registry: NodeRegistry, file: string, what: string, o: { prepared?: boolean } = {}): Promise<ModelInput & { text: string }> {
  const { bytes, text } = await readBatchFile(file, what);
  return { ...(await prepareModelInput(model, registry, { name: path.basename(file), bytes }, `${what} ${file}`, o)), text };
}

export async function runMonitor(o: MonitorOptions): Promise<MonitorResult> {
  const registry = createBuiltinRegistry(); // installs the model scorers in this thread
  const resolved = await resolveModelVersion(o.ref, o.registry);
  const model = await loadVersionModel(resolved);
  const v = resolved.version;
  const notes: string[] = [];
  const batchFile = await readBatchFile(o.data, 'The batch');
  const batch = { name: path.basename(o.data), bytes: batchFile.bytes, fingerprint: sha256(batchFile.bytes) };

  let refFile: string;
  let refText: string;
  if (o.reference) {
    refFile = o.reference;
    refText = (await readBatchFile(o.reference, 'The reference data')).text;
  } else {
    const stored = await storedReference(resolved.folder);
    if (stored) ({ file: refFile, text: refText } = stored);
    else {
      refFile = o.data;
      refText = batchFile.text;
    }
  }
  const outcomes = o.outcomes ? { table: (await readCsvTable(o.outcomes, 'The outcomes file')).table, name: path.basename(o.outcomes) } : undefined;
  const { records, notes: auditNotes } = await auditRecords({
    model,
    registry,
    version: v,
    batch,
    reference: { name: path.basename(refFile), bytes: new TextEncoder().encode(refText), fingerprint: sha256(refText) },
    outcomes,
    idColumn: o.idColumn,
    protectedColumn: o.protectedColumn,
    privileged: o.privileged,
    period: o.period,
    granularity: o.granularity,
    minRows: o.minRows,
    at: (o.now ?? new Date()).toISOString(),
    source: o.source ?? 'cli',
    prepared: o.prepared,
    batchLabel: `The batch ${o.data}`,
    referenceLabel: `The reference data ${refFile}`,
  });
  notes.push(...auditNotes);
  // The reference is kept only once the audit succeeded (a batch that cannot be prepared leaves nothing behind).
  if (o.reference) {
    if (await storeReferenceIfAbsent(resolved, refText)) notes.push(`Kept ${o.reference} as the reference of ${v.name}@v${v.version} for later audits.`);
  } else if (refFile === o.data && (await storeReferenceIfAbsent(resolved, refText))) {
    notes.push(`No reference data yet: this batch becomes the reference of ${v.name}@v${v.version} (its drift is zero by definition). Pass --reference <training data> to measure drift against the training data instead.`);
  }
  const files = await saveMonitoringRecords(resolved, records, o.auditKey, o.source ?? 'cli');
  return { resolved, records, files, notes };
}
