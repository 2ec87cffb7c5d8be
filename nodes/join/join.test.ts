import { describe, expect, it } from 'vitest';
import { join } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { schemaOf, type Table } from '../../src/core/table/table.ts';

const left: Table = { nRows: 2, columns: [{ name: 'employee_id', type: 'integer', values: Float64Array.from([1, 2]) }, { name: 'pay', type: 'number', values: Float64Array.from([10, 20]) }] };
const right: Table = { nRows: 1, columns: [{ name: 'id', type: 'integer', values: Float64Array.from([2]) }, { name: 'pay', type: 'number', values: Float64Array.from([99]) }] };

describe('join node', () => {
  it('left-joins on differently named keys; schema matches the run', async () => {
    const params = { how: 'left' as const, leftOn: ['employee_id'], rightOn: ['id'], suffix: '_right' };
    const { table } = await join.run({ inputs: { left, right }, params, ctx: testContext({ nodeId: 'j' }) });
    expect(table.columns.map((c) => c.name)).toEqual(['employee_id', 'pay', 'pay_right']);
    const pr = table.columns[2];
    expect(pr.type === 'number' && Array.from(pr.values)).toEqual([NaN, 99]);
    const s = join.schema!({ inputs: { left: schemaOf(left), right: schemaOf(right) }, params, env: { datasetSchema: () => undefined } });
    expect(s.table!.columns.map((c) => c.name)).toEqual(table.columns.map((c) => c.name));
  });
  it('refuses key lists of different lengths', async () => {
    const params = { how: 'inner' as const, leftOn: ['employee_id', 'pay'], rightOn: ['id'], suffix: '_right' };
    await expect(join.run({ inputs: { left, right }, params, ctx: testContext({ nodeId: 'j' }) })).rejects.toThrow(/same number of key columns/);
  });
});
