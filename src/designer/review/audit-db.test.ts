import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../core/document.ts';
import type { Model } from '../../core/ports.ts';
import { createRegistry } from '../../core/registry.ts';
import { anchorOf, appendAll, entryHash, makeEntry, type AuditAnchor, type AuditEntry } from '../../governance/audit/chain.ts';
import { builtinNodes } from '../../../nodes/index.ts';
import { listModelVersions, recordModelVersions } from '../models/model-store.ts';
import { openCrispflowDb, type CrispflowDatabase, type StoredAuditEntry } from '../persistence/db.ts';
import { appendAudit, AUDIT_ANCHOR_ID, AUDIT_KEY_ID, getAuditKey, readAnchor, readAuditLog, verifyAuditDb } from './audit-db.ts';

let n = 0;
const freshDb = () => openCrispflowDb(`audit-db-test-${++n}`);

async function logWith(db: CrispflowDatabase, count = 4): Promise<AuditEntry[]> {
  for (let i = 0; i < count; i++) await appendAudit(db, { kind: i % 2 ? 'decision' : 'run', actor: 'Ana', data: { i, decision: 'override' } });
  return readAuditLog(db);
}

/** What page script (or anyone with access to the profile's IndexedDB) can do without the key's bytes. */
async function overwrite(db: CrispflowDatabase, entries: AuditEntry[], anchor: AuditAnchor | undefined) {
  const tx = db.transaction(['audit', 'meta'], 'readwrite');
  await tx.objectStore('audit').clear();
  for (const e of entries) await tx.objectStore('audit').put(e as unknown as StoredAuditEntry);
  if (anchor) await tx.objectStore('meta').put({ id: AUDIT_ANCHOR_ID, anchor });
  else await tx.objectStore('meta').delete(AUDIT_ANCHOR_ID);
  await tx.done;
}

async function rechain(entries: AuditEntry[], from: number): Promise<AuditEntry[]> {
  const out = structuredClone(entries);
  for (let i = from; i < out.length; i++) {
    if (i > 0) out[i].prevHash = out[i - 1].hash;
    const { hash: _h, keyId: _k, prevMac: _p, mac: _m, ...body } = out[i];
    out[i].hash = await entryHash(body);
  }
  return out;
}

describe('the designer audit key', () => {
  it('is a non-extractable HMAC CryptoKey kept in IndexedDB, the same for two tabs', async () => {
    const name = `audit-db-test-${++n}`;
    const [a, b] = [await openCrispflowDb(name), await openCrispflowDb(name)];
    const [ka, kb] = await Promise.all([getAuditKey(a), getAuditKey(b)]);
    expect(ka.id).toBe(kb.id);
    const stored = await a.get('meta', AUDIT_KEY_ID);
    const key = stored!.key as CryptoKey;
    expect(key).toBeInstanceOf(CryptoKey);
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'HMAC', hash: { name: 'SHA-256' } });
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
    // A third connection opened later reads the same key back.
    expect((await getAuditKey(await openCrispflowDb(name))).id).toBe(ka.id);
  });

  it('authenticates every entry and the anchor', async () => {
    const db = await freshDb();
    const log = await logWith(db);
    const key = await getAuditKey(db);
    expect(log.every((e) => e.keyId === key.id && /^[0-9a-f]{64}$/.test(e.mac ?? ''))).toBe(true);
    expect(await readAnchor(db)).toMatchObject({ headSeq: 3, count: 4, keyId: key.id, headMac: log[3].mac });
    expect(await verifyAuditDb(db)).toMatchObject({ ok: true, count: 4, authenticated: true });
  });
});

