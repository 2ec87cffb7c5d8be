/**
 * The authenticated, hash-chained audit log (EU AI Act Art. 12 logging, GDPR Art. 22 review evidence).
 *
 * Each entry stores the SHA-256 of the previous entry (`prevHash`) and its own hash over the canonical
 * JSON of everything else, as before. Since format 2 each entry is also authenticated: `mac` is the
 * HMAC-SHA-256, under a key kept outside the log (mac.ts), of the canonical entry, its hash and the
 * previous entry's MAC (`prevMac`). Anyone who can write the log can recompute a hash chain; without
 * the key nobody can write a valid MAC, so an appended, edited-and-re-chained or reordered entry shows.
 *
 * What a chain alone cannot show is the loss of its last entries, so every writer also keeps an
 * **anchor** — the head's sequence number, hash, MAC and the entry count, itself MAC'd — in a separate
 * place (a sibling file, an IndexedDB record). A missing anchor is an error, as is an anchor that the
 * key did not write. (An old, genuine anchor put back together with a log cut to match it cannot be told
 * from an older state of the log: that needs a copy of the anchor kept elsewhere.)
 *
 * Logs written before format 2 (legacy: plain SHA-256, no `mac`) verify as "unauthenticated": their
 * chain is checked, but it proves nothing about who wrote it. A `seal` entry, authenticated and linked
 * to the legacy head, pins the legacy entries from the moment it is written.
 *
 * Retention never deletes silently: `pruneChain` drops a prefix of old entries and appends a
 * `checkpoint` entry (itself chained and authenticated) that records the last pruned sequence number,
 * hash and MAC, so the shortened log still verifies and the cut is itself on the record.
 */
import { canonicalJson, toJsonSafe, type JsonObject } from './canonical-json.ts';
import { sameMac, type AuditMacKey } from './mac.ts';
import { sha256Hex } from './sha256.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** The `prevMac` of the first authenticated entry of a log (or the first after a legacy prefix). */
export const GENESIS_MAC = '0'.repeat(64);
export const ENTRY_MAC_FORMAT = 'crispflow-audit-entry/2';
export const ANCHOR_FORMAT = 'crispflow-audit-anchor/2';
/** At least six months (EU AI Act Art. 26(6) for deployers' logs). */
export const MIN_RETENTION_DAYS = 183;
export const DEFAULT_RETENTION_DAYS = 183;

export type AuditKind = 'run' | 'decision' | 'checkpoint' | 'stop' | 'resume' | 'model' | 'note' | 'seal';

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
  /** Format 2: id of the key that authenticated the entry, the previous entry's MAC, and this entry's MAC. */
  keyId?: string;
  prevMac?: string;
  mac?: string;
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
  /** Format 2 (authenticated): ANCHOR_FORMAT, the head's MAC, the key id and the MAC of all of these. */
  format?: string;
  headMac?: string;
  keyId?: string;
  mac?: string;
}

/** What kind of damage a failed verification found (stable codes for tests and tools). */
export type AuditProblem =
  | 'malformed'
  | 'edited'
  | 'forged'
  | 'reordered'
  | 'duplicated'
  | 'deleted'
  | 'start-deleted'
  | 'replaced'
  | 'truncated'
  | 'rewritten'
  | 'missing-anchor'
  | 'forged-anchor'
  | 'wrong-key'
  | 'no-key';

export type VerifyResult =
  | {
      ok: true;
      count: number;
      headSeq: number;
      headHash: string;
      anchored: boolean;
      /** Every entry carries a valid MAC, or the legacy ones before a seal are pinned by it. */
      authenticated: boolean;
      /** Entries without a MAC (written before format 2); when not sealed, the log is unauthenticated. */
      legacyEntries: number;
      sealed: boolean;
      /** Authenticated entries after the anchor's head: an append stopped between the log and the anchor. */
      unanchoredTail: number;
      keyId?: string;
    }
  | {
      ok: false;
      problem: AuditProblem;
      /** 0-based position in the given list (line number − 1 in a JSON Lines file). */
      index: number;
      seq?: number;
      reason: string;
    };

