import { describe, expect, it } from 'vitest';
import { dateDiff } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import type { Table } from '../../src/core/table/table.ts';
import { parseIsoDate as d } from '../../src/ml/temporal/dates.ts';

describe('date-diff node', () => {
  it('computes tenure in years', async () => {
    const t: Table = {
      nRows: 1,
      columns: [
        { name: 'hire_date', type: 'date', values: Float64Array.from([d('2020-01-01')]) },
        { name: 'snapshot_date', type: 'date', values: Float64Array.from([d('2022-01-01')]) },
      ],
    };
    const { table } = await dateDiff.run({ inputs: { table: t }, params: { from: 'hire_date', to: 'snapshot_date', unit: 'years', name: 'tenure_years' }, ctx: testContext({ nodeId: 'dd' }) });
    const c = table.columns.find((x) => x.name === 'tenure_years')!;
    expect(c.type === 'number' && c.values[0]).toBeCloseTo(731 / 365.25, 12);
  });
  it('refuses a text column with a clear message', async () => {
    const t: Table = { nRows: 1, columns: [{ name: 'a', type: 'text', values: ['x'] }, { name: 'b', type: 'date', values: Float64Array.from([0]) }] };
    await expect(dateDiff.run({ inputs: { table: t }, params: { from: 'a', to: 'b', unit: 'days', name: 'x' }, ctx: testContext({ nodeId: 'dd' }) })).rejects.toThrow(/"a" holds text/);
  });
});
