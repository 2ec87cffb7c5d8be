/** Champion / challenger / retired stages and the four-eyes approval (issue 15). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditKeyForWriting } from '../cli/audit-command.ts';
import { readRegistry, registerInFolder } from '../cli/model-registry-folder.ts';
import { tempDir, testAuditKeyFile } from '../cli/testing/run-cli.ts';
import type { Model } from '../core/ports.ts';
import { ApprovalRefusedError, approvePromotion, markChallenger, setStage } from './stages.ts';

const model = (fingerprint: string): Model => ({ kind: 'logistic-regression', hyperParams: {}, featureNames: ['x'], featurizer: { columns: [] }, state: {}, target: { column: 'y', positive: '1' }, fingerprint });

async function registry() {
  const dir = tempDir('crispflow-stages-');
  const key = await auditKeyForWriting(testAuditKeyFile);
  await registerInFolder(dir, [{ name: 'M', model: model('f1') }], { auditKey: key });
  await registerInFolder(dir, [{ name: 'M', model: model('f2') }], { auditKey: key });
  return { dir, key };
}

const stages = async (dir: string) => (await readRegistry(dir)).map((v) => [v.version, v.stage ?? null]);

describe('stages', () => {
  it('a registry without stages loads; a registration keeps the stages already set', async () => {
    const { dir, key } = await registry();
    expect(await stages(dir)).toEqual([[1, null], [2, null]]);
    await setStage(dir, { name: 'M', version: 1 }, 'champion', { actor: 'ana', key });
    await registerInFolder(dir, [{ name: 'M', model: model('f3') }], { auditKey: key });
    expect(await stages(dir)).toEqual([[1, 'champion'], [2, null], [3, null]]);
  });

  it('promotes only with an approver other than the recorded requester, and retires the old champion', async () => {
    const { dir, key } = await registry();
    await setStage(dir, { name: 'M', version: 1 }, 'champion', { actor: 'ana', key });
    await expect(approvePromotion(dir, { name: 'M', version: 2 }, { approver: 'ben', key })).rejects.toThrow(/Nobody is recorded as requesting "M" v2/);
    await markChallenger(dir, { name: 'M', version: 2 }, { requester: 'Ana', key });
    await expect(approvePromotion(dir, { name: 'M', version: 2 }, { approver: ' ana ', key })).rejects.toThrow(ApprovalRefusedError);
    await expect(approvePromotion(dir, { name: 'M', version: 2 }, { approver: 'ben', requester: 'carl', key })).rejects.toThrow(/records "Ana" as the requester/);
    expect(await stages(dir)).toEqual([[1, 'champion'], [2, 'challenger']]);
    const done = await approvePromotion(dir, { name: 'M', version: 2 }, { approver: 'ben', key });
    expect(done.requester).toBe('Ana');
    expect(await stages(dir)).toEqual([[1, 'retired'], [2, 'champion']]);
    const events = readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).data.event);
    expect(events.slice(-3)).toEqual(['stage', 'challenger', 'approved']);
    await expect(approvePromotion(dir, { name: 'M', version: 1 }, { approver: 'ben', requester: 'ana', key })).rejects.toThrow(/retired/);
  });
});
