import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/core/table/table.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { kmeans } from './index.ts';

const t: Table = {
  nRows: 6,
  columns: [
    { name: 'id', type: 'text', role: 'identifier', values: ['1', '2', '3', '4', '5', '6'] },
    { name: 'kpi', type: 'number', values: Float64Array.from([1, 1.1, 0.9, 10, 10.2, 9.8]) },
    { name: 'salary', type: 'number', values: Float64Array.from([1000, 1010, 990, 5000, 5050, 4950]) },
  ],
};
const params = { features: [], k: 2, standardize: true, nInit: 5, maxIter: 100, tol: 1e-4, outputColumn: 'cluster' };

describe('kmeans node', () => {
  it('adds a cluster category column and a profile with sizes and means', async () => {
    const out = await kmeans.run({ inputs: { table: t }, params, ctx: testContext({ nodeId: 'km' }) });
    const c = out.table.columns.find((x) => x.name === 'cluster')!;
    expect(c.type).toBe('category');
    if (c.type !== 'category') return;
    expect(c.categories).toEqual(['Cluster 1', 'Cluster 2']);
    expect(c.codes[0]).toBe(c.codes[1]);
    expect(c.codes[0]).not.toBe(c.codes[3]);
    const clusters = out.profile.data.clusters as Array<{ size: number; means: Record<string, number> }>;
    expect(clusters.map((x) => x.size)).toEqual([3, 3]);
    const low = clusters.find((x) => x.means.kpi < 5)!;
    expect(low.means.salary).toBeCloseTo(1000, 9);
  });
  it('derives the output schema without running', () => {
    const s = kmeans.schema!({
      inputs: { table: { columns: t.columns.map((c) => ({ name: c.name, type: c.type, role: c.role })) } },
      params,
      env: { datasetSchema: () => undefined },
    });
    expect(s.table!.columns.at(-1)).toMatchObject({ name: 'cluster', type: 'category', categories: ['Cluster 1', 'Cluster 2'] });
  });
});
