/**
 * The CLI's audit trail: `<out>/audit.jsonl` (hash-chained and authenticated, one entry per line) with
 * its anchor `<out>/audit.anchor.json` (head seq, hash and MAC, entry count; itself MAC'd), and
 *   crispflow audit verify <audit.jsonl>   exit 0 intact and authenticated, 1 naming the first problem
 *                                          (also for an unauthenticated legacy log), 2 when it cannot be read
 *   crispflow audit seal <audit.jsonl>     pins a legacy (pre-authentication) log with an authenticated entry
 * The key is outside the log (audit-key.ts). Appends take the folder's lock (src/fs/file-lock.ts, the
 * same lock the model registry takes), write the log and then the anchor, each atomically: a crash
 * between the two leaves authenticated entries after the anchor, which verify explains.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { datasetFingerprints } from '../core/dataset-refs.ts';
import type { PipelineDocument } from '../core/document.ts';
import type { DatasetProvider } from '../core/node-definition.ts';
import type { NodeRegistry } from '../core/registry.ts';
import {
  anchorOf,
  authenticateAnchor,
  describeVerifyResult,
  makeEntry,
  sealInput,
  verifyChain,
  type AuditAnchor,
  type AuditEntry,
  type AuditEntryInput,
  type VerifyResult,
} from '../governance/audit/chain.ts';
import type { AuditMacKey } from '../governance/audit/mac.ts';
import { parseJsonLines, toJsonLines } from '../governance/audit/export.ts';
import { sha256Hex } from '../governance/audit/sha256.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { withFolderLock } from '../fs/file-lock.ts';
import { pipelineHash, runAuditInput as sharedRunAuditInput } from '../runtime/run-audit.ts';
import type { RunResult } from '../runtime/runner.ts';
import { AUDIT_KEY_ENV, auditKeyForWriting, auditKeyPath, AuditKeyError, loadAuditKey } from './audit-key.ts';
import { EXIT } from './exit-codes.ts';

export const AUDIT_FILE = 'audit.jsonl';

/** The audit log cannot be appended to (damaged, legacy, unreadable): the message says what to do. */
export class AuditLogError extends Error {}

