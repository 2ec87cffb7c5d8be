import { describe, expect, it } from 'vitest';
import { windowFeatures } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { schemaOf, type Table } from '../../src/core/table/table.ts';

const t: Table = {
  nRows: 3,
  columns: [
    { name: 'employee_id', type: 'integer', values: Float64Array.from([7, 7, 7]) },
    { name: 'survey_date', type: 'date', values: Float64Array.from([3, 1, 2]) },
    { name: 'engagement_score', type: 'number', values: Float64Array.from([2.2, 4, 3]) },
  ],
};

describe('window-features node', () => {
  it('adds the chosen features; schema matches', async () => {
    const params = { by: ['employee_id'], orderBy: 'survey_date', columns: ['engagement_score'], k: 3, lag: false, delta: true, mean: false, trend: true };
    const { table } = await windowFeatures.run({ inputs: { table: t }, params, ctx: testContext({ nodeId: 'w' }) });
    const delta = table.columns.find((c) => c.name === 'engagement_score_delta_3')!;
    expect(delta.type === 'number' && delta.values[0]).toBeCloseTo(-1.8, 12);
    const s = windowFeatures.schema!({ inputs: { table: schemaOf(t) }, params, env: { datasetSchema: () => undefined } });
    expect(s.table!.columns.map((c) => c.name)).toEqual(table.columns.map((c) => c.name));
  });
});
