import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, type JsonObject } from './canonical-json.ts';
import {
  anchorOf,
  appendAll,
  authenticateAnchor,
  describeVerifyResult,
  entryHash,
  GENESIS_MAC,
  makeEntry,
  pruneChain,
  sealInput,
  verifyChain,
  type AuditAnchor,
  type AuditEntry,
} from './chain.ts';
import { generateNonExtractableAuditKey, KEY_ID_LABEL, webCryptoAuditKey, type AuditMacKey } from './mac.ts';

const day = 86_400_000;
const t0 = Date.parse('2025-01-01T00:00:00Z');
const clone = <T>(x: T) => JSON.parse(JSON.stringify(x)) as T;
const newKey = async () => webCryptoAuditKey(await generateNonExtractableAuditKey());

async function signedLog(key: AuditMacKey, n = 6): Promise<{ log: AuditEntry[]; anchor: AuditAnchor }> {
  const inputs = Array.from({ length: n }, (_, i) => ({
    kind: (i % 2 ? 'decision' : 'run') as 'decision' | 'run',
    actor: i % 2 ? 'Ana' : 'cli',
    at: new Date(t0 + i * 30 * day),
    data: i % 2 ? { itemId: `E${i}`, decision: 'override', reason: 'Led two projects' } : { pipeline: 'p', metrics: { auc: 0.8 + i / 100 } },
  }));
  const log = await appendAll([], inputs, key);
  return { log, anchor: await authenticateAnchor(anchorOf(log, new Date(t0 + 200 * day))!, key) };
}

/** What someone who can write the log file, but has no key, can do: recompute every hash from entry `from` on. */
async function rechain(log: AuditEntry[], from: number): Promise<AuditEntry[]> {
  const out = clone(log);
  for (let i = from; i < out.length; i++) {
    if (i > 0) out[i].prevHash = out[i - 1].hash;
    const { hash: _h, keyId: _k, prevMac: _p, mac: _m, ...body } = out[i];
    out[i].hash = await entryHash(body);
  }
  return out;
}

