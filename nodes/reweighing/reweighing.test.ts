import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/core/table/table.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { reweighing } from './index.ts';

describe('reweighing node', () => {
  it('writes Kamiran–Calders weights that equalise weighted favourable rates', async () => {
    const t: Table = {
      nRows: 6,
      columns: [
        { name: 'g', type: 'category', categories: ['a', 'b'], codes: Int32Array.from([0, 0, 0, 1, 1, 1]) },
        { name: 'y', type: 'category', categories: ['no', 'yes'], codes: Int32Array.from([1, 1, 0, 1, 0, 0]) },
      ],
    };
    const { table, report } = await reweighing.run({
      inputs: { table: t },
      params: { protected: ['g'], label: 'y', favorable: 'yes' },
      ctx: testContext({ nodeId: 'rw' }),
    });
    const w = table.weights!;
    // P(a)=1/2, P(yes)=1/2, P(a,yes)=1/3 → 0.75; P(a,no)=1/6 → 1.5; mirrored for b.
    expect(Array.from(w)).toEqual([0.75, 0.75, 1.5, 1.5, 0.75, 0.75]);
    const rate = (rows: number[], fav: number[]) => fav.reduce((s, i) => s + w[i], 0) / rows.reduce((s, i) => s + w[i], 0);
    expect(rate([0, 1, 2], [0, 1])).toBeCloseTo(rate([3, 4, 5], [3]), 12);
    expect((report.data.groups as unknown[]).length).toBe(2);
  });
});
