import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import type { Table } from '../../src/core/table/table.ts';
import { mutualInformation } from '../../src/ml/fairness/proxy-detection.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { proxyDetection } from './index.ts';

describe('proxy-detection node', () => {
  it('ranks a leaking feature first and flags it, and leaves noise unflagged', async () => {
    const n = 1000;
    const rng = createRng(9);
    const g = new Int32Array(n);
    const parttime = new Int32Array(n);
    const noise = new Float64Array(n);
    const height = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      g[i] = rng.next() < 0.5 ? 1 : 0;
      parttime[i] = rng.next() < (g[i] ? 0.6 : 0.1) ? 1 : 0;
      noise[i] = rng.normal();
      height[i] = 170 + 12 * g[i] + 7 * rng.normal();
    }
    const t: Table = {
      nRows: n,
      columns: [
        { name: 'gender', type: 'category', categories: ['F', 'M'], codes: g },
        { name: 'contract', type: 'category', categories: ['full', 'part'], codes: parttime },
        { name: 'noise', type: 'number', values: noise },
        { name: 'height', type: 'number', values: height },
      ],
    };
    const { report } = await proxyDetection.run({
      inputs: { table: t },
      params: { protected: ['gender'], features: [], aucThreshold: 0.7, miThreshold: 0.1, bins: 10 },
      ctx: testContext({ nodeId: 'pd' }),
    });
    const f = report.data.features as Array<{ feature: string; auc: number; flagged: boolean; normalizedMutualInformation: number }>;
    expect(f[0].feature).toBe('height');
    expect(f[0].auc).toBeGreaterThan(0.85);
    expect(f.find((x) => x.feature === 'contract')!.flagged).toBe(true);
    const nz = f.find((x) => x.feature === 'noise')!;
    expect(nz.flagged).toBe(false);
    expect(nz.auc).toBeLessThan(0.6);
    expect(report.data.flagged).toEqual(['height', 'contract']);
  });
  it('mutual information of a variable with itself is its entropy', () => {
    const a = Int32Array.from([0, 1, 0, 1]);
    const { mi, hB } = mutualInformation(a, 2, a, 2);
    expect(mi).toBeCloseTo(Math.log(2), 12);
    expect(hB).toBeCloseTo(Math.log(2), 12);
  });
});
