import { describe, expect, it } from 'vitest';
import { selectColumns } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import type { Table } from '../../src/core/table/table.ts';

const table: Table = {
  nRows: 2,
  columns: [
    { name: 'a', type: 'number', values: new Float64Array([1, 2]) },
    { name: 'b', type: 'category', codes: new Int32Array([0, 1]), categories: ['x', 'y'] },
    { name: 'c', type: 'text', values: ['hi', null] },
  ],
};

describe('select-columns', () => {
  it('keeps the chosen columns in the chosen order', async () => {
    const { table: out } = await selectColumns.run({
      inputs: { table },
      params: { columns: ['c', 'a'], mode: 'keep' },
      ctx: testContext({ nodeId: 'n1' }),
    });
    expect(out.columns.map((c) => c.name)).toEqual(['c', 'a']);
  });
  it('drops columns', async () => {
    const { table: out } = await selectColumns.run({
      inputs: { table },
      params: { columns: ['b'], mode: 'drop' },
      ctx: testContext({ nodeId: 'n1' }),
    });
    expect(out.columns.map((c) => c.name)).toEqual(['a', 'c']);
  });
  it('names a missing column in its error', async () => {
    await expect(
      selectColumns.run({ inputs: { table }, params: { columns: ['zzz'], mode: 'keep' }, ctx: testContext({ nodeId: 'n1' }) }),
    ).rejects.toThrow(/"zzz"/);
  });
});