type Failure = Extract<VerifyResult, { ok: false }>;

function hashInput(e: Omit<AuditEntry, 'hash'>): string {
  const body: JsonObject = { seq: e.seq, at: e.at, kind: e.kind, data: e.data, prevHash: e.prevHash };
  if (e.actor !== undefined) body.actor = e.actor;
  return canonicalJson(body);
}

export function entryHash(e: Omit<AuditEntry, 'hash'>): Promise<string> {
  return sha256Hex(hashInput(e));
}

/** What an entry's MAC covers: the canonical entry (with its hash), the key id and the previous MAC. */
function macInput(e: AuditEntry): string {
  const body: JsonObject = { format: ENTRY_MAC_FORMAT, seq: e.seq, at: e.at, kind: e.kind, data: e.data, prevHash: e.prevHash, hash: e.hash, keyId: e.keyId ?? null, prevMac: e.prevMac ?? null };
  if (e.actor !== undefined) body.actor = e.actor;
  return canonicalJson(body);
}

function anchorMacInput(a: AuditAnchor): string {
  return canonicalJson({ format: ANCHOR_FORMAT, headSeq: a.headSeq, headHash: a.headHash, headMac: a.headMac ?? null, count: a.count, updatedAt: a.updatedAt, keyId: a.keyId ?? null });
}

/**
 * The next entry after `head` (undefined for an empty log). Pure: the caller stores it. With a key the
 * entry is authenticated (every writer passes one; without, only tests build legacy entries).
 */
export async function makeEntry(head: Pick<AuditEntry, 'seq' | 'hash' | 'mac'> | undefined, input: AuditEntryInput, key?: AuditMacKey): Promise<AuditEntry> {
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
  const entry: AuditEntry = { ...body, hash: await entryHash(body) };
  if (!key) return entry;
  entry.keyId = key.id;
  entry.prevMac = head?.mac ?? GENESIS_MAC;
  entry.mac = await key.mac(macInput(entry));
  return entry;
}

/** The entry that seals a legacy (unauthenticated) log: from it on, its entries cannot change unseen. */
export function sealInput(legacyHead: AuditEntry, legacyEntries: number, actor: string): AuditEntryInput {
  return {
    kind: 'seal',
    actor,
    data: {
      legacyEntries,
      legacyHeadSeq: legacyHead.seq,
      legacyHeadHash: legacyHead.hash,
      note: 'The entries before this one were written before Crispflow authenticated audit entries (plain SHA-256 chain). This authenticated entry pins them from now on; it cannot prove they were not changed before.',
    },
  };
}

/** The (unauthenticated) anchor of a list of entries; `authenticateAnchor` adds the MAC. */
export function anchorOf(entries: AuditEntry[], now: Date = new Date()): AuditAnchor | undefined {
  const last = entries[entries.length - 1];
  if (!last) return undefined;
  return { headSeq: last.seq, headHash: last.hash, count: entries.length, updatedAt: now.toISOString(), ...(last.mac ? { headMac: last.mac } : {}) };
}