describe('authenticated audit entries (HMAC-SHA-256 with a key outside the log)', () => {
  it('authenticates each entry over its canonical content, its hash and the previous MAC', async () => {
    // A raw key, so the MAC can be recomputed independently with node:crypto.
    const raw = new Uint8Array(32).map((_, i) => i * 7 + 1);
    const cryptoKey = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const key = await webCryptoAuditKey(cryptoKey);
    expect(key.id).toBe(createHmac('sha256', raw).update(KEY_ID_LABEL).digest('hex').slice(0, 16));
    const { log, anchor } = await signedLog(key, 3);
    expect(log[0].prevMac).toBe(GENESIS_MAC);
    expect(log[1].prevMac).toBe(log[0].mac);
    expect(log[2].keyId).toBe(key.id);
    const e = log[2];
    const text = canonicalJson({
      actor: e.actor,
      at: e.at,
      data: e.data,
      format: 'crispflow-audit-entry/2',
      hash: e.hash,
      keyId: e.keyId,
      kind: e.kind,
      prevHash: e.prevHash,
      prevMac: e.prevMac,
      seq: e.seq,
    } as JsonObject);
    expect(e.mac).toBe(createHmac('sha256', raw).update(text).digest('hex'));
    const r = await verifyChain(log, anchor, { key });
    expect(r).toMatchObject({ ok: true, count: 3, authenticated: true, legacyEntries: 0, unanchoredTail: 0, keyId: key.id });
    expect(describeVerifyResult(r)).toMatch(/^Intact: 3 entries, all authenticated with audit key/);
  });

  it('detects an appended entry with a correct hash but no valid MAC, and its rewritten anchor', async () => {
    const key = await newKey();
    const { log } = await signedLog(key);
    // The forger appends a correctly hashed entry (no key) and moves the anchor to it.
    const forged = await makeEntry(log[log.length - 1], { kind: 'decision', actor: 'Mallory', data: { itemId: 'E9', decision: 'accept' } });
    const withForged = [...log, forged];
    const r = await verifyChain(withForged, anchorOf(withForged), { key });
    expect(r).toMatchObject({ ok: false, problem: 'forged', index: 6, seq: 6 });
    if (!r.ok) expect(r.reason).toMatch(/no authentication code .* without the audit key/);
    // With a key of their own, the entry names another key than the log's entries.
    const own = await newKey();
    const signedByOther = [...log, await makeEntry(log[log.length - 1], { kind: 'note', data: { x: 1 } }, own)];
    expect(await verifyChain(signedByOther, await authenticateAnchor(anchorOf(signedByOther)!, own), { key })).toMatchObject({ ok: false, problem: 'forged', index: 6 });
  });

  it('detects an edited entry whose hash chain was recomputed', async () => {
    const key = await newKey();
    const { log, anchor } = await signedLog(key);
    const edited = clone(log);
    edited[3].data.decision = 'accept';
    const rechained = await rechain(edited, 3);
    // The hash chain alone is intact again: the old check would pass it.
    const forgedAnchor = { ...anchor, headHash: rechained[5].hash };
    const r = await verifyChain(rechained, forgedAnchor, { key });
    expect(r).toMatchObject({ ok: false, problem: 'forged', index: 3, seq: 3 });
    if (!r.ok) expect(r.reason).toMatch(/edited entry whose hash chain was recomputed/);
  });

  it('detects truncation with a rewritten anchor', async () => {
    const key = await newKey();
    const { log, anchor } = await signedLog(key);
    const cut = log.slice(0, 4);
    // The anchor rewritten to the new head: a plain one, and one that keeps the old MAC fields.
    expect(await verifyChain(cut, anchorOf(cut), { key })).toMatchObject({ ok: false, problem: 'forged-anchor' });
    const moved: AuditAnchor = { ...anchor, headSeq: 3, headHash: cut[3].hash, headMac: cut[3].mac, count: 4 };
    const r = await verifyChain(cut, moved, { key });
    expect(r).toMatchObject({ ok: false, problem: 'forged-anchor' });
    if (!r.ok) expect(r.reason).toMatch(/anchor was not written with the audit key/);
    // With the genuine anchor the cut is named as such.
    expect(await verifyChain(cut, anchor, { key })).toMatchObject({ ok: false, problem: 'truncated', seq: 4 });
  });

  it('treats a missing anchor as an error', async () => {
    const key = await newKey();
    const { log } = await signedLog(key);
    const r = await verifyChain(log, undefined, { key });
    expect(r).toMatchObject({ ok: false, problem: 'missing-anchor' });
    expect(describeVerifyResult(r)).toMatch(/anchor .* is missing/);
    expect(await verifyChain([], undefined, { key })).toMatchObject({ ok: true, count: 0 });
  });

  it('names reordered and duplicated entries as such, not as deletions', async () => {
    const key = await newKey();
    const { log, anchor } = await signedLog(key);
    const swapped = [log[0], log[1], log[3], log[2], log[4], log[5]];
    const r = await verifyChain(swapped, anchor, { key });
    expect(r).toMatchObject({ ok: false, problem: 'reordered', index: 2, seq: 3 });
    if (!r.ok) expect(r.reason).toMatch(/seq 2 is further down \(entry 4\): the entries were reordered/);
    const moved = [log[0], log[2], log[3], log[4], log[1], log[5]];
    expect(await verifyChain(moved, anchor, { key })).toMatchObject({ ok: false, problem: 'reordered', index: 1 });
    const dup = [log[0], log[1], log[1], ...log.slice(2)];
    expect(await verifyChain(dup, anchor, { key })).toMatchObject({ ok: false, problem: 'duplicated', index: 2 });
    const deleted = [...log.slice(0, 2), ...log.slice(3)];
    expect(await verifyChain(deleted, anchor, { key })).toMatchObject({ ok: false, problem: 'deleted', index: 2 });
  });

  it('says which key is needed: another key, or none given', async () => {
    const key = await newKey();
    const { log, anchor } = await signedLog(key);
    const other = await newKey();
    const r = await verifyChain(log, anchor, { key: other });
    expect(r).toMatchObject({ ok: false, problem: 'wrong-key', index: 0 });
    if (!r.ok) expect(r.reason).toContain(key.id);
    expect(await verifyChain(log, anchor)).toMatchObject({ ok: false, problem: 'no-key' });
  });

  it('accepts authenticated entries after the anchor (an append stopped before moving it), and says so', async () => {
    const key = await newKey();
    const { log } = await signedLog(key);
    const earlier = await authenticateAnchor(anchorOf(log.slice(0, 5))!, key);
    const r = await verifyChain(log, earlier, { key });
    expect(r).toMatchObject({ ok: true, unanchoredTail: 1 });
    expect(describeVerifyResult(r)).toMatch(/last 1 entry was written after the anchor/);
  });

  it('reports a legacy (plain SHA-256) log as unauthenticated, also when MACs were stripped from a signed one', async () => {
    const legacy = await appendAll([], [{ kind: 'run', data: { a: 1 } }, { kind: 'run', data: { a: 2 } }]);
    const r = await verifyChain(legacy, anchorOf(legacy));
    expect(r).toMatchObject({ ok: true, authenticated: false, legacyEntries: 2 });
    expect(describeVerifyResult(r)).toMatch(/^Unauthenticated \(legacy format\)/);
    const key = await newKey();
    const { log } = await signedLog(key);
    const stripped = log.map(({ keyId: _k, prevMac: _p, mac: _m, ...rest }) => rest as AuditEntry);
    stripped[1].data.decision = 'accept';
    const rechained = await rechain(stripped, 1);
    expect(await verifyChain(rechained, anchorOf(rechained), { key })).toMatchObject({ ok: true, authenticated: false });
  });

  it('seals a legacy log: later changes to its old entries are detected', async () => {
    const key = await newKey();
    const legacy = await appendAll([], [{ kind: 'run', data: { a: 1 } }, { kind: 'decision', data: { d: 'accept' } }]);
    const sealed = await appendAll(legacy, [sealInput(legacy[1], 2, 'cli'), { kind: 'run', data: { a: 3 } }], key);
    const anchor = await authenticateAnchor(anchorOf(sealed)!, key);
    const r = await verifyChain(sealed, anchor, { key });
    expect(r).toMatchObject({ ok: true, authenticated: true, sealed: true, legacyEntries: 2, count: 4 });
    expect(describeVerifyResult(r)).toMatch(/first 2 entries predate authentication/);
    const edited = await rechain(Object.assign(clone(sealed), {}), 0);
    edited[1].data.d = 'override';
    const rechained = await rechain(edited, 1);
    expect(await verifyChain(rechained, anchor, { key })).toMatchObject({ ok: false, problem: 'forged', index: 2 });
  });

  it('prunes an authenticated log through an authenticated checkpoint that carries the last pruned MAC', async () => {
    const key = await newKey();
    const { log } = await signedLog(key, 10);
    const { entries, checkpoint } = await pruneChain(log, { now: new Date(t0 + 300 * day), key });
    expect(checkpoint!.data.lastPrunedMac).toBe(log[3].mac);
    expect(checkpoint!.keyId).toBe(key.id);
    expect(await verifyChain(entries, await authenticateAnchor(anchorOf(entries)!, key), { key })).toMatchObject({ ok: true, count: 7, authenticated: true });
    await expect(pruneChain(log, { now: new Date(t0 + 300 * day) })).rejects.toThrow(/needs that key/);
  });
});
