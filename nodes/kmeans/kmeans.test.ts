import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/core/table/table.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { kmeans } from './index.ts';
import { modelFileText, modelFromFileJson } from '../../src/cli/model-file.ts';
import { exportModelToOnnx, OnnxExportRefused } from '../../src/export/onnx/export-onnx.ts';

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
  it('outputs its fitted model: featurizer, standardisation, centres in that space, k, seed and fingerprint', async () => {
    const ctx = testContext({ nodeId: 'km', pipelineSeed: 11 });
    const out = await kmeans.run({ inputs: { table: t }, params, ctx });
    const m = out.model;
    expect(m.hyperParams.seed).toBe(ctx.seed);
    expect(m.kind).toBe('kmeans');
    expect(m.featureNames).toEqual(['kpi', 'salary']);
    expect(m.hyperParams).toMatchObject({ k: 2, standardize: true, nInit: 5, maxIter: 100, tol: 1e-4, outputColumn: 'cluster' });
    expect(m.target).toEqual({ column: 'cluster', positive: '' });
    const st = m.state as { centers: Float64Array; standardize: { mean: Float64Array; std: Float64Array }; inertia: number };
    expect(Array.from(st.standardize.mean)).toEqual([(1 + 1.1 + 0.9 + 10 + 10.2 + 9.8) / 6, 3000]);
    // Each centre is the mean of its 3 rows in standard units: kpi ≈ ±1, salary ≈ ±1 (two well-separated groups).
    const salaryStd = st.standardize.std[1];
    const low = Array.from(st.centers).findIndex((v, p) => p % 2 === 1 && v < 0);
    expect(st.centers[low]).toBeCloseTo((1000 - 3000) / salaryStd, 12);
    expect(st.inertia).toBeGreaterThan(0);
    // Same data, params and seed: same fingerprint; another seed or k: another.
    const again = await kmeans.run({ inputs: { table: t }, params, ctx: testContext({ nodeId: 'km', pipelineSeed: 11 }) });
    expect(again.model.fingerprint).toBe(m.fingerprint);
    const otherK = await kmeans.run({ inputs: { table: t }, params: { ...params, k: 3 }, ctx: testContext({ nodeId: 'km', pipelineSeed: 11 }) });
    expect(otherK.model.fingerprint).not.toBe(m.fingerprint);
    const otherSeed = await kmeans.run({ inputs: { table: t }, params, ctx: testContext({ nodeId: 'km', pipelineSeed: 12 }) });
    expect(otherSeed.model.fingerprint).not.toBe(m.fingerprint);
    // The model file round-trips exactly (typed arrays included).
    const back = modelFromFileJson(JSON.parse(modelFileText(m)), 'the file', { requireScorer: false });
    expect(back).toEqual(m);
    expect(exportModelToOnnx(back).outputs.map((o) => o.name)).toEqual(['cluster', 'distances']);
  });
  it('without standardisation the model keeps raw-unit centres and no standardisation; a damaged model is refused, not exported', async () => {
    const out = await kmeans.run({ inputs: { table: t }, params: { ...params, standardize: false }, ctx: testContext({ nodeId: 'km' }) });
    const st = out.model.state as { centers: Float64Array; standardize?: unknown };
    expect(st.standardize).toBeUndefined();
    expect(Array.from(st.centers).filter((v, p) => p % 2 === 1).sort((a, b) => a - b)).toEqual([1000, 5000]);
    const damaged = { ...out.model, state: { ...st, centers: st.centers.subarray(0, 3) } };
    expect(() => exportModelToOnnx(damaged)).toThrow(OnnxExportRefused);
    expect(() => exportModelToOnnx(damaged)).toThrow(/centres are not 2 × 2 finite numbers/);
  });
  it('declares the model schema (kind and feature columns) without running', () => {
    const s = kmeans.schema!({
      inputs: { table: { columns: t.columns.map((c) => ({ name: c.name, type: c.type, role: c.role })) } },
      params: { ...params, features: ['kpi'] },
      env: { datasetSchema: () => undefined },
    });
    expect(s.model).toEqual({ kind: 'kmeans', features: [{ name: 'kpi', type: 'number' }] });
  });
});
