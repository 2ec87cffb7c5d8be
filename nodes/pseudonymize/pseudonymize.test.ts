import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withDefaults } from '../../src/core/params.ts';
import type { Table } from '../../src/core/table/table.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { pseudonymize, PSEUDONYM_KEY } from './index.ts';

const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
const otherKey = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);

const table = (): Table => ({
  nRows: 4,
  columns: [
    { name: 'email', type: 'text', values: ['jane@example.com', 'Omar@Example.com', null, ' jane@example.com '] },
    { name: 'name', type: 'category', codes: Int32Array.of(0, 1, -1, 0), categories: ['Jane Doe', 'Omar Haddad'], role: 'identifier' },
    { name: 'employee_id', type: 'integer', values: Float64Array.of(101, 102, NaN, 101) },
    { name: 'score', type: 'number', values: Float64Array.of(0.1, 0.2, 0.3, 0.4) },
  ],
});

function ctx(secret: Uint8Array | null, logs: string[] = [], asked: string[] = []) {
  return testContext({
    nodeId: 'pseudo',
    onLog: (m) => logs.push(m),
    ...(secret
      ? {
          readSecret: async (name: string) => {
            asked.push(name);
            return secret;
          },
        }
      : {}),
  });
}

const run = (params: Record<string, unknown>, secret: Uint8Array | null = key, logs: string[] = [], asked: string[] = []) =>
  pseudonymize.run({ inputs: { table: table() }, params: withDefaults(pseudonymize.params, params), ctx: ctx(secret, logs, asked) });

const expected = (value: string, k = key) => `p_${createHmac('sha256', Buffer.from(k)).update(value, 'utf8').digest('hex').slice(0, 16)}`;

describe('pseudonymize node', () => {
  it('replaces chosen columns with keyed HMAC-SHA-256 tokens, stable per value, missing kept', async () => {
    const logs: string[] = [];
    const asked: string[] = [];
    const { table: out } = await run({ columns: ['email', 'name', 'employee_id'] }, key, logs, asked);
    expect(asked).toEqual([PSEUDONYM_KEY]);
    const [email, name, id, score] = out.columns;
    expect(email.type === 'text' && email.values).toEqual([expected('jane@example.com'), expected('Omar@Example.com'), null, expected('jane@example.com')]);
    expect(name.type === 'category' && name.categories).toEqual([expected('Jane Doe'), expected('Omar Haddad')]);
    expect(name.type === 'category' && Array.from(name.codes)).toEqual([0, 1, -1, 0]);
    expect(name.role).toBe('identifier');
    expect(id.type === 'text' && id.values).toEqual([expected('101'), expected('102'), null, expected('101')]);
    expect(score).toEqual(table().columns[3]);
    expect(logs.join('\n')).toContain('Pseudonymised "email" (2 new distinct values), "name" (2 new distinct values), "employee_id" (2 new distinct values)');
    // the key never reaches the log
    const keyHex = Buffer.from(key).toString('hex');
    expect(logs.join('\n')).not.toContain(keyHex);
    expect(logs.join('\n')).not.toContain(Buffer.from(key).toString('base64'));
  });

  it('gives other tokens under another key, and honours prefix, length and case', async () => {
    const a = (await run({ columns: ['email'] })).table.columns[0];
    const b = (await run({ columns: ['email'] }, otherKey)).table.columns[0];
    expect(a.type === 'text' && b.type === 'text' && a.values[0] !== b.values[0]).toBe(true);
    expect(b.type === 'text' && b.values[0]).toBe(expected('jane@example.com', otherKey));
    const c = (await run({ columns: ['email'], prefix: 'emp-', length: 24, ignoreCase: true })).table.columns[0];
    expect(c.type === 'text' && c.values[1]).toBe(`emp-${createHmac('sha256', Buffer.from(key)).update('omar@example.com').digest('hex').slice(0, 24)}`);
  });

  it('says clearly when no key store is there, and refuses a bad prefix', async () => {
    await expect(run({ columns: ['email'] }, null)).rejects.toThrow(/No secret store is configured here, so the workspace secret "pseudonym-key" cannot be read/);
    await expect(run({ columns: ['email'], prefix: 'a b' })).rejects.toThrow(/Token prefix "a b" may only hold/);
    await expect(run({ columns: ['email'] }, new Uint8Array(8))).rejects.toThrow(/needs at least 16/);
  });

  it('declares its secret as a capability, and its schema turns replaced columns into text', () => {
    expect(pseudonymize.capabilities?.secrets).toEqual([PSEUDONYM_KEY]);
    const s = pseudonymize.schema!({
      inputs: { table: { columns: [{ name: 'employee_id', type: 'integer' }, { name: 'dept', type: 'category', categories: ['HR'] }, { name: 'x', type: 'number' }] } },
      params: withDefaults(pseudonymize.params, { columns: ['employee_id', 'dept'] }),
      env: { datasetSchema: () => undefined },
    });
    expect(s.table?.columns).toEqual([{ name: 'employee_id', type: 'text' }, { name: 'dept', type: 'category' }, { name: 'x', type: 'number' }]);
  });
});
