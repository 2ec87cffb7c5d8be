/**
 * The audit log in IndexedDB: hash-chained, authenticated entries in the `audit` store (keyed by seq),
 * the anchor (head seq, hash and MAC, entry count; itself MAC'd) in the `meta` store under
 * "audit-anchor", so deleting the newest entries is detected too.
 *
 * The MAC key is an HMAC-SHA-256 CryptoKey generated non-extractable and kept in `meta` under
 * "audit-key" (IndexedDB stores a CryptoKey by structured clone, still non-extractable): page code can
 * use it to sign but nothing can read its bytes, so a log edited or exported and re-imported elsewhere
 * cannot be re-signed. A log written before authentication (legacy) is sealed by an authenticated
 * `seal` entry at its next append.
 *
 * SHA-256 is async and an IndexedDB transaction closes when it awaits anything else, so an append is
 * optimistic: hash against the head read just before, then, in one transaction, check the anchor is
 * still that head and write entry + anchor (+ any extra records, e.g. a review decision) together. If
 * another tab moved the head in between, retry.
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import {
  anchorOf,
  authenticateAnchor,
  makeEntry,
  pruneChain,
  sealInput,
  verifyChain,
  type AuditAnchor,
  type AuditEntry,
  type AuditEntryInput,
  type VerifyResult,
} from '../../governance/audit/chain.ts';
import { generateNonExtractableAuditKey, webCryptoAuditKey, type AuditMacKey } from '../../governance/audit/mac.ts';
import { toCsv, toJsonLines } from '../../governance/audit/export.ts';
import { runAuditInput } from '../../runtime/run-audit.ts';
import type { CrispflowDatabase, CrispflowDB, StoredAuditEntry } from '../persistence/db.ts';

export const AUDIT_ANCHOR_ID = 'audit-anchor';
export const RETENTION_ID = 'audit-retention';
export const AUDIT_KEY_ID = 'audit-key';

type Stores = StoreNames<CrispflowDB>[];
export type WriteTx = IDBPTransaction<CrispflowDB, Stores, 'readwrite'>;

/** Thrown inside a transaction to abort it without an append (e.g. the item was already decided). */
export class AuditAbort extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = 'AuditAbort';
  }
}

export async function readAnchor(db: CrispflowDatabase): Promise<AuditAnchor | undefined> {
  const rec = await db.get('meta', AUDIT_ANCHOR_ID);
  return rec ? (rec.anchor as AuditAnchor) : undefined;
}

export async function readAuditLog(db: CrispflowDatabase): Promise<AuditEntry[]> {
  return (await db.getAll('audit')) as unknown as AuditEntry[];
}

const keys = new WeakMap<CrispflowDatabase, Promise<AuditMacKey>>();

/**
 * This database's audit key, created on first use. Two tabs creating it at once: `add` lets only the
 * first one in, and both then use the stored key.
 */
export function getAuditKey(db: CrispflowDatabase): Promise<AuditMacKey> {
  let key = keys.get(db);
  if (!key) {
    key = (async () => {
      const stored = await db.get('meta', AUDIT_KEY_ID);
      if (stored?.key instanceof CryptoKey) return webCryptoAuditKey(stored.key);
      const fresh = await generateNonExtractableAuditKey();
      await db.add('meta', { id: AUDIT_KEY_ID, key: fresh, createdAt: new Date().toISOString() }).catch((e: Error) => {
        if (e.name !== 'ConstraintError') throw e; // another tab stored its key first
      });
      const now = await db.get('meta', AUDIT_KEY_ID);
      if (!(now?.key instanceof CryptoKey)) throw new Error('The audit key could not be stored in this browser (IndexedDB refused a CryptoKey).');
      return webCryptoAuditKey(now.key);
    })();
    keys.set(db, key);
    key.catch(() => keys.delete(db));
  }
  return key;
}

/** Seals a legacy (pre-authentication) log that verifies, so that its entries cannot change unseen from now on. */
async function sealLegacyLog(db: CrispflowDatabase, key: AuditMacKey, anchor: AuditAnchor | undefined): Promise<void> {
  if (!anchor || anchor.mac !== undefined) return;
  const entries = await readAuditLog(db);
  const check = await verifyChain(entries, anchor, { key });
  if (!check.ok || check.authenticated) return; // a broken log keeps showing its damage; never sealed over
  const head = entries[entries.length - 1];
  await appendAudit(db, sealInput(head, check.legacyEntries, 'designer'));
}

/**
 * Appends one entry. `extra(tx)` runs inside the same transaction before the entry is written (it may
 * throw AuditAbort to cancel everything). Resolves once the transaction has committed (durability
 * 'strict': on disk, not just in the page), so callers may confirm to the user afterwards.
 */
export async function appendAudit(
  db: CrispflowDatabase,
  input: AuditEntryInput,
  extra?: (tx: WriteTx, entry: AuditEntry) => Promise<void>,
  attempts = 8,
): Promise<AuditEntry> {
  const [entry] = await appendAuditBatch(db, [input], extra && ((tx, entries) => extra(tx, entries[0])), attempts);
  return entry;
}

/**
 * Appends several entries, chained one after the other, in ONE transaction with `extra` (e.g. a bulk
 * review decision: all its decisions and entries are written, or none).
 */
