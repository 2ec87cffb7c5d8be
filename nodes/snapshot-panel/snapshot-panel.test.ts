import { describe, expect, it } from 'vitest';
import { snapshotPanel } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import type { Table } from '../../src/core/table/table.ts';
import { parseIsoDate as d } from '../../src/ml/temporal/dates.ts';

const employees: Table = {
  nRows: 2,
  columns: [
    { name: 'employee_id', type: 'integer', role: 'identifier', values: Float64Array.from([1, 2]) },
    { name: 'hire_date', type: 'date', values: Float64Array.from([d('2020-01-01'), d('2020-01-01')]) },
  ],
};
const terminations: Table = {
  nRows: 1,
  columns: [
    { name: 'employee_id', type: 'integer', values: Float64Array.from([1]) },
    { name: 'termination_date', type: 'date', values: Float64Array.from([d('2024-08-01')]) },
  ],
};
const base = { id: 'employee_id', start: 'hire_date', eventId: '', eventDate: 'termination_date', from: '2024-01-01', asOf: '2024-12-31', everyMonths: 6, horizonMonths: 6, labelName: 'left_within_6m', snapshotName: 'snapshot_date' };

describe('snapshot-panel node', () => {
  it('builds labelled snapshots', async () => {
    const { table } = await snapshotPanel.run({ inputs: { entities: employees, events: terminations }, params: base, ctx: testContext({ nodeId: 'p' }) });
    // snapshots 2024-06-30 (both active) and 2024-12-31 (only 2)
    expect(table.nRows).toBe(3);
    const label = table.columns.find((c) => c.name === 'left_within_6m')!;
    expect(label.type === 'integer' && Array.from(label.values)).toEqual([1, 0, NaN]);
  });
  it('explains a malformed date', async () => {
    await expect(
      snapshotPanel.run({ inputs: { entities: employees, events: terminations }, params: { ...base, from: '01/01/2024' }, ctx: testContext({ nodeId: 'p' }) }),
    ).rejects.toThrow(/YYYY-MM-DD/);
  });
});