export async function authenticateAnchor(anchor: AuditAnchor, key: AuditMacKey): Promise<AuditAnchor> {
  const a: AuditAnchor = { format: ANCHOR_FORMAT, headSeq: anchor.headSeq, headHash: anchor.headHash, headMac: anchor.headMac ?? GENESIS_MAC, count: anchor.count, updatedAt: anchor.updatedAt, keyId: key.id };
  return { ...a, mac: await key.mac(anchorMacInput(a)) };
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

const isAuthenticated = (e: AuditEntry) => e.mac !== undefined || e.keyId !== undefined || e.prevMac !== undefined;

/** Why entry i does not directly follow entry i - 1 by sequence number: reordered, duplicated or deleted. */
function orderFailure(entries: AuditEntry[], i: number): Failure | undefined {
  const e = entries[i];
  const prev = entries[i - 1];
  if (e.seq === prev.seq + 1) return undefined;
  const lineOf = (seq: number, from: number, to: number) => {
    for (let j = from; j < to; j++) if (entries[j].seq === seq) return j;
    return -1;
  };
  if (e.seq <= prev.seq) {
    const dup = lineOf(e.seq, 0, i);
    if (dup >= 0 && entries[dup].hash === e.hash) {
      return { ok: false, problem: 'duplicated', index: i, seq: e.seq, reason: `${describe(e, i)} repeats entry ${dup + 1}: an entry was duplicated.` };
    }
    return { ok: false, problem: 'reordered', index: i, seq: e.seq, reason: `${describe(e, i)} comes after seq ${prev.seq}: the entries were reordered (seq ${e.seq} belongs earlier).` };
  }
  const missing = prev.seq + 1;
  const later = lineOf(missing, i + 1, entries.length);
  if (later >= 0) {
    return {
      ok: false,
      problem: 'reordered',
      index: i,
      seq: e.seq,
      reason: `${describe(e, i)} comes right after seq ${prev.seq}, but seq ${missing} is further down (entry ${later + 1}): the entries were reordered.`,
    };
  }
  const n = e.seq - prev.seq - 1;
  return { ok: false, problem: 'deleted', index: i, seq: e.seq, reason: `${describe(e, i)} follows seq ${prev.seq}: ${n === 1 ? `entry seq ${missing} was` : `${n} entries (seq ${missing}–${e.seq - 1}) were`} deleted before it.` };
}

interface EntriesState {
  legacy: number;
  authenticated: number;
  keyId?: string;
}

/** Checks every entry and every link (hashes, sequence, MACs); the anchor is checked by verifyChain. */
async function verifyEntries(entries: unknown[], key: AuditMacKey | undefined): Promise<Failure | EntriesState> {
  const state: EntriesState = { legacy: 0, authenticated: 0 };
  const list = entries as AuditEntry[];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (!isEntryShape(e)) return { ok: false, problem: 'malformed', index: i, reason: `${describe(undefined, i)} is not an audit entry (seq, at, kind, data, prevHash and hash are required).` };
    if ((await entryHash(e)) !== e.hash) {
      return { ok: false, problem: 'edited', index: i, seq: e.seq, reason: `${describe(e, i)} was changed after it was written: its content no longer matches its hash.` };
    }
    let expectedPrevMac = GENESIS_MAC;
    if (i === 0) {
      if (e.seq === 0) {
        if (e.prevHash !== GENESIS_HASH) return { ok: false, problem: 'start-deleted', index: 0, seq: 0, reason: `${describe(e, 0)} is the first entry but does not start the chain.` };
      } else {
        // A pruned log: some checkpoint in it must record exactly this cut.
        const checkpoint = list.find(
          (c) => isEntryShape(c) && c.kind === 'checkpoint' && c.data.prunedThroughSeq === e.seq - 1 && c.data.lastPrunedHash === e.prevHash,
        );
        if (!checkpoint) {
          return {
            ok: false,
            problem: 'start-deleted',
            index: 0,
            seq: e.seq,
            reason: `${describe(e, 0)} is not the start of the log and no retention checkpoint records the entries before it: entries were deleted from the beginning.`,
          };
        }
        if (typeof checkpoint.data.lastPrunedMac === 'string') expectedPrevMac = checkpoint.data.lastPrunedMac;
      }
    } else {
      const prev = list[i - 1];
      const order = orderFailure(list, i);
      if (order) return order;
      if (e.prevHash !== prev.hash) {
        return { ok: false, problem: 'replaced', index: i, seq: e.seq, reason: `${describe(e, i)} does not link to the entry before it: an entry was replaced or the chain was recomputed.` };
      }
      expectedPrevMac = prev.mac ?? GENESIS_MAC;
    }
    if (!isAuthenticated(e)) {
      if (state.authenticated > 0) {
        return {
          ok: false,
          problem: 'forged',
          index: i,
          seq: e.seq,
          reason: `${describe(e, i)} has no authentication code although the entries before it have one: it was added by someone without the audit key.`,
        };
      }
      state.legacy++;
      continue;
    }
    if (!key) {
      return { ok: false, problem: 'no-key', index: i, seq: e.seq, reason: `${describe(e, i)} is authenticated with audit key ${String(e.keyId)}; verifying the log needs that key.` };
    }
    if (e.keyId !== key.id) {
      return state.authenticated > 0
        ? { ok: false, problem: 'forged', index: i, seq: e.seq, reason: `${describe(e, i)} names audit key ${String(e.keyId)}, not ${key.id} like the entries before it: it was not written by this log's writer.` }
        : { ok: false, problem: 'wrong-key', index: i, seq: e.seq, reason: `The log was written with audit key ${String(e.keyId)}, but the key given is ${key.id}. Verify it with the key that wrote it.` };
    }
    if (typeof e.mac !== 'string' || !sameMac(await key.mac(macInput(e)), e.mac)) {
      return {
        ok: false,
        problem: 'forged',
        index: i,
        seq: e.seq,
        reason: `${describe(e, i)} does not carry a valid authentication code for its content: it was written or changed without the audit key (a forged entry, or an edited entry whose hash chain was recomputed).`,
      };
    }
    if (e.prevMac !== expectedPrevMac) {
      return {
        ok: false,
        problem: 'replaced',
        index: i,
        seq: e.seq,
        reason: `${describe(e, i)} does not continue the authentication chain of the entry before it: an entry before it was replaced or removed.`,
      };
    }
    state.authenticated++;
    state.keyId = key.id;
  }
  return state;
}

