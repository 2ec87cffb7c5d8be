import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, toJsonSafe } from './canonical-json.ts';
import { anchorOf, appendAll, GENESIS_HASH, makeEntry, pruneChain, verifyChain, type AuditEntry } from './chain.ts';
import { parseJsonLines, toCsv, toJsonLines } from './export.ts';

const day = 86_400_000;
const t0 = Date.parse('2025-01-01T00:00:00Z');

async function sampleLog(n = 6): Promise<AuditEntry[]> {
  const inputs = Array.from({ length: n }, (_, i) => ({
    kind: (i % 2 ? 'decision' : 'run') as 'decision' | 'run',
    actor: i % 2 ? 'Ana' : 'cli',
    at: new Date(t0 + i * 30 * day),
    data: i % 2 ? { itemId: `E${i}`, decision: 'override', reason: 'Led two projects, "see, notes"', finalDecision: 'recommend' } : { pipeline: 'p', metrics: { auc: 0.8 + i / 100, bad: NaN } },
  }));
  return appendAll([], inputs);
}

const clone = (es: AuditEntry[]) => JSON.parse(JSON.stringify(es)) as AuditEntry[];

describe('canonical JSON', () => {
  it('sorts keys at every level, drops undefined, and maps what JSON cannot carry', () => {
    expect(canonicalJson(toJsonSafe({ b: 1, a: { d: [1, { z: 1, y: undefined }], c: NaN } }))).toBe('{"a":{"c":null,"d":[1,{"z":1}]},"b":1}');
    expect(toJsonSafe({ x: new Float64Array([1.5, Infinity]) })).toEqual({ x: [1.5, null] });
  });
});

describe('hash chain', () => {
  it('hashes with SHA-256 over the canonical entry and links each entry to the one before', async () => {
    const log = await sampleLog(3);
    expect(log[0].prevHash).toBe(GENESIS_HASH);
    expect(log[1].prevHash).toBe(log[0].hash);
    const { hash, ...body } = log[2];
    const expected = createHash('sha256').update(canonicalJson(toJsonSafe(body))).digest('hex');
    expect(hash).toBe(expected);
    expect(log.map((e) => e.seq)).toEqual([0, 1, 2]);
    expect(log[0].data.metrics).toEqual({ auc: 0.8, bad: null });
  });

  it('verifies an intact log, also after a JSON Lines round trip', async () => {
    const log = await sampleLog();
    const back = parseJsonLines(toJsonLines(log));
    expect(back.error).toBeUndefined();
    const r = await verifyChain(back.entries, anchorOf(log));
    expect(r).toMatchObject({ ok: true, count: 6, headSeq: 5, headHash: log[5].hash, anchored: true });
  });

  it('detects one changed entry and names it', async () => {
    const log = clone(await sampleLog());
    (log[3].data as Record<string, unknown>).reason = 'edited later';
    const r = await verifyChain(log, anchorOf(log));
    expect(r).toMatchObject({ ok: false, index: 3, seq: 3 });
    if (!r.ok) expect(r.reason).toMatch(/entry 4 \(seq 3\) was changed/);
  });

  it('detects a changed entry whose hash was recomputed (the next link breaks)', async () => {
    const log = clone(await sampleLog());
    (log[2].data as Record<string, unknown>).pipeline = 'forged';
    const { hash: _old, ...body } = log[2];
    log[2].hash = createHash('sha256').update(canonicalJson(toJsonSafe(body))).digest('hex');
    const r = await verifyChain(log, undefined);
    expect(r).toMatchObject({ ok: false, index: 3, seq: 3 });
    if (!r.ok) expect(r.reason).toMatch(/does not link/);
  });

  it('detects reordering', async () => {
    const log = await sampleLog();
    const swapped = [log[0], log[2], log[1], ...log.slice(3)];
    const r = await verifyChain(swapped, undefined);
    expect(r).toMatchObject({ ok: false, index: 1, seq: 2 });
    // Two swapped lines are named as reordering, not as a deletion.
    if (!r.ok) expect(r.reason).toMatch(/reordered/);
    const swappedEnds = [...log.slice(0, 4), log[5], log[4]];
    expect(await verifyChain(swappedEnds, undefined)).toMatchObject({ ok: false, index: 4, seq: 5 });
  });

  it('detects a deleted middle entry', async () => {
    const log = await sampleLog();
    const r = await verifyChain([...log.slice(0, 2), ...log.slice(3)], undefined);
    expect(r).toMatchObject({ ok: false, index: 2, seq: 3 });
    if (!r.ok) expect(r.reason).toMatch(/deleted before it/);
  });

  it('detects a deleted first entry', async () => {
    const log = await sampleLog();
    const r = await verifyChain(log.slice(1), undefined);
    expect(r).toMatchObject({ ok: false, index: 0, seq: 1 });
  });

  it('detects deleted last entries through the anchor (and a missing anchor is an error)', async () => {
    const log = await sampleLog();
    const anchor = anchorOf(log)!;
    const cut = log.slice(0, 4);
    const alone = await verifyChain(cut, undefined);
    expect(alone).toMatchObject({ ok: false, problem: 'missing-anchor' });
    const r = await verifyChain(cut, anchor);
    expect(r).toMatchObject({ ok: false, index: 4, seq: 4 });
    if (!r.ok) expect(r.reason).toMatch(/last 2 entries were deleted/);
    expect(await verifyChain([], anchor)).toMatchObject({ ok: false, index: 0 });
  });

  it('detects a rewritten log that no longer reaches the anchored head', async () => {
    const log = await sampleLog();
    const anchor = anchorOf(log)!;
    const rewritten = await appendAll(log.slice(0, 5), [{ kind: 'note', data: { replaced: true }, at: log[5].at }]);
    const r = await verifyChain(rewritten, anchor);
    expect(r).toMatchObject({ ok: false, index: 5, seq: 5 });
  });

  it('rejects lines that are not entries', async () => {
    const log = await sampleLog(2);
    const r = await verifyChain([log[0], { hello: 1 }], undefined);
    expect(r).toMatchObject({ ok: false, index: 1 });
    expect(parseJsonLines('{"a":1}\nnot json\n').error).toMatchObject({ line: 2 });
  });
});

