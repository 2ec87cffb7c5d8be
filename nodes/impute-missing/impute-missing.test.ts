import { describe, expect, it } from 'vitest';
import { imputeMissing } from './index.ts';
import { runNode } from '../../src/runtime/testing/node-testing.ts';
import { withDefaults } from '../../src/core/params.ts';
import { cellValue, type Table } from '../../src/core/table/table.ts';

const table: Table = {
  nRows: 5,
  columns: [
    { name: 'id', type: 'integer', role: 'identifier', values: Float64Array.from([1, 2, NaN, 4, 5]) },
    { name: 'pay', type: 'number', values: Float64Array.from([10, NaN, 30, 100, NaN]) },
    { name: 'level', type: 'integer', values: Float64Array.from([1, 2, 2, NaN, 3]) },
    { name: 'dept', type: 'category', codes: Int32Array.from([0, 1, 1, -1, 0]), categories: ['Sales', 'HR'] },
    { name: 'note', type: 'text', values: ['a', null, 'b', 'b', null] },
    { name: 'y', type: 'integer', role: 'target', values: Float64Array.from([0, 1, NaN, 0, 1]) },
  ],
};

async function run(p: Record<string, unknown>) {
  const { outputs, logs: lines } = await runNode(imputeMissing, { inputs: { table }, params: p });
  const out = outputs.table;
  const logs = lines.map((l) => l.message);
  const col = (name: string) => {
    const c = out.columns.find((x) => x.name === name)!;
    return Array.from({ length: out.nRows }, (_, i) => cellValue(c, i));
  };
  return { out, col, logs };
}

describe('impute-missing node', () => {
  it('median over numeric columns by default, leaving target and identifier alone, and logs the values', async () => {
    const { col, out, logs } = await run({});
    expect(col('pay')).toEqual([10, 30, 30, 100, 30]);
    expect(col('level')).toEqual([1, 2, 2, 2, 3]);
    expect(out.columns.find((c) => c.name === 'level')!.type).toBe('number');
    expect(col('id')).toEqual([1, 2, null, 4, 5]);
    expect(col('y')).toEqual([0, 1, null, 0, 1]);
    expect(col('dept')).toEqual(['Sales', 'HR', 'HR', null, 'Sales']);
    expect(logs[0]).toMatch(/pay: 2 filled with 30; level: 1 filled with 2/);
  });

  it('mean of chosen columns', async () => {
    const { col } = await run({ columns: ['pay'], strategy: 'mean' });
    expect(col('pay')).toEqual([10, 140 / 3, 30, 100, 140 / 3]);
  });

  it('most frequent works for categories (ties: smallest) and text', async () => {
    const { col } = await run({ columns: ['dept', 'note'], strategy: 'most-frequent' });
    expect(col('dept')).toEqual(['Sales', 'HR', 'HR', 'HR', 'Sales']);
    expect(col('note')).toEqual(['a', 'b', 'b', 'b', 'b']);
  });

  it('a constant adds a new category where needed', async () => {
    const { col, out } = await run({ columns: ['dept', 'pay'], strategy: 'constant', fillValue: '0' });
    expect(col('dept')).toEqual(['Sales', 'HR', 'HR', '0', 'Sales']);
    expect(col('pay')).toEqual([10, 0, 30, 100, 0]);
    expect(out.columns.find((c) => c.name === 'pay')!.type).toBe('number');
  });

  it('explains impossible requests', async () => {
    await expect(run({ columns: ['dept'], strategy: 'mean' })).rejects.toThrow(/"dept" holds categories, which have no mean/);
    await expect(run({ columns: ['pay'], strategy: 'constant', fillValue: 'abc' })).rejects.toThrow(/Fill value "abc" does not fit column "pay"/);
    await expect(run({ columns: ['pay'], strategy: 'constant' })).rejects.toThrow(/Enter the constant value/);
    await expect(run({ columns: ['salary'] })).rejects.toThrow(/Column "salary" is not in the table/);
  });

  it('schema() gives the same types as run()', async () => {
    const schema = { columns: table.columns.map((c) => ({ name: c.name, type: c.type, role: c.role })) };
    const s = imputeMissing.schema!({ inputs: { table: schema }, params: withDefaults(imputeMissing.params, {}), env: { datasetSchema: () => undefined } });
    const { out } = await run({});
    expect(s.table!.columns.map((c) => c.type)).toEqual(out.columns.map((c) => c.type));
  });
});
