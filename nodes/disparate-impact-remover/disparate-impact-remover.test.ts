import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import type { Table } from '../../src/core/table/table.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { disparateImpactRemover } from './index.ts';

function table(n: number): Table {
  const rng = createRng(2);
  const g = new Int32Array(n);
  const rating = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    g[i] = i % 3 === 0 ? 1 : 0;
    rating[i] = 3 + (g[i] ? -0.8 : 0) + rng.normal();
  }
  return {
    nRows: n,
    columns: [
      { name: 'gender', type: 'category', categories: ['M', 'F'], codes: g },
      { name: 'rating', type: 'number', values: rating },
    ],
  };
}

function groupValues(t: Table, g: number): number[] {
  const [gc, r] = t.columns;
  if (gc.type !== 'category' || r.type === 'category' || r.type === 'text') throw new Error('fixture');
  const out: number[] = [];
  for (let i = 0; i < t.nRows; i++) if (gc.codes[i] === g) out.push(r.values[i]);
  return out;
}

const median = (a: number[]) => {
  const s = a.slice().sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

describe('disparate-impact-remover node', () => {
  const t = table(900);
  const run = (repairLevel: number) =>
    disparateImpactRemover.run({ inputs: { table: t }, params: { protected: ['gender'], features: [], repairLevel }, ctx: testContext({ nodeId: 'di' }) });

  it('full repair aligns the groups’ distributions and keeps the order within each group', async () => {
    const { table: out } = await run(1);
    const before = [groupValues(t, 0), groupValues(t, 1)];
    const after = [groupValues(out, 0), groupValues(out, 1)];
    expect(Math.abs(median(before[0]) - median(before[1]))).toBeGreaterThan(0.5);
    expect(Math.abs(median(after[0]) - median(after[1]))).toBeLessThan(0.02);
    for (let g = 0; g < 2; g++) {
      for (let i = 1; i < before[g].length; i++) {
        const db = before[g][i] - before[g][i - 1];
        const da = after[g][i] - after[g][i - 1];
        expect(Math.sign(da) === Math.sign(db) || da === 0).toBe(true);
      }
    }
  });
  it('repair level 0 changes nothing and 0.5 moves half way', async () => {
    const zero = await run(0);
    expect(groupValues(zero.table, 1)).toEqual(groupValues(t, 1));
    const full = await run(1);
    const half = await run(0.5);
    const [o, f, h] = [groupValues(t, 1)[5], groupValues(full.table, 1)[5], groupValues(half.table, 1)[5]];
    expect(h).toBeCloseTo((o + f) / 2, 12);
  });
});