export async function appendAuditBatch(
  db: CrispflowDatabase,
  inputs: readonly AuditEntryInput[],
  extra?: (tx: WriteTx, entries: AuditEntry[]) => Promise<void>,
  attempts = 8,
): Promise<AuditEntry[]> {
  if (inputs.length === 0) throw new Error('Nothing to append to the audit log.');
  const key = await getAuditKey(db);
  if (inputs.some((i) => i.kind !== 'seal')) await sealLegacyLog(db, key, await readAnchor(db));
  for (let attempt = 0; attempt < attempts; attempt++) {
    const anchor = await readAnchor(db);
    let head: Pick<AuditEntry, 'seq' | 'hash' | 'mac'> | undefined = anchor ? { seq: anchor.headSeq, hash: anchor.headHash, mac: anchor.headMac } : undefined;
    const entries: AuditEntry[] = [];
    for (const input of inputs) {
      const entry = await makeEntry(head, input, key);
      entries.push(entry);
      head = entry;
    }
    const last = entries[entries.length - 1];
    // MACs are async (WebCrypto) and a transaction closes on any other await: the anchor is signed first.
    const next = await authenticateAnchor({ headSeq: last.seq, headHash: last.hash, headMac: last.mac, count: (anchor?.count ?? 0) + entries.length, updatedAt: last.at }, key);
    const tx = db.transaction(['audit', 'meta', 'reviewDecisions', 'reviewQueues', 'models'], 'readwrite', { durability: 'strict' }) as unknown as WriteTx;
    try {
      const current = await tx.objectStore('meta').get(AUDIT_ANCHOR_ID);
      const now = current?.anchor as AuditAnchor | undefined;
      if ((now?.headHash ?? null) !== (anchor?.headHash ?? null)) {
        tx.abort();
        await tx.done.catch(() => {});
        continue; // another tab appended first: hash again against the new head
      }
      if (extra) await extra(tx, entries);
      await Promise.all(entries.map((entry) => tx.objectStore('audit').add(entry as unknown as StoredAuditEntry)));
      await tx.objectStore('meta').put({ id: AUDIT_ANCHOR_ID, anchor: next });
      await tx.done;
      return entries;
    } catch (e) {
      try {
        tx.abort();
      } catch {
        /* already finished */
      }
      await tx.done.catch(() => {});
      throw e;
    }
  }
  throw new Error('The audit log is busy (another tab keeps writing). Try again.');
}

export async function verifyAuditDb(db: CrispflowDatabase): Promise<VerifyResult> {
  return verifyChain(await readAuditLog(db), await readAnchor(db), { key: await getAuditKey(db) });
}

export async function exportAuditJsonLines(db: CrispflowDatabase): Promise<string> {
  return toJsonLines(await readAuditLog(db));
}

export async function exportAuditCsv(db: CrispflowDatabase): Promise<string> {
  return toCsv(await readAuditLog(db));
}

export async function getRetentionDays(db: CrispflowDatabase): Promise<number | undefined> {
  const rec = await db.get('meta', RETENTION_ID);
  return typeof rec?.days === 'number' ? rec.days : undefined;
}

export async function setRetentionDays(db: CrispflowDatabase, days: number): Promise<void> {
  await db.put('meta', { id: RETENTION_ID, days });
}

/**
 * Applies the retention setting: drops old entries and appends a chained checkpoint, in one
 * transaction guarded by the anchor (as appends are).
 */
export async function pruneAuditDb(db: CrispflowDatabase, now = new Date()): Promise<number> {
  const retentionDays = await getRetentionDays(db);
  const key = await getAuditKey(db);
  const entries = await readAuditLog(db);
  const anchor = await readAnchor(db);
  const check = await verifyChain(entries, anchor, { key });
  if (!check.ok) throw new Error(`The audit log does not verify, so it was not pruned: ${check.reason}`);
  const { removed, checkpoint, entries: kept } = await pruneChain(entries, { now, key, ...(retentionDays ? { retentionDays } : {}) });
  if (!checkpoint) return 0;
  const nextAnchor = await authenticateAnchor(anchorOf(kept, now)!, key);
  const tx = db.transaction(['audit', 'meta'], 'readwrite', { durability: 'strict' });
  const current = (await tx.objectStore('meta').get(AUDIT_ANCHOR_ID))?.anchor as AuditAnchor | undefined;
  if (current?.headHash !== anchor?.headHash) {
    tx.abort();
    await tx.done.catch(() => {});
    return 0; // something was appended meanwhile; prune next time
  }
  for (const e of entries.slice(0, removed)) await tx.objectStore('audit').delete(e.seq);
  await tx.objectStore('audit').add(checkpoint as unknown as StoredAuditEntry);
  await tx.objectStore('meta').put({ id: AUDIT_ANCHOR_ID, anchor: nextAnchor });
  await tx.done;
  return removed;
}

/** Appends the run entry of a designer run (the app calls it when a run finishes or waits). */
export async function recordRunInAudit(
  db: CrispflowDatabase,
  args: Omit<Parameters<typeof runAuditInput>[0], 'actor'> & { actor?: string },
): Promise<AuditEntry> {
  return appendAudit(db, await runAuditInput({ ...args, actor: args.actor ?? 'designer' }));
}
