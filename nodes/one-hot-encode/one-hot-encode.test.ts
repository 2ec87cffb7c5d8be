import { describe, expect, it } from 'vitest';
import { oneHotEncode } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { withDefaults } from '../../src/core/params.ts';
import { cellValue, type Table } from '../../src/core/table/table.ts';

const table: Table = {
  nRows: 4,
  columns: [
    { name: 'dept', type: 'category', codes: Int32Array.from([0, 2, -1, 0]), categories: ['Sales', 'Unused', 'HR'] },
    { name: 'level', type: 'integer', values: Float64Array.from([3, 1, 3, 2]) },
    { name: 'pay', type: 'number', values: Float64Array.from([1, 2, 3, 4]) },
  ],
};
const run = (p: Record<string, unknown>) =>
  oneHotEncode.run({ inputs: { table }, params: withDefaults(oneHotEncode.params, p), ctx: testContext({ nodeId: 'ohe' }) });
const dump = (t: Table) => Object.fromEntries(t.columns.map((c) => [c.name, Array.from({ length: t.nRows }, (_, i) => cellValue(c, i))]));

describe('one-hot-encode node', () => {
  it('one 0/1 integer column per present value, in place of the original; missing → all 0', async () => {
    const { table: out } = await run({ columns: ['dept'] });
    expect(dump(out)).toEqual({ dept_Sales: [1, 0, 0, 1], dept_HR: [0, 1, 0, 0], level: [3, 1, 3, 2], pay: [1, 2, 3, 4] });
    expect(out.columns[0].type).toBe('integer');
  });

  it('encodes integer codes by first appearance, drops the first value, keeps the original when asked', async () => {
    const { table: out } = await run({ columns: ['level'], dropFirst: true, keepOriginal: true });
    expect(out.columns.map((c) => c.name)).toEqual(['dept', 'level', 'level_1', 'level_2', 'pay']);
    expect(dump(out).level_1).toEqual([0, 1, 0, 0]);
  });

  it('refuses too many values and decimal columns', async () => {
    await expect(run({ columns: ['level'], maxCategories: 2 })).rejects.toThrow(/"level" has 3 different values, more than 2/);
    await expect(run({ columns: ['pay'] })).rejects.toThrow(/decimal number column/);
  });

  it('schema() lists the indicator columns when the categories are known', () => {
    const schema = { columns: [{ name: 'dept', type: 'category' as const, categories: ['Sales', 'HR'] }, { name: 'pay', type: 'number' as const }] };
    const s = oneHotEncode.schema!({ inputs: { table: schema }, params: withDefaults(oneHotEncode.params, { columns: ['dept'] }), env: { datasetSchema: () => undefined } });
    expect(s.table!.columns.map((c) => c.name)).toEqual(['dept_Sales', 'dept_HR', 'pay']);
  });
});
