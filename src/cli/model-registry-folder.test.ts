import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Model } from '../core/ports.ts';
import { createBuiltinRegistry } from '../../nodes/index.ts';
import { installScorers } from '../ml/models/scorers.ts';
import { nodeAuditKey } from './audit-key.ts';
import { loadModelFile } from './model-file.ts';
import { readRegistry, registerInFolder, RegistryFileError, safeModelFolder } from './model-registry-folder.ts';

// Loading a model file checks that a scorer exists for it: hosts install the nodes' scorers.
installScorers(createBuiltinRegistry().scorers());
const auditKey = nodeAuditKey(new Uint8Array(32).fill(7));
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'crispflow-registry-'));
const model = (fingerprint: string): Model => ({
  kind: 'logistic-regression',
  hyperParams: { C: 1 },
  featureNames: ['kpi_score'],
  featurizer: { columns: [{ name: 'kpi_score', type: 'number' }] },
  state: { weights: new Float64Array([0.25, -1.5]) },
  target: { column: 'promoted', positive: '1' },
  fingerprint,
});
const reg = (name: string, fp: string, auc: number) => ({ name, model: model(fp), metrics: { auc }, fairness: [], pipeline: { name: 'P', nodeId: 'n' } });

describe('folder model registry', () => {
  it('numbers versions per name, keeps identical training, and gives clashing names their own folders', async () => {
    const dir = tmp();
    const now = new Date('2025-01-02T03:04:05Z');
    const first = await registerInFolder(dir, [reg('Promotion model', 'a', 0.8), reg('promotion  MODEL!', 'b', 0.7)], { now, auditKey });
    expect(first.map((r) => [r.version.name, r.version.version, r.created, path.relative(dir, r.folder)])).toEqual([
      ['Promotion model', 1, true, 'promotion-model/v1'],
      ['promotion  MODEL!', 1, true, expect.stringMatching(/^promotion-model-[0-9a-f]{8}\/v1$/)],
    ]);
    const again = await registerInFolder(dir, [reg('Promotion model', 'a', 0.8), reg('Promotion model', 'c', 0.9)], { now, auditKey });
    expect(again.map((r) => [r.version.version, r.created, r.version.metrics.auc])).toEqual([
      [1, false, 0.8],
      [2, true, 0.9],
    ]);
    const versions = await readRegistry(dir);
    expect(versions.map((v) => `${v.name}@${v.version}`)).toEqual(['Promotion model@1', 'promotion  MODEL!@1', 'Promotion model@2']);
    expect(versions[0].createdAt).toBe('2025-01-02T03:04:05.000Z');
    // The saved model round-trips exactly (typed arrays included).
    const loaded = await loadModelFile(path.join(dir, 'promotion-model', 'v2', 'model.json'));
    expect(Array.from((loaded.state as { weights: Float64Array }).weights)).toEqual([0.25, -1.5]);
    expect(readFileSync(path.join(dir, 'promotion-model', 'v2', 'card.md'), 'utf8')).toContain('| auc | 0.9 |');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
  });

  it('an empty or missing folder is an empty registry', async () => {
    expect(await readRegistry(path.join(tmp(), 'none'))).toEqual([]);
    expect(safeModelFolder('Ünïcode — model', [])).toBe('unicode-model');
    expect(safeModelFolder('***', [])).toBe('model');
  });

  it('refuses a registry.json that is not JSON, not a registry, or has a broken entry, naming the file', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{"versions": [', /is not valid JSON/],
      ['[]', /is not a Crispflow model registry/],
      ['{"format": "crispflow-model-registry/1", "versions": [{"name": "x"}]}', /broken entry at versions\[0\]/],
    ];
    for (const [text, message] of cases) {
      const dir = tmp();
      const file = path.join(dir, 'registry.json');
      writeFileSync(file, text);
      const err = await readRegistry(dir).catch((e: Error) => e);
      expect(err).toBeInstanceOf(RegistryFileError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).toContain(file);
      await expect(registerInFolder(dir, [reg('M', 'a', 0.5)], { auditKey })).rejects.toThrow(message);
      expect(readFileSync(file, 'utf8')).toBe(text);
    }
  });

  it('takes over a lock left by a process that is gone, and waits for a live one', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'crispflow.lock'), '2147483646');
    expect((await registerInFolder(dir, [reg('M', 'a', 0.5)], { auditKey }))[0].version.version).toBe(1);
    writeFileSync(path.join(dir, 'crispflow.lock'), String(process.pid));
    await expect(registerInFolder(dir, [reg('M', 'b', 0.5)], { lockWaitMs: 300, auditKey })).rejects.toThrow(/locked by another crispflow run .*delete .*crispflow\.lock/);
    expect((await readRegistry(dir)).length).toBe(1);
  });
});
