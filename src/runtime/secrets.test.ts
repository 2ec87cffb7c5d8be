import { describe, expect, it } from 'vitest';
import type { SecretStore } from '../core/node-definition.ts';
import type { Plan, PlanStep } from '../core/plan.ts';
import { secretFingerprint, stepSecretReader, withSecretKeys } from './secrets.ts';

const step = (nodeId: string, secrets: string[] | undefined, from?: string): PlanStep => ({
  nodeId,
  type: secrets ? 'pseudonymize' : 'select-columns',
  version: 1,
  params: {},
  inputs: from ? { table: { node: from, port: 'table' } } : {},
  outputs: { table: 'table' },
  cacheKey: `key-${nodeId}`,
  capabilities: secrets ? { secrets } : {},
});
const plan: Plan = { pipelineName: 'p', seed: 1, steps: [step('source', undefined), step('pseudo', ['pseudonym-key'], 'source'), step('after', undefined, 'pseudo')] };
const store = (bytes: number[]): SecretStore => ({ read: async () => Uint8Array.from(bytes) });

describe('workspace secrets', () => {
  it('hands a step only the secrets it declared, and says when there is no store', async () => {
    const read = stepSecretReader(plan.steps[1], store([1, 2, 3]))!;
    expect(Array.from(await read('pseudonym-key'))).toEqual([1, 2, 3]);
    await expect(read('audit-key')).rejects.toThrow(/asked for the workspace secret "audit-key" but declares only "pseudonym-key"/);
    expect(stepSecretReader(plan.steps[0], store([1]))).toBeUndefined();
    await expect(stepSecretReader(plan.steps[1], undefined)!('pseudonym-key')).rejects.toThrow(/has no secret store/);
  });

  it('folds a fingerprint of the key into the cache keys of the step and its descendants', async () => {
    const a = await withSecretKeys(plan, store([1, 2, 3]));
    const b = await withSecretKeys(plan, store([9, 9, 9]));
    expect(a.steps[0].cacheKey).toBe('key-source');
    expect(a.steps[1].cacheKey).not.toBe('key-pseudo');
    expect(a.steps[2].cacheKey).not.toBe('key-after');
    expect(b.steps[1].cacheKey).not.toBe(a.steps[1].cacheKey);
    expect(b.steps[2].cacheKey).not.toBe(a.steps[2].cacheKey);
    expect((await withSecretKeys(plan, store([1, 2, 3]))).steps[1].cacheKey).toBe(a.steps[1].cacheKey);
    expect(await withSecretKeys(plan, undefined)).toBe(plan);
    // the fingerprint is short and is not the key
    expect(secretFingerprint(Uint8Array.from([1, 2, 3]))).toMatch(/^[0-9a-f]{16}$/);
  });
});
