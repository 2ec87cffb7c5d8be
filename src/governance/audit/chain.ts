/**
 * The hash-chained audit log (EU AI Act Art. 12 logging, GDPR Art. 22 review evidence).
 *
 * Each entry stores the SHA-256 of the previous entry (`prevHash`) and its own hash over the canonical
 * JSON of everything else. Changing an entry breaks its own hash; removing or reordering entries breaks
 * the next entry's `prevHash` or the sequence numbers. What a chain alone cannot show is the loss of its
 * last entries (the shorter chain is still a valid chain), so every writer also keeps an **anchor** —
 * the head's sequence number and hash — in a separate place (a sibling file, a separate IndexedDB
 * store). `verifyChain(entries, anchor)` checks both.
 *
 * Retention never deletes silently: `pruneChain` drops a prefix of old entries and appends a
 * `checkpoint` entry (itself chained) that records the last pruned sequence number and hash, so the
 * shortened log still verifies and the cut is itself on the record.
 */
import { canonicalJson, toJsonSafe, type JsonObject } from './canonical-json.ts';
import { sha256Hex } from './sha256.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** At least six months (EU AI Act Art. 26(6) for deployers' logs). */
export const MIN_RETENTION_DAYS = 183;
export const DEFAULT_RETENTION_DAYS = 183;

export type AuditKind = 'run' | 'decision' | 'checkpoint' | 'stop' | 'resume' | 'model' | 'note';

export interface AuditEntry {
  /** 0 for the first entry ever written; +1 per entry (pruning keeps the numbers). */
  seq: number;
  /** ISO timestamp. */
  at: string;
  kind: AuditKind;
  /** Who did it (reviewer name, "cli"). */
  actor?: string;
  data: JsonObject;
  prevHash: string;
  hash: string;
}

export interface AuditEntryInput {
  kind: AuditKind;
  actor?: string;
  /** Anything JSON-like: NaN/Infinity become null, typed arrays arrays (what the stored line will hold). */
  data: Record<string, unknown>;
  at?: string | Date;
}

/** The head of a log, stored apart from it so that deleting the last entries is detected. */
export interface AuditAnchor {
  headSeq: number;
  headHash: string;
  /** Entries in the log when the anchor was written (after pruning: fewer than headSeq + 1). */
  count: number;
  updatedAt: string;
}

export type VerifyResult =
  | { ok: true; count: number; headSeq: number; headHash: string; anchored: boolean }
  | {
      ok: false;
      /** 0-based position in the given list (line number − 1 in a JSON Lines file). */
      index: number;
      seq?: number;
      reason: string;
    };

function hashInput(e: Omit<AuditEntry, 'hash'>): string {
  const body: JsonObject = { seq: e.seq, at: e.at, kind: e.kind, data: e.data, prevHash: e.prevHash };
  if (e.actor !== undefined) body.actor = e.actor;
  return canonicalJson(body);
}

export function entryHash(e: Omit<AuditEntry, 'hash'>): Promise<string> {
  return sha256Hex(hashInput(e));
}

/** The next entry after `head` (undefined for an empty log). Pure: the caller stores it. */
export async function makeEntry(head: Pick<AuditEntry, 'seq' | 'hash'> | undefined, input: AuditEntryInput): Promise<AuditEntry> {
  const at = input.at instanceof Date ? input.at.toISOString() : (input.at ?? new Date().toISOString());
  const data = toJsonSafe(input.data);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error('An audit entry\'s data must be an object.');
  const body: Omit<AuditEntry, 'hash'> = {
    seq: head ? head.seq + 1 : 0,
    at,
    kind: input.kind,
    ...(input.actor !== undefined ? { actor: input.actor } : {}),
    data,
    prevHash: head ? head.hash : GENESIS_HASH,
  };
  return { ...body, hash: await entryHash(body) };
}

export function anchorOf(entries: AuditEntry[], now: Date = new Date()): AuditAnchor | undefined {
  const last = entries[entries.length - 1];
  if (!last) return undefined;
  return { headSeq: last.seq, headHash: last.hash, count: entries.length, updatedAt: now.toISOString() };
}

const describe = (e: AuditEntry | undefined, i: number) => `entry ${i + 1}${e && typeof e.seq === 'number' ? ` (seq ${e.seq})` : ''}`;

function isEntryShape(e: unknown): e is AuditEntry {
  const x = e as AuditEntry;
  return (
    typeof x === 'object' &&
    x !== null &&
    Number.isInteger(x.seq) &&
    typeof x.at === 'string' &&
    typeof x.kind === 'string' &&
    typeof x.data === 'object' &&
    x.data !== null &&
    typeof x.prevHash === 'string' &&
    typeof x.hash === 'string'
  );
}

/**
 * Checks the whole chain and names the first bad entry. With an anchor, also checks that the log still
 * reaches the recorded head (tail truncation); without one, a cut-off tail cannot be told apart from a
 * shorter log (`anchored: false` says so).
 */