/**
 * Checks the whole log and names the first problem: each entry's hash and MAC, the links between entries
 * (sequence numbers, previous hash and MAC), and the anchor (present, written with the key, and reached
 * by the log). `key` is needed for authenticated logs (problem "no-key" otherwise).
 */
export async function verifyChain(entries: unknown[], anchor: AuditAnchor | undefined, o: { key?: AuditMacKey } = {}): Promise<VerifyResult> {
  const state = await verifyEntries(entries, o.key);
  if ('ok' in state) return state;
  const list = entries as AuditEntry[];
  const last = list[list.length - 1];
  const okResult = (tail: number): VerifyResult => ({
    ok: true,
    count: list.length,
    headSeq: last ? last.seq : -1,
    headHash: last ? last.hash : GENESIS_HASH,
    anchored: Boolean(anchor),
    authenticated: state.legacy === 0 || state.authenticated > 0,
    legacyEntries: state.legacy,
    sealed: state.legacy > 0 && state.authenticated > 0,
    unanchoredTail: tail,
    ...(state.keyId ? { keyId: state.keyId } : {}),
  });
  if (!anchor) {
    if (!last) return okResult(0);
    return {
      ok: false,
      problem: 'missing-anchor',
      index: list.length - 1,
      seq: last.seq,
      reason: `The log's anchor (its head and entry count, kept apart from it) is missing, so deleted last entries could not be detected. Crispflow always writes it: if you did not delete it, someone did; keep the log as evidence.`,
    };
  }
  const anchorAuthenticated = anchor.mac !== undefined || anchor.keyId !== undefined;
  if (anchorAuthenticated) {
    if (!o.key) return { ok: false, problem: 'no-key', index: list.length, reason: `The anchor is authenticated with audit key ${String(anchor.keyId)}; verifying the log needs that key.` };
    if (anchor.keyId !== o.key.id || typeof anchor.mac !== 'string' || !sameMac(await o.key.mac(anchorMacInput(anchor)), anchor.mac)) {
      return {
        ok: false,
        problem: state.authenticated === 0 && anchor.keyId !== o.key.id ? 'wrong-key' : 'forged-anchor',
        index: list.length,
        reason:
          state.authenticated === 0 && anchor.keyId !== o.key.id
            ? `The anchor was written with audit key ${String(anchor.keyId)}, but the key given is ${o.key.id}. Verify with the key that wrote it.`
            : `The anchor was not written with the audit key: it was replaced or edited (for instance to hide deleted entries).`,
      };
    }
  } else if (state.authenticated > 0) {
    return { ok: false, problem: 'forged-anchor', index: list.length, reason: `The anchor has no authentication code although the log's entries have one: it was replaced by someone without the audit key.` };
  }
  if (!last) {
    return { ok: false, problem: 'truncated', index: 0, reason: `The log is empty but its anchor records entries up to seq ${anchor.headSeq}: entries were deleted.` };
  }
  if (last.seq < anchor.headSeq) {
    const n = anchor.headSeq - last.seq;
    return {
      ok: false,
      problem: 'truncated',
      index: list.length,
      seq: last.seq + 1,
      reason: `The log ends at seq ${last.seq} but its anchor records entries up to seq ${anchor.headSeq}: the last ${n} entr${n === 1 ? 'y was' : 'ies were'} deleted.`,
    };
  }
  const headIndex = list.findIndex((x) => x.seq === anchor.headSeq);
  const atHead = list[headIndex];
  if (!atHead || atHead.hash !== anchor.headHash || (anchorAuthenticated && (atHead.mac ?? GENESIS_MAC) !== anchor.headMac)) {
    const index = atHead ? headIndex : list.length - 1;
    return { ok: false, problem: 'rewritten', index, seq: anchor.headSeq, reason: `${describe(atHead, index)} does not match what its anchor recorded: the log was rewritten.` };
  }
  if (anchorAuthenticated && headIndex + 1 !== anchor.count) {
    return {
      ok: false,
      problem: 'rewritten',
      index: headIndex,
      seq: anchor.headSeq,
      reason: `The anchor records ${anchor.count} entries up to seq ${anchor.headSeq}, but the log has ${headIndex + 1}: entries were removed or added.`,
    };
  }
  const tail = list.length - 1 - headIndex;
  if (tail > 0 && anchorAuthenticated && list.slice(headIndex + 1).some((x) => !isAuthenticated(x))) {
    return { ok: false, problem: 'forged', index: headIndex + 1, reason: `Entries after the anchor's head are not authenticated: they were added by someone without the audit key.` };
  }
  return okResult(tail);
}

