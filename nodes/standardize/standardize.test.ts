import { describe, expect, it } from 'vitest';
import { standardize } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { withDefaults } from '../../src/core/params.ts';
import type { NumericColumn, Table } from '../../src/core/table/table.ts';

const table: Table = {
  nRows: 4,
  columns: [
    { name: 'id', type: 'integer', role: 'identifier', values: Float64Array.from([1, 2, 3, 4]) },
    { name: 'pay', type: 'number', values: Float64Array.from([2, 4, 4, NaN]) },
    { name: 'level', type: 'integer', values: Float64Array.from([5, 5, 5, 5]) },
    { name: 'dept', type: 'category', codes: Int32Array.from([0, 0, 1, 1]), categories: ['a', 'b'] },
  ],
};

describe('standardize node', () => {
  it('z-scores with the population standard deviation, skipping identifiers; constant columns become 0', async () => {
    const logs: string[] = [];
    const { table: out } = await standardize.run({
      inputs: { table },
      params: withDefaults(standardize.params, {}),
      ctx: testContext({ nodeId: 's', onLog: (m) => logs.push(m) }),
    });
    const v = (name: string) => Array.from((out.columns.find((c) => c.name === name) as NumericColumn).values);
    // pay: mean 10/3, sd sqrt(8/9) (sklearn StandardScaler: ddof 0).
    const sd = Math.sqrt(8 / 9);
    expect(v('pay')[0]).toBeCloseTo((2 - 10 / 3) / sd, 14);
    expect(v('pay')[1]).toBeCloseTo((4 - 10 / 3) / sd, 14);
    expect(Number.isNaN(v('pay')[3])).toBe(true);
    expect(v('level')).toEqual([0, 0, 0, 0]);
    expect(v('id')).toEqual([1, 2, 3, 4]);
    expect(out.columns.find((c) => c.name === 'level')!.type).toBe('number');
    expect(logs[0]).toMatch(/pay: mean 3.33333, sd 0.942809/);
  });

  it('refuses a category column', async () => {
    await expect(
      standardize.run({ inputs: { table }, params: withDefaults(standardize.params, { columns: ['dept'] }), ctx: testContext({ nodeId: 's' }) }),
    ).rejects.toThrow(/"dept" is category/);
  });
});
