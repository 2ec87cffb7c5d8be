import { describe, expect, it } from 'vitest';
import { sentiment } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import type { Table } from '../../src/core/table/table.ts';

describe('sentiment node', () => {
  it('adds a sentiment column, missing for empty comments', async () => {
    const t: Table = { nRows: 3, columns: [{ name: 'comment', type: 'text', values: ['I love this team', 'Underpaid and frustrated', null] }] };
    const { table } = await sentiment.run({ inputs: { table: t }, params: { column: 'comment', measure: 'score', name: 'comment_sentiment' }, ctx: testContext({ nodeId: 's' }) });
    const c = table.columns.find((x) => x.name === 'comment_sentiment')!;
    if (c.type !== 'number') throw new Error('type');
    expect(c.values[0]).toBe(3);
    expect(c.values[1]).toBeLessThan(0);
    expect(c.values[2]).toBeNaN();
  });
});
