import { describe, expect, it } from 'vitest';
import { trainTestSplit } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { withDefaults } from '../../src/core/params.ts';
import { generatePromotion } from '../../src/samples/promotion.ts';
import type { NumericColumn, Table } from '../../src/core/table/table.ts';

const ctx = () => testContext({ nodeId: 'split' });
const share = (t: Table) => {
  const v = (t.columns.find((c) => c.name === 'promoted') as NumericColumn).values;
  return v.reduce((a, b) => a + b, 0) / t.nRows;
};

describe('train-test-split node', () => {
  it('stratifies on the target: both parts keep the promotion rate within one row', async () => {
    const data = generatePromotion({ rows: 2000, seed: 5 });
    const { train, test } = await trainTestSplit.run({
      inputs: { table: data },
      params: withDefaults(trainTestSplit.params, { stratify: 'promoted', testFraction: 0.25 }),
      ctx: ctx(),
    });
    expect(test.nRows).toBe(500);
    expect(train.nRows).toBe(1500);
    expect(Math.abs(share(test) - share(data))).toBeLessThanOrEqual(1 / 500);
    expect(Math.abs(share(train) - share(data))).toBeLessThanOrEqual(1 / 1500);
    // No row is in both parts.
    const ids = (t: Table) => new Set((t.columns[0] as NumericColumn).values);
    const trainIds = ids(train);
    expect([...ids(test)].some((id) => trainIds.has(id))).toBe(false);
  });

  it('is the same for the same seed, different for another, and carries weights along', async () => {
    const data: Table = { ...generatePromotion({ rows: 100, seed: 1 }) };
    data.weights = Float64Array.from({ length: 100 }, (_, i) => i);
    const run = (seed: number) =>
      trainTestSplit.run({ inputs: { table: data }, params: withDefaults(trainTestSplit.params, { seed }), ctx: ctx() });
    const a = await run(1);
    const b = await run(1);
    const c = await run(2);
    expect(Array.from(a.test.weights!)).toEqual(Array.from(b.test.weights!));
    expect(Array.from(a.test.weights!)).not.toEqual(Array.from(c.test.weights!));
    // Weight i was put on row i, and employee ids are 10001 + i.
    expect(Array.from(a.test.weights!).map((w) => w + 10001)).toEqual(Array.from((a.test.columns[0] as NumericColumn).values));
  });

  it('names a missing or unsuitable stratify column', async () => {
    const data = generatePromotion({ rows: 50, seed: 1 });
    await expect(
      trainTestSplit.run({ inputs: { table: data }, params: withDefaults(trainTestSplit.params, { stratify: 'grp' }), ctx: ctx() }),
    ).rejects.toThrow(/Stratify column "grp" is not in the table/);
    await expect(
      trainTestSplit.run({ inputs: { table: data }, params: withDefaults(trainTestSplit.params, { stratify: 'employee_id' }), ctx: ctx() }),
    ).rejects.toThrow(/too many to stratify by/);
  });
});
