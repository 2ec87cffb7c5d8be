/**
 * A registration killed with SIGKILL at each step leaves a registry and an audit log that explain each
 * other: `audit verify` passes and names the interruption, and the next registration records it and
 * goes on. (Before: a kill between registering and the audit entry left a version that no entry named.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Model } from '../core/ports.ts';
import { verifyChain, type AuditEntry } from '../governance/audit/chain.ts';
import { auditVerifyCommand, readAuditLogFile } from './audit-command.ts';
import { nodeAuditKey } from './audit-key.ts';
import { explainRegistryFolder, readRegistry, registerInFolder, REGISTRY_FILE } from './model-registry-folder.ts';
import { repoRoot } from './testing/run-cli.ts';

const keyHex = 'ab'.repeat(32);
const auditKey = nodeAuditKey(Buffer.from(keyHex, 'hex'));
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'crispflow-crash-'));

function keyFile(): string {
  const file = path.join(tmp(), 'audit.key');
  writeFileSync(file, keyHex + '\n', { mode: 0o600 });
  return file;
}

const model = (fingerprint: string): Model =>
  ({
    kind: 'logistic-regression',
    hyperParams: { C: 1 },
    featureNames: ['kpi_score'],
    featurizer: { columns: [{ name: 'kpi_score', type: 'number' }] },
    state: { weights: new Float64Array([0.25, -1.5]) },
    target: { column: 'promoted', positive: '1' },
    fingerprint,
  }) as Model;
const registration = (fp: string) => ({ name: 'Promotion model', model: model(fp), metrics: { auc: 0.8 }, fairness: [], pipeline: { name: 'P', nodeId: 'n' } });

/** Registers fingerprint `fp` in a child process that kills itself at `step`. */
function crashAt(dir: string, step: string, fp: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/testing/register-and-crash.ts'), dir, step, keyHex, fp], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.signal, r.stderr + r.stdout).toBe('SIGKILL');
}

const events = (entries: AuditEntry[]) => entries.filter((e) => e.kind === 'model').map((e) => `${String(e.data.event)} v${String(e.data.version)}`);

async function verifyOutput(dir: string): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  const err = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  try {
    const code = await auditVerifyCommand({ file: path.join(dir, 'audit.jsonl'), keyFile: keyFile() });
    return { code, out: lines.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('registry and audit log after a crash (SIGKILL at each step)', () => {
  it('killed after the intent entry, before any file: an interrupted registration, then abandoned and redone', async () => {
    const dir = tmp();
    await registerInFolder(dir, [registration('a')], { auditKey });
    crashAt(dir, 'intent-recorded', 'b');
    expect(existsSync(path.join(dir, 'crispflow.lock'))).toBe(true); // left by the killed process
    expect((await readRegistry(dir)).map((v) => v.version)).toEqual([1]);
    const ex = await explainRegistryFolder(dir);
    expect(ex.interrupted.map((i) => [i.name, i.version, i.fingerprint])).toEqual([['Promotion model', 2, 'b']]);
    expect(ex.unexplained).toEqual([]);
    const verified = await verifyOutput(dir);
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toMatch(/"Promotion model" v2 \(audit seq \d+\) was being registered when the run was interrupted; it never reached registry\.json/);

    // The next run takes over the lock, records the abandoned intent, and registers v2 properly.
    const again = await registerInFolder(dir, [registration('b')], { auditKey });
    expect(again[0]).toMatchObject({ created: true, version: { version: 2 } });
    const { entries, anchor } = await readAuditLogFile(path.join(dir, 'audit.jsonl'));
    expect(events(entries)).toEqual(['registering v1', 'registered v1', 'registering v2', 'abandoned v2', 'registering v2', 'registered v2']);
    expect(await verifyChain(entries, anchor, { key: auditKey })).toMatchObject({ ok: true, unanchoredTail: 0 });
    expect(await explainRegistryFolder(dir)).toMatchObject({ interrupted: [], unconfirmed: [], unexplained: [] });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
  });

  it('killed after the version files, before registry.json: the folder is not a version until redone', async () => {
    const dir = tmp();
    crashAt(dir, 'files-written', 'a');
    expect(existsSync(path.join(dir, 'promotion-model', 'v1', 'model.json'))).toBe(true);
    expect(existsSync(path.join(dir, REGISTRY_FILE))).toBe(false);
    const ex = await explainRegistryFolder(dir);
    expect(ex.interrupted).toHaveLength(1);
    expect((await verifyOutput(dir)).code).toBe(0);
    await registerInFolder(dir, [registration('a')], { auditKey });
    const { entries } = await readAuditLogFile(path.join(dir, 'audit.jsonl'));
    expect(events(entries)).toEqual(['registering v1', 'abandoned v1', 'registering v1', 'registered v1']);
  });

  it('killed after registry.json, before the "registered" entry: the version is complete and confirmed next time', async () => {
    const dir = tmp();
    crashAt(dir, 'registry-written', 'a');
    expect((await readRegistry(dir)).map((v) => v.version)).toEqual([1]);
    const ex = await explainRegistryFolder(dir);
    expect(ex.unconfirmed.map((u) => u.version.version)).toEqual([1]);
    const verified = await verifyOutput(dir);
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toMatch(/"Promotion model" v1 \(audit seq 0\) is in registry\.json but its registration was interrupted before the "registered" entry; it is complete/);
    // Identical training: no new version, but the interrupted registration is confirmed.
    const again = await registerInFolder(dir, [registration('a')], { auditKey });
    expect(again[0]).toMatchObject({ created: false, version: { version: 1 } });
    const { entries } = await readAuditLogFile(path.join(dir, 'audit.jsonl'));
    expect(events(entries)).toEqual(['registering v1', 'registered v1']);
    expect(entries[1].data).toMatchObject({ intentSeq: 0, recovered: true });
  });

  it('killed between the audit log and its anchor: the authenticated entry after the anchor is explained', async () => {
    const dir = tmp();
    // Write 1 = the intent, write 2 = the "registered" entry: die before its anchor moves.
    crashAt(dir, 'audit-log-written:2', 'a');
    const { entries, anchor } = await readAuditLogFile(path.join(dir, 'audit.jsonl'));
    expect(events(entries)).toEqual(['registering v1', 'registered v1']);
    expect(anchor?.headSeq).toBe(0);
    const verified = await verifyOutput(dir);
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toMatch(/last 1 entry was written after the anchor was last moved \(an interrupted append\)/);
    await registerInFolder(dir, [registration('c')], { auditKey });
    const after = await readAuditLogFile(path.join(dir, 'audit.jsonl'));
    expect(await verifyChain(after.entries, after.anchor, { key: auditKey })).toMatchObject({ ok: true, unanchoredTail: 0, count: 4 });
  });

  it('refuses a version added to registry.json by hand (no audit entry announces it), and verify says so', async () => {
    const dir = tmp();
    await registerInFolder(dir, [registration('a')], { auditKey });
    const file = path.join(dir, REGISTRY_FILE);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.versions.push({ ...json.versions[0], version: 2, fingerprint: 'forged', id: 'x' });
    writeFileSync(file, JSON.stringify(json));
    await expect(registerInFolder(dir, [registration('d')], { auditKey })).rejects.toThrow(/"Promotion model" v2 is in .*registry\.json but no entry of .*audit\.jsonl records the registration/);
    const verified = await verifyOutput(dir);
    expect(verified.code).toBe(1);
    expect(verified.out).toMatch(/FAILED: the log verifies, but the registry beside it does not match it/);
  });
});
