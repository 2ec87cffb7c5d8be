import { describe, expect, it } from 'vitest';
import { groupAggregate } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { schemaOf, type Table } from '../../src/core/table/table.ts';

const t: Table = {
  nRows: 3,
  columns: [
    { name: 'employee_id', type: 'integer', values: Float64Array.from([1, 1, 2]) },
    { name: 'rating', type: 'number', values: Float64Array.from([3, 5, 4]) },
  ],
};

describe('group-aggregate node', () => {
  it('computes the listed operations per group; schema matches', async () => {
    const params = { by: ['employee_id'], columns: ['rating'], operations: 'rows, mean, max', orderBy: '' };
    const { table } = await groupAggregate.run({ inputs: { table: t }, params, ctx: testContext({ nodeId: 'g' }) });
    expect(table.columns.map((c) => c.name)).toEqual(['employee_id', 'rows', 'rating_mean', 'rating_max']);
    const mean = table.columns[2];
    expect(mean.type === 'number' && Array.from(mean.values)).toEqual([4, 4]);
    const s = groupAggregate.schema!({ inputs: { table: schemaOf(t) }, params, env: { datasetSchema: () => undefined } });
    expect(s.table!.columns.map((c) => c.name)).toEqual(table.columns.map((c) => c.name));
  });
  it('names an unknown operation', async () => {
    const params = { by: ['employee_id'], columns: ['rating'], operations: 'median', orderBy: '' };
    await expect(groupAggregate.run({ inputs: { table: t }, params, ctx: testContext({ nodeId: 'g' }) })).rejects.toThrow(/"median"/);
  });
});