export async function verifyChain(entries: unknown[], anchor?: AuditAnchor): Promise<VerifyResult> {
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (!isEntryShape(e)) return { ok: false, index: i, reason: `${describe(undefined, i)} is not an audit entry (seq, at, kind, data, prevHash and hash are required).` };
    if ((await entryHash(e)) !== e.hash) {
      return { ok: false, index: i, seq: e.seq, reason: `${describe(e, i)} was changed after it was written: its content no longer matches its hash.` };
    }
    if (i === 0) {
      if (e.seq === 0) {
        if (e.prevHash !== GENESIS_HASH) return { ok: false, index: 0, seq: 0, reason: `${describe(e, 0)} is the first entry but does not start the chain.` };
      } else {
        // A pruned log: some checkpoint in it must record exactly this cut.
        const explained = (entries as AuditEntry[]).some(
          (c) => isEntryShape(c) && c.kind === 'checkpoint' && c.data.prunedThroughSeq === e.seq - 1 && c.data.lastPrunedHash === e.prevHash,
        );
        if (!explained) {
          return {
            ok: false,
            index: 0,
            seq: e.seq,
            reason: `${describe(e, 0)} is not the start of the log and no retention checkpoint records the entries before it: entries were deleted from the beginning.`,
          };
        }
      }
      continue;
    }
    const prev = entries[i - 1] as AuditEntry;
    if (e.seq !== prev.seq + 1) {
      return {
        ok: false,
        index: i,
        seq: e.seq,
        reason: `${describe(e, i)} follows seq ${prev.seq}: entries were ${e.seq > prev.seq + 1 ? 'deleted' : 'reordered or duplicated'} before it.`,
      };
    }
    if (e.prevHash !== prev.hash) {
      return { ok: false, index: i, seq: e.seq, reason: `${describe(e, i)} does not link to the entry before it: the log was reordered or an entry was replaced.` };
    }
  }
  const last = entries[entries.length - 1] as AuditEntry | undefined;
  if (anchor) {
    if (!last) return { ok: false, index: 0, reason: `The log is empty but its anchor records entries up to seq ${anchor.headSeq}: entries were deleted.` };
    if (last.seq < anchor.headSeq) {
      return {
        ok: false,
        index: entries.length,
        seq: last.seq + 1,
        reason: `The log ends at seq ${last.seq} but its anchor records entries up to seq ${anchor.headSeq}: the last ${anchor.headSeq - last.seq} entr${anchor.headSeq - last.seq === 1 ? 'y was' : 'ies were'} deleted.`,
      };
    }
    const atHead = (entries as AuditEntry[]).find((x) => x.seq === anchor.headSeq);
    if (!atHead || atHead.hash !== anchor.headHash) {
      const index = atHead ? (entries as AuditEntry[]).indexOf(atHead) : entries.length - 1;
      return { ok: false, index, seq: anchor.headSeq, reason: `${describe(atHead, index)} does not match the hash its anchor recorded: the log was rewritten.` };
    }
  }
  return {
    ok: true,
    count: entries.length,
    headSeq: last ? last.seq : -1,
    headHash: last ? last.hash : GENESIS_HASH,
    anchored: Boolean(anchor),
  };
}

export interface PruneOptions {
  now?: Date;
  /** Entries older than this many days are pruned; at least MIN_RETENTION_DAYS. */
  retentionDays?: number;
  actor?: string;
}

export interface PruneResult {
  entries: AuditEntry[];
  removed: number;
  checkpoint?: AuditEntry;
}

/**
 * Retention: drops the old prefix (entries strictly older than the cut-off, never the newest entry)
 * and appends a checkpoint recording what was dropped. Verifies first: a broken log is never pruned
 * (that would hide the damage).
 */
export async function pruneChain(entries: AuditEntry[], o: PruneOptions = {}): Promise<PruneResult> {
  const retentionDays = o.retentionDays ?? DEFAULT_RETENTION_DAYS;
  if (!(retentionDays >= MIN_RETENTION_DAYS)) {
    throw new Error(`Audit records must be kept at least ${MIN_RETENTION_DAYS} days (six months); ${retentionDays} was asked.`);
  }
  const check = await verifyChain(entries);
  if (!check.ok) throw new Error(`The audit log does not verify, so it was not pruned: ${check.reason}`);
  const now = o.now ?? new Date();
  const cutoff = now.getTime() - retentionDays * 86_400_000;
  let k = 0;
  while (k < entries.length - 1 && Date.parse(entries[k].at) < cutoff) k++;
  if (k === 0) return { entries, removed: 0 };
  const lastPruned = entries[k - 1];
  const kept = entries.slice(k);
  const checkpoint = await makeEntry(kept[kept.length - 1], {
    kind: 'checkpoint',
    actor: o.actor ?? 'retention',
    at: now,
    data: {
      prunedThroughSeq: lastPruned.seq,
      lastPrunedHash: lastPruned.hash,
      prunedCount: k,
      retentionDays,
      cutoff: new Date(cutoff).toISOString(),
    },
  });
  return { entries: [...kept, checkpoint], removed: k, checkpoint };
}

/** An in-memory log (tests, and the base of the file and IndexedDB logs). */
export async function appendAll(entries: AuditEntry[], inputs: AuditEntryInput[]): Promise<AuditEntry[]> {
  const out = entries.slice();
  for (const input of inputs) out.push(await makeEntry(out[out.length - 1], input));
  return out;
}