describe('retention', () => {
  it('prunes old entries only through a chained checkpoint, so the log still verifies', async () => {
    const log = await sampleLog(10); // one entry every 30 days
    const now = new Date(t0 + 300 * day);
    const { entries, removed, checkpoint } = await pruneChain(log, { now, retentionDays: 183 });
    // The cut-off is day 117: entries 0..3 (days 0..90) go, entry 4 (day 120) stays.
    expect(removed).toBe(4);
    expect(entries[0].seq).toBe(4);
    expect(checkpoint!.data).toMatchObject({ prunedThroughSeq: 3, lastPrunedHash: log[3].hash, prunedCount: 4, retentionDays: 183 });
    expect(entries[entries.length - 1]).toBe(checkpoint);
    expect(await verifyChain(entries, anchorOf(entries))).toMatchObject({ ok: true, count: 7 });
    // Without the checkpoint, the cut is an unexplained deletion.
    expect(await verifyChain(entries.slice(0, -1), undefined)).toMatchObject({ ok: false, index: 0, seq: 4 });
    // Pruning one more entry by hand (no checkpoint for it) is detected.
    expect(await verifyChain(entries.slice(1), undefined)).toMatchObject({ ok: false, index: 0 });
  });

  it('keeps at least six months, and never prunes a broken log', async () => {
    const log = await sampleLog(4);
    await expect(pruneChain(log, { retentionDays: 30 })).rejects.toThrow(/at least 183 days/);
    const broken = clone(log);
    broken[1].actor = 'Mallory';
    await expect(pruneChain(broken, { now: new Date(t0 + 1000 * day) })).rejects.toThrow(/does not verify/);
    const nothing = await pruneChain(log, { now: new Date(t0 + 10 * day) });
    expect(nothing.removed).toBe(0);
  });
});

describe('exports', () => {
  it('writes CSV with quoted cells and lifted decision fields', async () => {
    const log = await sampleLog(2);
    const csv = toCsv(log);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,kind,actor,item_id,decision,final_decision,reason,pipeline,data,prev_hash,hash');
    expect(lines[2]).toContain('1,2025-01-31T00:00:00.000Z,decision,Ana,E1,override,recommend,"Led two projects, ""see, notes"""');
    expect(lines[2].endsWith(log[1].hash)).toBe(true);
  });

  it('neutralises formula-like cells with the shared escaper (OWASP payloads)', async () => {
    const log = await appendAll([], [
      { kind: 'decision', actor: '=cmd|calc', at: new Date(t0), data: { itemId: "-1+cmd|' /C calc'!A0", decision: 'reject', reason: ' =1+1' } },
    ]);
    const row = toCsv(log).trim().split('\r\n')[1];
    expect(row.startsWith(`0,2025-01-01T00:00:00.000Z,decision,'=cmd|calc,'-1+cmd|' /C calc'!A0,reject,,' =1+1,`)).toBe(true);
    // the data column is canonical JSON: it starts with "{" and needs no prefix
    expect(row).toContain(`"{""decision"":""reject""`);
  });

  it('makes an entry from a head', async () => {
    const e = await makeEntry({ seq: 41, hash: 'a'.repeat(64) }, { kind: 'stop', actor: 'Bo', data: { reason: 'drift' }, at: '2025-02-01T00:00:00.000Z' });
    expect(e).toMatchObject({ seq: 42, prevHash: 'a'.repeat(64), kind: 'stop', actor: 'Bo' });
    expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