describe('verifyAuditDb against a forger without the key', () => {
  it('detects an appended correctly hashed entry and its moved anchor', async () => {
    const db = await freshDb();
    const log = await logWith(db);
    const forged = [...log, await makeEntry(log[3], { kind: 'decision', actor: 'Mallory', data: { decision: 'accept' } })];
    await overwrite(db, forged, anchorOf(forged));
    expect(await verifyAuditDb(db)).toMatchObject({ ok: false, problem: 'forged', index: 4 });
  });

  it('detects an edited, re-chained entry', async () => {
    const db = await freshDb();
    const log = await logWith(db);
    log[2].data.decision = 'accept';
    const rechained = await rechain(log, 2);
    const anchor = (await readAnchor(db))!;
    await overwrite(db, rechained, { ...anchor, headHash: rechained[3].hash });
    expect(await verifyAuditDb(db)).toMatchObject({ ok: false, problem: 'forged', index: 2 });
  });

  it('detects truncation with a rewritten anchor, and a deleted anchor', async () => {
    const db = await freshDb();
    const log = await logWith(db);
    const anchor = (await readAnchor(db))!;
    await overwrite(db, log.slice(0, 3), { ...anchor, headSeq: 2, headHash: log[2].hash, headMac: log[2].mac, count: 3 });
    expect(await verifyAuditDb(db)).toMatchObject({ ok: false, problem: 'forged-anchor' });
    await overwrite(db, log, undefined);
    expect(await verifyAuditDb(db)).toMatchObject({ ok: false, problem: 'missing-anchor' });
  });
});

describe('a legacy (pre-authentication) log in IndexedDB', () => {
  it('verifies as unauthenticated, and the next append seals it', async () => {
    const db = await freshDb();
    const legacy = await appendAll([], [{ kind: 'run', data: { a: 1 } }, { kind: 'decision', actor: 'Bo', data: { d: 'accept' } }]);
    await overwrite(db, legacy, anchorOf(legacy));
    expect(await verifyAuditDb(db)).toMatchObject({ ok: true, authenticated: false, legacyEntries: 2 });
    await appendAudit(db, { kind: 'run', data: { a: 2 } });
    const log = await readAuditLog(db);
    expect(log.map((e) => e.kind)).toEqual(['run', 'decision', 'seal', 'run']);
    expect(await verifyAuditDb(db)).toMatchObject({ ok: true, authenticated: true, sealed: true, legacyEntries: 2, count: 4 });
  });
});

describe('model versions and the audit log', () => {
  const doc: PipelineDocument = {
    schemaVersion: 1,
    metadata: { name: 'Promotion', seed: 1 },
    nodes: [{ id: 'train-lr', type: 'logistic-regression', version: 1, label: 'Promotion model', params: {}, position: { x: 0, y: 0 } }],
    edges: [],
  };
  const model = (fingerprint: string): Model => ({ kind: 'logistic-regression', hyperParams: {}, featureNames: ['kpi'], featurizer: {}, state: {}, target: { column: 'p', positive: '1' }, fingerprint });

  it('each new version is recorded by an audit entry written in the same transaction', async () => {
    const db = await freshDb();
    const registry = createRegistry(builtinNodes);
    await recordModelVersions(db, { pipelineId: 'p', doc, registry, result: { outputs: { 'train-lr': { model: model('fp1') } } } });
    await recordModelVersions(db, { pipelineId: 'p', doc, registry, result: { outputs: { 'train-lr': { model: model('fp1') } } } });
    await recordModelVersions(db, { pipelineId: 'p', doc, registry, result: { outputs: { 'train-lr': { model: model('fp2') } } } });
    const versions = await listModelVersions(db, 'p');
    const entries = (await readAuditLog(db)).filter((e) => e.kind === 'model');
    expect(entries.map((e) => [e.data.event, e.data.version, e.data.fingerprint])).toEqual([
      ['registered', 1, 'fp1'],
      ['registered', 2, 'fp2'],
    ]);
    expect(entries.map((e) => e.data.versionId).sort()).toEqual(versions.map((v) => v.id).sort());
    expect(await verifyAuditDb(db)).toMatchObject({ ok: true, authenticated: true });
  });

  it('a failure after the version is written (before the entry) leaves neither', async () => {
    const db = await freshDb();
    await expect(
      appendAudit(db, { kind: 'model', data: { event: 'registered', name: 'M', version: 1 } }, async (tx) => {
        await tx.objectStore('models').put({ id: 'M@1', kind: 'x', fingerprint: 'f', createdAt: 0 });
        throw new Error('the page was closed');
      }),
    ).rejects.toThrow('the page was closed');
    expect(await db.getAll('models')).toEqual([]);
    expect(await readAuditLog(db)).toEqual([]);
  });
});
