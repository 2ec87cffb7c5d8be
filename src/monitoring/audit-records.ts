/**
 * The records of one audit, without files: a batch (and the reference) prepared for the model
 * (prepare-batch.ts), outcomes joined, split by period when asked, and each slice audited
 * (batch-audit.ts). Pure (no Node APIs): `crispflow monitor` (run-monitor.ts) and the browser's
 * monitoring worker (src/designer/monitoring) both build their records here, then keep them their way.
 */
import type { Model } from '../core/ports.ts';
import type { NodeRegistry } from '../core/registry.ts';
import { takeRows, withColumns, type Table } from '../core/table/table.ts';
import { periodsFromDate, type Granularity } from '../ml/drift/periods.ts';
import { auditBatch } from './batch-audit.ts';
import { MONITORING_RECORD_FORMAT, type MonitoringRecord } from './monitoring-record.ts';
import { idColumn, joinOutcomes, outcomesFromTarget } from './outcomes.ts';
import { prepareModelInput, type ModelInput } from './prepare-batch.ts';

/** A file to audit: its name, bytes and SHA-256 (hex). */
export interface AuditFile {
  name: string;
  bytes: Uint8Array;
  fingerprint: string;
}

export interface AuditRecordsInput {
  model: Model;
  registry: NodeRegistry;
  version: { name: string; version: number; fingerprint: string; metrics?: Record<string, number | null>; fairness?: Array<{ attribute: string; privileged?: string }> };
  batch: AuditFile;
  reference: AuditFile;
  /** Outcomes (`id, outcome, outcome_date`), already read as a table, and the name they came from. */
  outcomes?: { table: Table; name: string };
  idColumn?: string;
  protectedColumn?: string;
  privileged?: string;
  period?: string;
  granularity?: Granularity;
  minRows?: number;
  at: string;
  source: MonitoringRecord['source'];
  /** The batch and reference already hold the model's input (--prepared). */
  prepared?: boolean;
  /** How files are named in messages ("The batch q3.csv"); default their names. */
  batchLabel?: string;
  referenceLabel?: string;
}

/** The prepared table, with the raw batch's protected column when the preparation left it out. */
function withProtected(input: ModelInput, column: string | undefined): Table {
  if (!column || input.table.columns.some((c) => c.name === column)) return input.table;
  const raw = input.raw.columns.find((c) => c.name === column);
  return raw ? withColumns(input.table, [raw]) : input.table;
}

export async function auditRecords(o: AuditRecordsInput): Promise<{ records: MonitoringRecord[]; notes: string[] }> {
  const { model, registry, version: v } = o;
  const notes: string[] = [];
  const batchInput = await prepareModelInput(model, registry, o.batch, o.batchLabel ?? `The batch ${o.batch.name}`, { prepared: o.prepared });
  notes.push(...batchInput.notes);
  const protectedColumn = o.protectedColumn ?? v.fairness?.[0]?.attribute;
  const batch = withProtected(batchInput, protectedColumn);
  const reference = (await prepareModelInput(model, registry, o.reference, o.referenceLabel ?? `The reference data ${o.reference.name}`, { prepared: o.prepared })).table;

  let actual = outcomesFromTarget(batchInput.raw, model);
  let actualSource = actual ? `the batch's "${model.target.column}" column` : undefined;
  if (o.outcomes) {
    const joined = joinOutcomes(batchInput.raw, idColumn(batchInput.raw, o.idColumn), o.outcomes.table, model);
    actual = joined.actual;
    actualSource = `${o.outcomes.name}${joined.latestDate ? ` (outcomes up to ${joined.latestDate})` : ''}`;
    if (joined.unknownIds) notes.push(`${joined.unknownIds} id(s) of ${o.outcomes.name} are not in the batch; they were left out.`);
  }

  const privileged = o.privileged ?? v.fairness?.[0]?.privileged;
  const base = {
    format: MONITORING_RECORD_FORMAT,
    at: o.at,
    model: { name: v.name, version: v.version, fingerprint: v.fingerprint },
    source: o.source,
    reference: { file: o.reference.name, fingerprint: o.reference.fingerprint, rows: reference.nRows },
  } as const;

  const slices: Array<{ period?: string; rows?: Int32Array }> = [];
  if (o.period) {
    const periods = periodsFromDate(batchInput.raw, o.period, o.granularity ?? 'quarter');
    if (periods.missing) notes.push(`${periods.missing} row(s) have no "${o.period}" date and belong to no period.`);
    periods.labels.forEach((label, p) => {
      const idx: number[] = [];
      for (let i = 0; i < periods.codes.length; i++) if (periods.codes[i] === p) idx.push(i);
      slices.push({ period: label, rows: Int32Array.from(idx) });
    });
  } else slices.push({});

  const records: MonitoringRecord[] = [];
  for (const s of slices) {
    const table = s.rows ? takeRows(batch, s.rows) : batch;
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
      batch: { file: o.batch.name, fingerprint: o.batch.fingerprint, rows: table.nRows, ...(s.period ? { period: s.period, periodColumn: o.period } : {}) },
      selectionRate: audit.selectionRate,
      drift: audit.drift,
      fairness: audit.fairness,
      outcomes: audit.outcomes,
      alerts: audit.alerts,
      warnings: audit.warnings,
    });
  }
  return { records, notes };
}
