/**
 * The CLI's audit log against someone who can write the output folder but does not hold the key kept
 * outside it (issue 12 item 6), its key file, legacy logs, and the lock appends take.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { anchorOf, appendAll, entryHash, makeEntry, type AuditEntry } from '../governance/audit/chain.ts';
import { toJsonLines } from '../governance/audit/export.ts';
import { withFolderLock } from '../fs/file-lock.ts';
import { anchorPathFor, appendAuditEntries, auditSealCommand, auditVerifyCommand, AuditLogError, readAuditLogFile } from './audit-command.ts';
import { loadAuditKey, nodeAuditKey } from './audit-key.ts';
import { crispflow, examplePipeline, testAuditKeyFile } from './testing/run-cli.ts';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'crispflow-audit-'));
const keyHex = '5e'.repeat(32);
const key = nodeAuditKey(Buffer.from(keyHex, 'hex'));

function writeKey(hex = keyHex, mode = 0o600): string {
  const file = path.join(tmp(), 'audit.key');
  writeFileSync(file, hex + '\n', { mode });
  chmodSync(file, mode);
  return file;
}

/** A log of `n` run/decision entries written as the CLI writes it. */
async function cliLog(n = 4): Promise<string> {
  const file = path.join(tmp(), 'audit.jsonl');
  for (let i = 0; i < n; i++) {
    await appendAuditEntries(file, [{ kind: i % 2 ? 'decision' : 'run', actor: i % 2 ? 'Ana' : 'cli', data: { i, decision: 'override', reason: 'evidence' } }], key);
  }
  return file;
}

async function verify(file: string, keyFile = writeKey()): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  try {
    return { code: await auditVerifyCommand({ file, keyFile }), out: lines.join('\n') };
  } finally {
    vi.restoreAllMocks();
  }
}

const readLines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditEntry);
const writeLines = (file: string, entries: AuditEntry[]) => writeFileSync(file, toJsonLines(entries));

async function rechainFrom(entries: AuditEntry[], from: number): Promise<AuditEntry[]> {
  const out = structuredClone(entries);
  for (let i = from; i < out.length; i++) {
    if (i > 0) out[i].prevHash = out[i - 1].hash;
    const { hash: _h, keyId: _k, prevMac: _p, mac: _m, ...body } = out[i];
    out[i].hash = await entryHash(body);
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('audit verify against a forger without the key', () => {
  it('an intact log verifies as authenticated', async () => {
    const file = await cliLog();
    const r = await verify(file);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(new RegExp(`^OK: 4 entries, all authenticated with audit key ${key.id}`));
  });

  it('FAILS an appended entry with a correct hash and a rewritten anchor', async () => {
    const file = await cliLog();
    const entries = readLines(file);
    const forged = [...entries, await makeEntry(entries[3], { kind: 'decision', actor: 'Mallory', data: { decision: 'accept' } })];
    writeLines(file, forged);
    writeFileSync(anchorPathFor(file), JSON.stringify(anchorOf(forged)));
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAILED: entry 5 \(seq 4\) has no authentication code although the entries before it have one/);
  });

  it('FAILS an edited entry whose hash chain was recomputed (MAC fields kept)', async () => {
    const file = await cliLog();
    const entries = readLines(file);
    entries[1].data.reason = 'changed afterwards';
    const rechained = await rechainFrom(entries, 1);
    writeLines(file, rechained);
    const anchor = JSON.parse(readFileSync(anchorPathFor(file), 'utf8'));
    writeFileSync(anchorPathFor(file), JSON.stringify({ ...anchor, headHash: rechained[3].hash }));
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAILED: entry 2 \(seq 1\) does not carry a valid authentication code/);
  });

  it('FAILS truncation with a rewritten anchor', async () => {
    const file = await cliLog();
    const entries = readLines(file).slice(0, 2);
    writeLines(file, entries);
    const anchor = JSON.parse(readFileSync(anchorPathFor(file), 'utf8'));
    writeFileSync(anchorPathFor(file), JSON.stringify({ ...anchor, headSeq: 1, headHash: entries[1].hash, headMac: entries[1].mac, count: 2 }));
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAILED: The anchor was not written with the audit key/);
  });

  it('FAILS a missing anchor (an error, not a warning)', async () => {
    const file = await cliLog();
    rmSync(anchorPathFor(file));
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAILED: The log's anchor .* is missing/);
  });

  it('FAILS a log emptied together with its anchor', async () => {
    const file = await cliLog();
    writeFileSync(file, '');
    rmSync(anchorPathFor(file));
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAILED: .* has no entries and no anchor\. Crispflow never writes an empty audit log/);
  });

  it('names reordered lines as reordering', async () => {
    const file = await cliLog();
    const e = readLines(file);
    writeLines(file, [e[0], e[2], e[1], e[3]]);
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAILED: entry 2 \(seq 2\) comes right after seq 0, but seq 1 is further down \(entry 3\): the entries were reordered/);
  });

  it('needs the key that wrote the log: another key fails, no key is exit 2', async () => {
    const file = await cliLog();
    const other = await verify(file, writeKey('77'.repeat(32)));
    expect(other.code).toBe(1);
    expect(other.out).toMatch(new RegExp(`written with audit key ${key.id}`));
    const none = await verify(file, path.join(tmp(), 'missing.key'));
    expect(none.code).toBe(2);
    expect(none.out).toMatch(/no audit key at .*missing\.key; give the key that wrote the log with --audit-key/);
  });
});