/** `audit.jsonl` → `audit.anchor.json` beside it. */
export function anchorPathFor(logFile: string): string {
  const dir = path.dirname(logFile);
  const base = path.basename(logFile).replace(/\.jsonl$/i, '');
  return path.join(dir, `${base}.anchor.json`);
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

// In audit-key.ts, so a run loads the key without this module (the audit log code loads once the run has started).
export { auditKeyForWriting };

/** A log file and its anchor as stored (either may be absent). Throws AuditLogError when unreadable. */
export async function readAuditLogFile(logFile: string): Promise<{ entries: AuditEntry[]; anchor?: AuditAnchor }> {
  const parsed = parseJsonLines((await readIfExists(logFile)) ?? '');
  if (parsed.error) throw new AuditLogError(`${logFile} line ${parsed.error.line} is not valid JSON (${parsed.error.message}): the audit log is damaged.`);
  const anchorFile = anchorPathFor(logFile);
  const anchorText = await readIfExists(anchorFile);
  let anchor: AuditAnchor | undefined;
  if (anchorText !== undefined) {
    try {
      anchor = JSON.parse(anchorText) as AuditAnchor;
    } catch (e) {
      throw new AuditLogError(`The anchor file ${anchorFile} is not valid JSON (${(e as Error).message}): the audit log's anchor is damaged.`);
    }
  }
  return { entries: parsed.entries as AuditEntry[], anchor };
}

async function writeLogAndAnchor(logFile: string, all: AuditEntry[], key: AuditMacKey): Promise<void> {
  await writeFileAtomic(logFile, toJsonLines(all));
  afterLogWrittenHook?.();
  await writeFileAtomic(anchorPathFor(logFile), JSON.stringify(await authenticateAnchor(anchorOf(all)!, key), null, 2) + '\n');
}

/** Tests only: runs between writing the log and writing its anchor (to simulate a crash there). */
let afterLogWrittenHook: (() => void) | undefined;
export function setAfterAuditLogWrittenHookForTests(hook: (() => void) | undefined): void {
  afterLogWrittenHook = hook;
}

/**
 * Appends authenticated entries to a JSON Lines audit log and moves its anchor, holding the folder's lock.
 * Refuses a log that does not verify (appending would bury the damage under valid-looking entries) and a
 * legacy log that was never sealed (`crispflow audit seal` pins it after a person has checked it).
 */
export async function appendAuditEntries(logFile: string, inputs: AuditEntryInput[], key: AuditMacKey, o: { lockWaitMs?: number } = {}): Promise<AuditEntry[]> {
  return withFolderLock(
    path.dirname(logFile),
    async () => {
      const { entries, anchor } = await readAuditLogFile(logFile).catch((e: Error) => {
        throw new AuditLogError(`${e.message} Nothing was appended.`);
      });
      const check = await verifyChain(entries, anchor, { key });
      if (!check.ok) {
        throw new AuditLogError(`${logFile} does not verify (${check.reason}), so nothing was appended. Keep the file as evidence and start a new output folder.`);
      }
      if (!check.authenticated) {
        throw new AuditLogError(
          `${logFile} was written before Crispflow authenticated audit entries (legacy format, ${check.legacyEntries} entries), so nothing was appended. ` +
            `Check it, then pin it with "crispflow audit seal ${logFile}", or use a new output folder.`,
        );
      }
      const added: AuditEntry[] = [];
      let head = entries[entries.length - 1];
      for (const input of inputs) {
        head = await makeEntry(head, input, key);
        added.push(head);
      }
      await writeLogAndAnchor(logFile, [...entries, ...added], key);
      return added;
    },
    { what: `The audit log ${logFile}`, waitMs: o.lockWaitMs },
  );
}

/** Appends the authenticated seal entry to a legacy log that verifies; returns it (undefined if nothing to seal). */
export async function sealAuditLog(logFile: string, key: AuditMacKey): Promise<{ sealed?: AuditEntry; check: VerifyResult }> {
  return withFolderLock(path.dirname(logFile), async () => {
    const { entries, anchor } = await readAuditLogFile(logFile);
    const check = await verifyChain(entries, anchor, { key });
    if (!check.ok || check.authenticated) return { check };
    const head = entries[entries.length - 1];
    const sealed = await makeEntry(head, sealInput(head, check.legacyEntries, 'cli'), key);
    await writeLogAndAnchor(logFile, [...entries, sealed], key);
    return { sealed, check };
  });
}

export { datasetFingerprints, pipelineHash };


/** The run entry of a CLI run (see src/runtime/run-audit.ts), with the pipeline file's path. */
export async function runAuditInput(args: {
  doc: PipelineDocument;
  file: string;
  registry: NodeRegistry;
  datasets: DatasetProvider;
  result: RunResult;
  note?: string;
  /** SHA-256 of the summary.json this run wrote. */
  summarySha256?: string;
}): Promise<AuditEntryInput> {
  return sharedRunAuditInput({
    doc: args.doc,
    registry: args.registry,
    result: args.result,
    datasets: await datasetFingerprints(args.doc, args.registry, args.datasets),
    actor: 'cli',
    extra: { pipelineFile: path.resolve(args.file), ...(args.note ? { note: args.note } : {}), ...(args.summarySha256 ? { summarySha256: args.summarySha256 } : {}) },
  });
}

/** What a log file needs to be checked: the log's text, then the key (only read, never created here). */
async function openForCheck(file: string, keyFile?: string): Promise<{ code: number } | { entries: AuditEntry[]; anchor?: AuditAnchor; key?: AuditMacKey; keyPath: string }> {
  let text: string | undefined;
  try {
    text = await readIfExists(file);
  } catch (e) {
    console.error(`Cannot read "${file}": ${(e as Error).message}.`);
    return { code: EXIT.usage };
  }
  if (text === undefined) {
    console.error(`Cannot read "${file}": no such file.`);
    return { code: EXIT.usage };
  }
  let stored;
  try {
    stored = await readAuditLogFile(file);
  } catch (e) {
    console.log(`FAILED: ${(e as Error).message}`);
    return { code: EXIT.nodeFailed };
  }
  const keyPath = auditKeyPath(keyFile);
  try {
    return { ...stored, key: await loadAuditKey(keyPath, { create: false }), keyPath };
  } catch (e) {
    if (!(e instanceof AuditKeyError)) throw e;
    console.error(e.message);
    return { code: EXIT.usage };
  }
}

export async function auditVerifyCommand({ file, keyFile }: { file: string; keyFile?: string }): Promise<number> {
  const opened = await openForCheck(file, keyFile);
  if ('code' in opened) return opened.code;
  const r = await verifyChain(opened.entries, opened.anchor, { key: opened.key });
  if (!r.ok && r.problem === 'no-key') {
    console.error(
      `Cannot verify ${file}: ${r.reason} There is no audit key at ${opened.keyPath}; give the key that wrote the log with --audit-key <file> or ${AUDIT_KEY_ENV}.`,
    );
    return EXIT.usage;
  }
  if (!r.ok) {
    console.log(`FAILED: ${r.reason}`);
    return EXIT.nodeFailed;
  }
  if (r.count === 0) {
    // The CLI creates a log with its first entry: an empty one had its entries (and anchor) removed.
    console.log(`FAILED: ${file} has no entries and no anchor. Crispflow never writes an empty audit log: its entries were deleted.`);
    return EXIT.nodeFailed;
  }
  if (!r.authenticated) {
    console.log(`UNAUTHENTICATED (legacy format): ${describeVerifyResult(r).replace(/^Unauthenticated \(legacy format\): /, '')}`);
    console.error(`If you have checked it, pin it from now on with: crispflow audit seal ${file}`);
    return EXIT.nodeFailed;
  }
  const dir = path.dirname(file);
  const summaryNote = await summaryMatchesLastRun(dir, opened.entries);
  // The audit log of a model registry: registry.json and the log must account for each other.
  if (path.basename(file) === AUDIT_FILE && (await readIfExists(path.join(dir, 'registry.json'))) !== undefined) {
    const { explainRegistryFolder } = await import('./model-registry-folder.ts');
    const ex = await explainRegistryFolder(dir).catch((e: Error) => e);
    if (ex instanceof Error) {
      console.log(`FAILED: the log verifies, but ${ex.message}`);
      return EXIT.nodeFailed;
    }
    if (ex.unexplained.length && !ex.legacy) {
      console.log(`FAILED: the log verifies, but the registry beside it does not match it: ${ex.notes.join(' ')}`);
      return EXIT.nodeFailed;
    }
    console.log(`OK: ${describeVerifyResult(r).replace(/^Intact: /, '')}`);
    for (const note of ex.notes) console.log(`  registry: ${note}`);
    return EXIT.ok;
  }
  console.log(`OK: ${describeVerifyResult(r).replace(/^Intact: /, '')}`);
  if (summaryNote) console.log(`  ${summaryNote}`);
  return EXIT.ok;
}

/**
 * Whether summary.json beside an output folder's log is the one its last run entry records. A kill
 * after summary.json was written and before the run's entry was appended leaves a summary no entry names.
 */
async function summaryMatchesLastRun(dir: string, entries: AuditEntry[]): Promise<string | undefined> {
  const text = await readIfExists(path.join(dir, 'summary.json')).catch(() => undefined);
  const lastRun = [...entries].reverse().find((e) => e.kind === 'run');
  const recorded = lastRun?.data.summarySha256;
  if (text === undefined || !lastRun || typeof recorded !== 'string') return undefined;
  if ((await sha256Hex(text)) === recorded) return `summary.json is the one the last run entry (seq ${lastRun.seq}) records.`;
  return `summary.json is not the one the last run entry (seq ${lastRun.seq}) records: a later run stopped before its audit entry was appended, or the file was changed since.`;
}

export async function auditSealCommand({ file, keyFile }: { file: string; keyFile?: string }): Promise<number> {
  const opened = await openForCheck(file, keyFile);
  if ('code' in opened) return opened.code;
  let key: AuditMacKey;
  try {
    key = await auditKeyForWriting(keyFile);
  } catch (e) {
    if (!(e instanceof AuditKeyError)) throw e;
    console.error(e.message);
    return EXIT.usage;
  }
  const { sealed, check } = await sealAuditLog(file, key);
  if (!check.ok) {
    console.log(`FAILED: ${check.reason} A log that does not verify is not sealed.`);
    return EXIT.nodeFailed;
  }
  if (!sealed) {
    console.log(`Nothing to seal: ${describeVerifyResult(check)}`);
    return EXIT.ok;
  }
  console.log(`Sealed: ${check.legacyEntries} legacy entries are pinned by the authenticated entry seq ${sealed.seq} (key ${key.id}). Changes to them from now on are detected.`);
  return EXIT.ok;
}