/** One line for people: what a verification found (the CLI and the designer say it the same way). */
export function describeVerifyResult(r: VerifyResult): string {
  if (!r.ok) return `Not intact at entry ${r.index + 1}${r.seq !== undefined ? ` (seq ${r.seq})` : ''}: ${r.reason}`;
  if (r.count === 0) return 'The log is empty.';
  const entries = `${r.count} entr${r.count === 1 ? 'y' : 'ies'}`;
  if (!r.authenticated) {
    return `Unauthenticated (legacy format): ${entries} with an intact SHA-256 chain but no authentication codes. They were written before Crispflow authenticated audit entries, or the codes were removed: anyone who could write the log could have rewritten it.`;
  }
  const parts = [`Intact: ${entries}, all authenticated with audit key ${r.keyId ?? '?'} (head seq ${r.headSeq}).`];
  if (r.sealed) parts.push(`The first ${r.legacyEntries} entries predate authentication (legacy format); a seal entry pins them since it was written.`);
  if (r.unanchoredTail) parts.push(`The last ${r.unanchoredTail} entr${r.unanchoredTail === 1 ? 'y was' : 'ies were'} written after the anchor was last moved (an interrupted append); they are authenticated.`);
  return parts.join(' ');
}

export interface PruneOptions {
  now?: Date;
  /** Entries older than this many days are pruned; at least MIN_RETENTION_DAYS. */
  retentionDays?: number;
  actor?: string;
  /** The log's key: the checkpoint is authenticated like every entry (legacy logs are pruned without). */
  key?: AuditMacKey;
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
  const check = await verifyEntries(entries, o.key);
  if ('ok' in check) throw new Error(`The audit log does not verify, so it was not pruned: ${check.reason}`);
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
      ...(lastPruned.mac ? { lastPrunedMac: lastPruned.mac } : {}),
      prunedCount: k,
      retentionDays,
      cutoff: new Date(cutoff).toISOString(),
    },
  }, o.key);
  return { entries: [...kept, checkpoint], removed: k, checkpoint };
}

/** An in-memory log (tests, and the base of the file and IndexedDB logs). */
export async function appendAll(entries: AuditEntry[], inputs: AuditEntryInput[], key?: AuditMacKey): Promise<AuditEntry[]> {
  const out = entries.slice();
  for (const input of inputs) out.push(await makeEntry(out[out.length - 1], input, key));
  return out;
}
