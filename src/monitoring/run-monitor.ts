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
import { takeRows, withColumns } from '../core/table/table.ts';
import { periodsFromDate, type Granularity } from '../ml/drift/periods.ts';
import { parseCsv } from '../io/csv.ts';
import type { AuditMacKey } from '../governance/audit/mac.ts';
import { auditBatch } from './batch-audit.ts';
import { prepareModelInput, type ModelInput } from './prepare-batch.ts';
import { MONITORING_RECORD_FORMAT, type MonitoringRecord } from './monitoring-record.ts';
import { idColumn, joinOutcomes, outcomesFromTarget } from './outcomes.ts';
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

/** The prepared table, with the raw batch's protected column when the preparation left it out. */
function withProtected(input: ModelInput, column: string | undefined): Table {
  if (!column || input.table.columns.some((c) => c.name === column)) return input.table;
  const raw = input.raw.columns.find((c) => c.name === column);
  return raw ? withColumns(input.table, [raw]) : input.table;
}

export async function runMonitor(o: MonitorOptions): Promise<MonitorResult> {
  const registry = createBuiltinRegistry(); // installs the model scorers in this thread
  const resolved = await resolveModelVersion(o.ref, o.registry);
  const model = await loadVersionModel(resolved);
  const v = resolved.version;
  const notes: string[] = [];
  const batchInput = await readModelInput(model, registry, o.data, 'The batch', { prepared: o.prepared });
  notes.push(...batchInput.notes);
  const protectedColumn = o.protectedColumn ?? v.fairness?.[0]?.attribute;
  const batch = { table: withProtected(batchInput, protectedColumn), raw: batchInput.raw, text: batchInput.text };

  let refFile: string;
  let refText: string;
  if (o.reference) {
    refFile = o.reference;
    refText = (await readBatchFile(o.reference, 'The reference data')).text;
    if (await storeReferenceIfAbsent(resolved, refText)) notes.push(`Kept ${o.reference} as the reference of ${v.name}@v${v.version} for later audits.`);
  } else {
    const stored = await storedReference(resolved.folder);
    if (stored) ({ file: refFile, text: refText } = stored);
    else {
      refFile = o.data;
      refText = batch.text;
      await storeReferenceIfAbsent(resolved, refText);
      notes.push(`No reference data yet: this batch becomes the reference of ${v.name}@v${v.version} (its drift is zero by definition). Pass --reference <training data> to measure drift against the training data instead.`);
    }
  }
  const reference = (await prepareModelInput(model, registry, { name: path.basename(refFile), bytes: new TextEncoder().encode(refText) }, `The reference data ${refFile}`, { prepared: o.prepared })).table;

  let actual = outcomesFromTarget(batch.raw, model);
  let actualSource = actual ? `the batch's "${model.target.column}" column` : undefined;
  if (o.outcomes) {
    const outcomes = await readCsvTable(o.outcomes, 'The outcomes file');
    const joined = joinOutcomes(batch.raw, idColumn(batch.raw, o.idColumn), outcomes.table, model);
    actual = joined.actual;
    actualSource = `${path.basename(o.outcomes)}${joined.latestDate ? ` (outcomes up to ${joined.latestDate})` : ''}`;
    if (joined.unknownIds) notes.push(`${joined.unknownIds} id(s) of ${o.outcomes} are not in the batch; they were left out.`);
  }

  const privileged = o.privileged ?? v.fairness?.[0]?.privileged;
  const at = (o.now ?? new Date()).toISOString();
  const batchFingerprint = sha256(batch.text);
  const base = {
    format: MONITORING_RECORD_FORMAT,
    at,
    model: { name: v.name, version: v.version, fingerprint: v.fingerprint },
    source: o.source ?? 'cli',
    reference: { file: path.basename(refFile), fingerprint: sha256(refText), rows: reference.nRows },
  } as const;

  const slices: Array<{ period?: string; rows?: Int32Array }> = [];
  if (o.period) {
    const periods = periodsFromDate(batch.raw, o.period, o.granularity ?? 'quarter');
    if (periods.missing) notes.push(`${periods.missing} row(s) have no "${o.period}" date and belong to no period.`);
    periods.labels.forEach((label, p) => {
      const idx: number[] = [];
      for (let i = 0; i < periods.codes.length; i++) if (periods.codes[i] === p) idx.push(i);
      slices.push({ period: label, rows: Int32Array.from(idx) });
    });
  } else slices.push({});

  const records: MonitoringRecord[] = [];
  for (const s of slices) {
    const table = s.rows ? takeRows(batch.table, s.rows) : batch.table;
    const sliceActual = actual && s.rows ? Int8Array.from(s.rows, (i) => actual![i]) : actual;
    const audit = await auditBatch({
      model,
      registeredMetrics: v.metrics,
      reference,
      batch: table,
      actual: sliceActual,
      actualSource: actualSource && sliceActual ? `${actualSource}: ${sliceActual.reduce((m, a) => m + (a >= 0 ? 1 : 0), 0)} of ${table.nRows} rows with an outcome` : actualSource,
      protectedColumn,
      privileged,
      minRows: o.minRows,
    });
    records.push({
      ...base,
      batch: { file: path.basename(o.data), fingerprint: batchFingerprint, rows: table.nRows, ...(s.period ? { period: s.period, periodColumn: o.period } : {}) },
      selectionRate: audit.selectionRate,
      drift: audit.drift,
      fairness: audit.fairness,
      outcomes: audit.outcomes,
      alerts: audit.alerts,
      warnings: audit.warnings,
    });
  }
  const files = await saveMonitoringRecords(resolved, records, o.auditKey, o.source ?? 'cli');
  return { resolved, records, files, notes };
}
