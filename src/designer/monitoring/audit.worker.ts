/**
 * The browser's monitoring audit, off the main thread: the batch and the reference replayed through the
 * model's scoring pipeline, drift, fairness per group and alerts — the same code as `crispflow monitor`
 * (src/monitoring/audit-records.ts). Returns plain records; the page keeps them (browser-monitoring.ts).
 */
import * as Comlink from 'comlink';
import { createBuiltinRegistry } from '../../../nodes/index.ts';
import { parseCsv } from '../../io/csv.ts';
import { auditRecords, type AuditFile, type AuditRecordsInput } from '../../monitoring/audit-records.ts';

// Node definitions (for the scoring pipeline's replay) and the model scorers, installed in this worker.
const registry = createBuiltinRegistry();

export interface AuditWorkerApi {
  audit(input: Omit<AuditRecordsInput, 'registry' | 'outcomes'> & { batch: AuditFile; reference: AuditFile; outcomes?: { name: string; bytes: Uint8Array } }): ReturnType<typeof auditRecords>;
}

const api: AuditWorkerApi = {
  async audit(input) {
    const outcomes = input.outcomes ? { name: input.outcomes.name, table: parseCsv(new TextDecoder().decode(input.outcomes.bytes)).table } : undefined;
    return auditRecords({ ...input, registry, outcomes });
  },
};

Comlink.expose(api);
