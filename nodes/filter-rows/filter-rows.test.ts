import { describe, expect, it } from 'vitest';
import { filterRows } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { withDefaults } from '../../src/core/params.ts';
import { cellValue, type Table } from '../../src/core/table/table.ts';

const table: Table = {
  nRows: 6,
  columns: [
    { name: 'id', type: 'integer', values: Float64Array.from([1, 2, 3, 4, 5, 6]) },
    { name: 'dept', type: 'category', codes: Int32Array.from([0, 1, 2, 0, -1, 1]), categories: ['Sales', 'HR', 'IT'] },
    { name: 'tenure', type: 'number', values: Float64Array.from([1, 5.5, NaN, 10, 2, 3]) },
    { name: 'remote', type: 'boolean', values: Float64Array.from([1, 0, 0, 1, 1, 0]) },
    { name: 'hired', type: 'date', values: Float64Array.from(['2019-01-01', '2020-06-30', '2021-01-01', '2015-03-01', '2022-02-02', '2020-07-01'].map((d) => Date.parse(d + 'T00:00:00Z'))) },
    { name: 'note', type: 'text', values: ['Great LEADER', null, 'leads team', 'ok', 'fine', 'Leadership course'] },
  ],
  weights: Float64Array.from([1, 2, 3, 4, 5, 6]),
};

const run = async (p: Record<string, unknown>) => {
  const { table: out } = await filterRows.run({
    inputs: { table },
    params: withDefaults(filterRows.params, p),
    ctx: testContext({ nodeId: 'filter' }),
  });
  return Array.from({ length: out.nRows }, (_, i) => cellValue(out.columns[0], i));
};

describe('filter-rows node', () => {
  it('compares numbers; missing cells never match a comparison', async () => {
    expect(await run({ column1: 'tenure', operator1: '>=', value1: '3' })).toEqual([2, 4, 6]);
    expect(await run({ column1: 'tenure', operator1: '!=', value1: '1' })).toEqual([2, 4, 5, 6]);
    expect(await run({ column1: 'tenure', operator1: 'is missing' })).toEqual([3]);
    expect(await run({ column1: 'tenure', operator1: 'in', value1: '1, 10' })).toEqual([1, 4]);
  });

  it('matches categories exactly, lists, and "not in" leaves missing out', async () => {
    expect(await run({ column1: 'dept', operator1: '==', value1: 'HR' })).toEqual([2, 6]);
    expect(await run({ column1: 'dept', operator1: 'not in', value1: 'HR,IT' })).toEqual([1, 4]);
    expect(await run({ column1: 'dept', operator1: 'is not missing', keep: 'other' })).toEqual([5]);
  });

  it('handles text contains (any case), booleans and dates', async () => {
    expect(await run({ column1: 'note', operator1: 'contains', value1: 'lead' })).toEqual([1, 3, 6]);
    expect(await run({ column1: 'remote', operator1: '==', value1: 'yes' })).toEqual([1, 4, 5]);
    expect(await run({ column1: 'hired', operator1: '<', value1: '2020-06-30' })).toEqual([1, 4]);
  });

  it('combines up to three conditions with all / any', async () => {
    const three = { column1: 'tenure', operator1: '>', value1: '1', column2: 'remote', operator2: '==', value2: 'false', column3: 'dept', operator3: '==', value3: 'HR' };
    expect(await run(three)).toEqual([2, 6]);
    expect(await run({ ...three, combine: 'any', value3: 'Sales' })).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await run({ ...three, combine: 'any', column2: '', value1: '4', value3: 'IT' })).toEqual([2, 3, 4]);
  });

  it('keeps weights aligned with the kept rows', async () => {
    const { table: out } = await filterRows.run({
      inputs: { table },
      params: withDefaults(filterRows.params, { column1: 'dept', operator1: '==', value1: 'HR' }),
      ctx: testContext({ nodeId: 'f' }),
    });
    expect(Array.from(out.weights!)).toEqual([2, 6]);
  });

  it('explains an operator that does not fit the column, a bad value and an absent column', async () => {
    await expect(run({ column1: 'dept', operator1: '<', value1: 'HR' })).rejects.toThrow(/"<" compares numbers or dates, but this column is category/);
    await expect(run({ column1: 'tenure', operator1: '>', value1: 'ten' })).rejects.toThrow(/"ten" is not a number for column "tenure"/);
    await expect(run({ column1: 'hired', operator1: '>', value1: '01/02/2020' })).rejects.toThrow(/YYYY-MM-DD/);
    await expect(run({ column1: 'tenure', operator1: '>' })).rejects.toThrow(/needs a value/);
    await expect(run({ column1: 'salary', operator1: '>', value1: '1' })).rejects.toThrow(/Condition 1 names column "salary"/);
  });

  it('schema() reports a type mismatch before running', () => {
    const schema = { columns: table.columns.map((c) => ({ name: c.name, type: c.type })) };
    expect(() =>
      filterRows.schema!({ inputs: { table: schema }, params: withDefaults(filterRows.params, { column1: 'note', operator1: '>=', value1: 'a' }), env: { datasetSchema: () => undefined } }),
    ).toThrow(/compares numbers or dates/);
  });
});
