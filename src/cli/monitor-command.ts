/**
 * crispflow monitor <model-version> --data <batch.csv> [--registry <dir>] [--reference <csv>] [--outcomes <csv>]
 *                   [--id <column>] [--protected <column>] [--privileged <group>] [--period <date column>]
 *                   [--granularity month|quarter|half-year|year] [--min-rows <n>] [--retrain <pipeline.json>]
 * crispflow monitor history <model> [--registry <dir>] [--json]
 *
 * Exit codes: 0 no alert, 4 an alert fired (monitoring records were written either way), 2 bad usage, a
 * batch lacking model features (the columns are named) or an unknown version, 1 the records could not be
 * kept (registry locked or its audit log damaged).
 */
import path from 'node:path';
import { GRANULARITIES, type Granularity } from '../ml/drift/periods.ts';
import { MissingFeaturesError } from '../monitoring/batch-audit.ts';
import { formatHistory, type HistoryRow } from '../monitoring/history-table.ts';
import { OutcomesError } from '../monitoring/outcomes.ts';
import { readMonitoringRecords } from '../monitoring/record-store.ts';
import { ModelVersionRefError, resolveModelVersion, versionFolder } from '../monitoring/registry-versions.ts';
import { MonitorInputError, runMonitor, type MonitorResult } from '../monitoring/run-monitor.ts';
import { MissingBatchColumnsError, ScoringPipelineError } from '../monitoring/scoring-pipeline.ts';
import { NodeError } from '../core/errors.ts';
import { auditKeyForWriting, AuditLogError } from './audit-command.ts';
import { AuditKeyError } from './audit-key.ts';
import { EXIT } from './exit-codes.ts';
import { RegistryFileError } from './model-registry-folder.ts';
import { FolderLockedError } from '../fs/file-lock.ts';

export interface MonitorCommandOptions {
  ref: string;
  data?: string;
  registry?: string;
  reference?: string;
  outcomes?: string;
  id?: string;
  protected?: string;
  privileged?: string;
  period?: string;
  granularity?: string;
  minRows?: string;
  auditKeyFile?: string;
  retrain?: string;
  /** Who asks for the challenger that --retrain trains (default: the login name). */
  requester?: string;
  /** The batch already holds the model's input (prepared as in training): the model's scoring pipeline is not applied. */
  prepared?: boolean;
}

/** Maps the errors a user can fix to exit 2 with their message; anything else is rethrown (exit 5). */
export function usageProblem(e: unknown): string | undefined {
  if (e instanceof MissingFeaturesError || e instanceof MissingBatchColumnsError || e instanceof ScoringPipelineError || e instanceof ModelVersionRefError || e instanceof MonitorInputError || e instanceof OutcomesError || e instanceof RegistryFileError || e instanceof NodeError || e instanceof AuditKeyError) return e.message;
  return undefined;
}

function printResult(r: MonitorResult): void {
  const v = r.resolved.version;
  for (const note of r.notes) console.error(note);
  for (const [i, rec] of r.records.entries()) {
    const label = rec.batch.period ? `${rec.batch.period} (${rec.batch.rows} rows)` : `${rec.batch.rows} rows`;
    console.log(`${v.name}@v${v.version} on ${rec.batch.file} ${label}: ${rec.alerts.length ? `${rec.alerts.length} ALERT(S)` : 'no alert'}`);
    for (const a of rec.alerts) console.log(`  ALERT ${a.kind}: ${a.message}`);
    for (const w of rec.warnings) console.log(`  warning: ${w}`);
    console.log(`  record: ${r.files[i]}`);
  }
}

export async function monitorCommand(o: MonitorCommandOptions): Promise<number> {
  if (!o.data) return (console.error('crispflow monitor needs --data <batch.csv> (the new rows to audit).'), EXIT.usage);
  if (o.granularity && !GRANULARITIES.includes(o.granularity as Granularity)) return (console.error(`--granularity must be one of ${GRANULARITIES.join(', ')}.`), EXIT.usage);
  const minRows = o.minRows === undefined ? undefined : Number(o.minRows);
  if (minRows !== undefined && !(Number.isInteger(minRows) && minRows > 0)) return (console.error('--min-rows must be a positive whole number.'), EXIT.usage);
  let result: MonitorResult;
  try {
    const auditKey = await auditKeyForWriting(o.auditKeyFile);
    result = await runMonitor({
      ref: o.ref,
      registry: o.registry,
      data: o.data,
      reference: o.reference,
      outcomes: o.outcomes,
      idColumn: o.id,
      protectedColumn: o.protected,
      privileged: o.privileged,
      period: o.period,
      granularity: o.granularity as Granularity | undefined,
      minRows,
      auditKey,
      prepared: o.prepared,
    });
  } catch (e) {
    if (e instanceof FolderLockedError || e instanceof AuditLogError) return (console.error(`The monitoring record could not be kept: ${e.message}`), EXIT.nodeFailed);
    const problem = usageProblem(e);
    if (problem) return (console.error(problem), EXIT.usage);
    throw e;
  }
  printResult(result);
  const fired = result.records.some((r) => r.alerts.length > 0);
  if (fired && o.retrain) {
    const { retrainCommand } = await import('./retrain-command.ts');
    console.error(`An alert fired: training a challenger with ${o.retrain} on ${o.data}.`);
    const code = await retrainCommand({ pipeline: o.retrain, champion: `${result.resolved.version.name}@v${result.resolved.version.version}`, data: o.data, registry: result.resolved.registryDir, auditKeyFile: o.auditKeyFile, requester: o.requester, protected: o.protected, privileged: o.privileged });
    if (code !== EXIT.ok) return code;
  }
  return fired ? EXIT.monitoringAlert : EXIT.ok;
}

export async function monitorHistoryCommand(o: { model: string; registry?: string; json?: boolean }): Promise<number> {
  try {
    const r = await resolveModelVersion(o.model, o.registry);
    // Every version of the model (a "@v<N>" narrows it to that one).
    const versions = /@v?\d+$/i.test(o.model) ? [r.version] : r.versions.filter((v) => v.name === r.version.name);
    const rows: HistoryRow[] = [];
    const problems: string[] = [];
    for (const v of versions.sort((a, b) => a.version - b.version)) {
      const got = await readMonitoringRecords(versionFolder(r.registryDir, r.versions, v));
      problems.push(...got.problems);
      rows.push(...got.records.map((record) => ({ version: v.version, record })));
    }
    for (const p of problems) console.error(`warning: unreadable record ${p}`);
    if (o.json) {
      console.log(JSON.stringify({ model: r.version.name, records: rows.map(({ version, record }) => ({ version, ...record, file: path.relative(r.registryDir, (record as { file?: string }).file ?? '') })) }, null, 2));
      return EXIT.ok;
    }
    if (rows.length === 0) {
      console.log(`No monitoring records for "${r.version.name}" yet. Run: crispflow monitor "${r.version.name}@v${r.version.version}" --data <batch.csv>`);
      return EXIT.ok;
    }
    console.log(`Monitoring history of "${r.version.name}" (${path.resolve(r.registryDir)})`);
    console.log(formatHistory(rows));
    return EXIT.ok;
  } catch (e) {
    const problem = usageProblem(e);
    if (problem) return (console.error(problem), EXIT.usage);
    throw e;
  }
}
