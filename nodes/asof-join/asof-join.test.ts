import { describe, expect, it } from 'vitest';
import { asofJoin } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { schemaOf, type Table } from '../../src/core/table/table.ts';
import { parseIsoDate as d } from '../../src/ml/temporal/dates.ts';

const panel: Table = {
  nRows: 2,
  columns: [
    { name: 'employee_id', type: 'integer', values: Float64Array.from([1, 1]) },
    { name: 'snapshot_date', type: 'date', role: 'time', values: Float64Array.from([d('2024-03-31'), d('2024-06-30')]) },
  ],
};
const comp: Table = {
  nRows: 2,
  columns: [
    { name: 'employee_id', type: 'integer', role: 'identifier', values: Float64Array.from([1, 1]) },
    { name: 'effective_date', type: 'date', values: Float64Array.from([d('2024-01-01'), d('2024-04-01')]) },
    { name: 'market_ratio', type: 'number', values: Float64Array.from([0.9, 1.05]) },
  ],
};

describe('asof-join node', () => {
  it('attaches the salary valid on each snapshot date', async () => {
    const params = { leftBy: ['employee_id'], rightBy: [], leftTime: 'snapshot_date', rightTime: 'effective_date', columns: ['market_ratio'], maxAgeDays: 0, suffix: '_right' };
    const { table } = await asofJoin.run({ inputs: { left: panel, right: comp }, params, ctx: testContext({ nodeId: 'a' }) });
    const mr = table.columns.find((c) => c.name === 'market_ratio')!;
    expect(mr.type === 'number' && Array.from(mr.values)).toEqual([0.9, 1.05]);
    const s = asofJoin.schema!({ inputs: { left: schemaOf(panel), right: schemaOf(comp) }, params, env: { datasetSchema: () => undefined } });
    expect(s.table!.columns.map((c) => c.name)).toEqual(['employee_id', 'snapshot_date', 'market_ratio']);
  });
});