describe('the audit key file', () => {
  it('is created readable by its owner only, and refused when group or others can read it', async () => {
    const file = path.join(tmp(), 'config', 'crispflow', 'audit.key');
    const created = await loadAuditKey(file, { create: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    // Loading again gives the same key (never overwritten).
    expect((await loadAuditKey(file, { create: true }))!.id).toBe(created!.id);
    chmodSync(file, 0o640);
    await expect(loadAuditKey(file, { create: true })).rejects.toThrow(/can be read or changed by other users \(mode 0640\).*chmod 600/);
    const log = await cliLog(1);
    const r = await verify(log, file);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/chmod 600/);
  });

  it('refuses a key file without a key', async () => {
    await expect(loadAuditKey(writeKey('not a key'), { create: false })).rejects.toThrow(/does not hold a key \(64 lower-case hexadecimal characters\)/);
  });
});

describe('legacy (pre-authentication) logs', () => {
  async function legacyLog(): Promise<string> {
    const file = path.join(tmp(), 'audit.jsonl');
    const entries = await appendAll([], [{ kind: 'run', actor: 'cli', data: { pipeline: 'p' } }, { kind: 'decision', actor: 'Ana', data: { decision: 'accept' } }]);
    writeLines(file, entries);
    writeFileSync(anchorPathFor(file), JSON.stringify(anchorOf(entries)));
    return file;
  }

  it('verify says UNAUTHENTICATED (legacy format), appending is refused, and seal pins the old entries', async () => {
    const file = await legacyLog();
    const keyFile = writeKey();
    const r = await verify(file, keyFile);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^UNAUTHENTICATED \(legacy format\): 2 entries with an intact SHA-256 chain but no authentication codes/);
    expect(r.out).toMatch(/crispflow audit seal/);
    await expect(appendAuditEntries(file, [{ kind: 'run', data: {} }], key)).rejects.toThrow(AuditLogError);
    await expect(appendAuditEntries(file, [{ kind: 'run', data: {} }], key)).rejects.toThrow(/legacy format, 2 entries.*crispflow audit seal/);

    vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await auditSealCommand({ file, keyFile })).toBe(0);
    vi.restoreAllMocks();
    const sealed = await verify(file, keyFile);
    expect(sealed.code, sealed.out).toBe(0);
    expect(sealed.out).toMatch(/first 2 entries predate authentication \(legacy format\); a seal entry pins them/);
    expect(readLines(file)[2]).toMatchObject({ kind: 'seal', data: { legacyEntries: 2, legacyHeadSeq: 1 } });
    // After sealing, a change to a legacy entry is caught, and appends work again.
    await appendAuditEntries(file, [{ kind: 'run', data: { after: true } }], key);
    const e = readLines(file);
    e[0].data.pipeline = 'changed';
    writeLines(file, await rechainFrom(e, 0));
    expect((await verify(file, keyFile)).code).toBe(1);
  });
});

describe('audit appends', () => {
  it('take the folder lock (the one the registry takes): concurrent appends all land, a held lock is waited for', async () => {
    const file = path.join(tmp(), 'audit.jsonl');
    await Promise.all(Array.from({ length: 12 }, (_, i) => appendAuditEntries(file, [{ kind: 'note', data: { i } }], key)));
    const { entries } = await readAuditLogFile(file);
    expect(entries.map((x) => x.data.i).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect((await verify(file)).code).toBe(0);
    // Another task holds the folder's lock: the append waits, then gives up with a clear message.
    let release = () => {};
    const holding = withFolderLock(path.dirname(file), () => new Promise<void>((r) => (release = r)));
    while (!existsSync(path.join(path.dirname(file), 'crispflow.lock'))) await new Promise((r) => setTimeout(r, 5));
    await expect(appendAuditEntries(file, [{ kind: 'note', data: {} }], key, { lockWaitMs: 200 })).rejects.toThrow(/locked by another crispflow run .*crispflow\.lock/);
    release();
    await holding;
    expect(readdirSync(path.dirname(file)).sort()).toEqual(['audit.anchor.json', 'audit.jsonl']);
  });
});

describe('crispflow run with the audit key', () => {
  it('records the run with the key, removes stale temp files of a killed run, and refuses a key others can read', () => {
    const out = tmp();
    const stale = `.summary.json.${2 ** 22 + 7}.0123456789ab.tmp`;
    writeFileSync(path.join(out, stale), '{"half":');
    const r = crispflow(['run', examplePipeline('promotion-baseline'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(out, stale))).toBe(false);
    expect(statSync(testAuditKeyFile).mode & 0o777).toBe(0o600);
    const verified = crispflow(['audit', 'verify', path.join(out, 'audit.jsonl')]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^OK: 1 entry, all authenticated with audit key [0-9a-f]{16}/);
    expect(verified.stdout).toMatch(/summary\.json is the one the last run entry \(seq 0\) records/);
    // A summary.json that no run entry names (a run killed before its entry, or an edit) is pointed out.
    writeFileSync(path.join(out, 'summary.json'), readFileSync(path.join(out, 'summary.json'), 'utf8').replace('"ok"', '"error"'));
    expect(crispflow(['audit', 'verify', path.join(out, 'audit.jsonl')]).stdout).toMatch(/summary\.json is not the one the last run entry \(seq 0\) records/);
    // The same log with --audit-key naming another key: not this log's key.
    const otherKey = writeKey('12'.repeat(32));
    expect(crispflow(['audit', 'verify', path.join(out, 'audit.jsonl'), '--audit-key', otherKey]).code).toBe(1);
    chmodSync(otherKey, 0o644);
    const refused = crispflow(['run', examplePipeline('promotion-baseline'), '--out', tmp(), '--audit-key', otherKey]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/can be read or changed by other users \(mode 0644\).*Nothing was run\./);
  });
});
