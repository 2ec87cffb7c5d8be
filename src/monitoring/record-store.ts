/**
 * Monitoring records kept with their version in the registry, `<version folder>/monitoring/*.json`,
 * each written atomically and announced in the registry's authenticated audit log (event "monitored",
 * with the record's file, SHA-256 and alert count), all under the registry folder's lock — the same
 * lock registrations take, so a record never lands between a registration's steps.
 *
 * The version's reference data (what drift is measured against) is kept beside the records as
 * `monitoring/reference.csv`: the file given with --reference the first time (or the first batch audited,
 * when none was given); later audits use it unless another --reference is given.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuditMacKey } from '../governance/audit/mac.ts';
import { removeStaleTempFiles, writeFileAtomic } from '../fs/atomic-write.ts';
import { withFolderLock } from '../fs/file-lock.ts';
import { AUDIT_FILE, appendAuditEntries } from '../cli/audit-command.ts';
import { MONITORING_RECORD_FORMAT, parseMonitoringRecord, recordFileName, type MonitoringRecord } from './monitoring-record.ts';
import type { ResolvedVersion } from './registry-versions.ts';

export const MONITORING_DIR = 'monitoring';
export const REFERENCE_FILE = 'reference.csv';

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Saves the records (one per period, or one) and their audit entries; returns the files written. */
export async function saveMonitoringRecords(r: ResolvedVersion, records: MonitoringRecord[], key: AuditMacKey, actor = 'cli'): Promise<string[]> {
  const dir = path.join(r.folder, MONITORING_DIR);
  return withFolderLock(
    r.registryDir,
    async () => {
      await mkdir(dir, { recursive: true });
      await removeStaleTempFiles(dir);
      const files: string[] = [];
      const entries = [];
      const taken = new Set(await readdir(dir));
      for (const rec of records) {
        let name = recordFileName(rec.at, rec.batch.period);
        for (let k = 2; taken.has(name); k++) name = recordFileName(rec.at, `${rec.batch.period ?? ''}-${k}`);
        taken.add(name);
        const text = JSON.stringify(rec, null, 2) + '\n';
        const file = path.join(dir, name);
        await writeFileAtomic(file, text);
        files.push(file);
        entries.push({
          kind: 'model' as const,
          actor,
          at: rec.at,
          data: {
            event: 'monitored',
            name: rec.model.name,
            version: rec.model.version,
            fingerprint: rec.model.fingerprint,
            record: path.relative(r.registryDir, file),
            recordSha256: sha256(text),
            batchFingerprint: rec.batch.fingerprint,
            rows: rec.batch.rows,
            ...(rec.batch.period ? { period: rec.batch.period } : {}),
            alerts: rec.alerts.map((a) => `${a.kind}:${a.subject}`),
          },
        });
      }
      await appendAuditEntries(path.join(r.registryDir, AUDIT_FILE), entries, key);
      return files;
    },
    { what: `The model registry in ${r.registryDir}` },
  );
}

/** Every record of the version, oldest first (by time, then period); unreadable files are reported, not skipped silently. */
export async function readMonitoringRecords(versionFolder: string): Promise<{ records: Array<MonitoringRecord & { file: string }>; problems: string[] }> {
  const dir = path.join(versionFolder, MONITORING_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const records: Array<MonitoringRecord & { file: string }> = [];
  const problems: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (e) {
      problems.push(`${file}: ${(e as Error).message}`);
      continue;
    }
    const rec = parseMonitoringRecord(parsed);
    if (typeof rec === 'string') problems.push(`${file}: ${rec}`);
    else records.push({ ...rec, file });
  }
  records.sort((a, b) => (a.batch.period ?? '').localeCompare(b.batch.period ?? '') || a.at.localeCompare(b.at));
  return { records, problems };
}

/** The stored reference, if any. */
export async function storedReference(versionFolder: string): Promise<{ file: string; text: string } | undefined> {
  const file = path.join(versionFolder, MONITORING_DIR, REFERENCE_FILE);
  return readFile(file, 'utf8').then((text) => ({ file, text }), () => undefined);
}

/** Keeps `text` as the version's reference (only when none is stored yet). */
export async function storeReferenceIfAbsent(r: ResolvedVersion, text: string): Promise<boolean> {
  return withFolderLock(r.registryDir, async () => {
    if (await storedReference(r.folder)) return false;
    await mkdir(path.join(r.folder, MONITORING_DIR), { recursive: true });
    await writeFileAtomic(path.join(r.folder, MONITORING_DIR, REFERENCE_FILE), text);
    return true;
  });
}

export { MONITORING_RECORD_FORMAT };
