// The package's own tests, run by the project's test command (vitest includes examples/**/*.test.js).
// They run the node as Crispflow would, with Crispflow's node API and its testing helper runNode().
import { describe, expect, it } from 'vitest';
import nodes from './index.js';
import { median, groupMedians, compaRatios, bandCodes } from './compa-ratio.js';
import { nodeApi } from '../../src/core/node-api.ts';
import { definitionProblems } from '../../src/core/node-packages.ts';
import { runNode } from '../../src/runtime/testing/node-testing.ts';

const [payCompaRatio] = nodes(nodeApi);

/** Sales earns 50k, 60k, 70k (median 60k); HR 40k and one missing salary; one person without a department. */
function people() {
  return {
    nRows: 6,
    columns: [
      { name: 'employee_id', type: 'integer', values: Float64Array.from([1, 2, 3, 4, 5, 6]) },
      { name: 'department', type: 'category', codes: Int32Array.from([0, 0, 0, 1, 1, -1]), categories: ['Sales', 'HR'] },
      { name: 'base_salary', type: 'number', values: Float64Array.from([50_000, 60_000, 70_000, 40_000, NaN, 55_000]) },
      { name: 'range_mid', type: 'number', values: Float64Array.from([55_000, 55_000, 55_000, 50_000, 50_000, 0]) },
    ],
  };
}
const column = (table, name) => table.columns.find((c) => c.name === name);

describe('compa-ratio arithmetic', () => {
  it('takes medians of the finite values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([NaN, 5])).toBe(5);
    expect(median([NaN])).toBeNaN();
  });

  it('compares each row with its group median, NaN where pay or reference is missing or not positive', () => {
    const ref = groupMedians([10, 20, 30, 7], ['a', 'a', 'a', null]);
    expect(Array.from(ref)).toEqual([20, 20, 20, NaN]);
    expect(Array.from(compaRatios([10, 20, 30, 5], [20, 20, 0, 5]))).toEqual([0.5, 1, NaN, 1]);
    expect(Array.from(bandCodes(Float64Array.from([0.5, 0.9, 1.1, 1.2, NaN]), 0.9, 1.1))).toEqual([0, 1, 1, 2, -1]);
  });
});

describe('pay-compa-ratio node', () => {
  it('is a valid node definition for node API 1', () => {
    expect(definitionProblems(payCompaRatio)).toEqual([]);
  });

  it('divides pay by the median pay of the peer group and bands it', async () => {
    const { outputs, logs } = await runNode(payCompaRatio, { inputs: { table: people() }, params: { pay: 'base_salary', groupBy: ['department'] } });
    const ratio = column(outputs.table, 'compa_ratio');
    expect(Array.from(ratio.values.slice(0, 4))).toEqual([50 / 60, 1, 70 / 60, 1]);
    // missing salary, and a person without a department (no peer group)
    expect(ratio.values[4]).toBeNaN();
    expect(ratio.values[5]).toBeNaN();
    const band = column(outputs.table, 'compa_ratio_band');
    expect(band.categories).toEqual(['below', 'within', 'above']);
    expect(Array.from(band.codes)).toEqual([0, 1, 2, 1, -1, -1]);
    expect(logs).toContainEqual({ level: 'info', message: 'Compa-ratio against the median pay of 2 groups (department): 1 below 0.9, 2 within, 1 above 1.1.' });
    expect(logs).toContainEqual({ level: 'warn', message: '2 of 6 rows have no compa-ratio: their pay or reference is missing (or not above 0).' });
    // the input columns are kept, in order
    expect(outputs.table.columns.map((c) => c.name)).toEqual(['employee_id', 'department', 'base_salary', 'range_mid', 'compa_ratio', 'compa_ratio_band']);
  });

  it('uses the whole table as one group when no group columns are chosen', async () => {
    const { outputs } = await runNode(payCompaRatio, { inputs: { table: people() }, params: { pay: 'base_salary', bands: false } });
    // median of 50k, 60k, 70k, 40k, 55k = 55k
    expect(Array.from(column(outputs.table, 'compa_ratio').values.slice(0, 4))).toEqual([50 / 55, 60 / 55, 70 / 55, 40 / 55]);
    expect(column(outputs.table, 'compa_ratio_band')).toBeUndefined();
  });

  it('compares with a range-midpoint column; a midpoint of 0 gives no ratio', async () => {
    const { outputs } = await runNode(payCompaRatio, {
      inputs: { table: people() },
      params: { pay: 'base_salary', reference: 'midpoint-column', midpoint: 'range_mid', output: 'cr' },
    });
    const ratio = column(outputs.table, 'cr');
    expect(Array.from(ratio.values.slice(0, 4))).toEqual([50 / 55, 60 / 55, 70 / 55, 40 / 50]);
    expect(ratio.values[5]).toBeNaN();
  });

  it('says what to fix for contradictory settings or a text pay column', async () => {
    const table = people();
    await expect(runNode(payCompaRatio, { inputs: { table }, params: { pay: 'base_salary', reference: 'midpoint-column' } })).rejects.toMatchObject({
      name: 'NodeError',
      message: 'Choose the range midpoint column, or compare with the median pay of the peer group.',
      details: { field: 'midpoint' },
    });
    await expect(runNode(payCompaRatio, { inputs: { table }, params: { pay: 'base_salary', low: 1.2, high: 1.1 } })).rejects.toThrow(/"Below range under" \(1\.2\) is above "Above range over" \(1\.1\)/);
    await expect(runNode(payCompaRatio, { inputs: { table }, params: { pay: 'department' } })).rejects.toMatchObject({
      message: 'Column "department" holds category values; the pay must be a number column.',
      details: { column: 'department' },
    });
  });

  it('derives its output schema before running, and refuses a name already taken', () => {
    const schema = { columns: [{ name: 'base_salary', type: 'number' }, { name: 'department', type: 'category' }] };
    const params = nodeApi.withDefaults(payCompaRatio.params, { pay: 'base_salary', groupBy: ['department'] });
    const out = payCompaRatio.schema({ inputs: { table: schema }, params, env: { datasetSchema: () => undefined } });
    expect(out.table.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['base_salary:number', 'department:category', 'compa_ratio:number', 'compa_ratio_band:category']);
    expect(() => payCompaRatio.schema({ inputs: { table: schema }, params: { ...params, output: 'department' }, env: { datasetSchema: () => undefined } })).toThrow(
      'The table already has a column "department". Choose another new column name.',
    );
  });
});
