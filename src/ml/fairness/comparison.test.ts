import { describe, expect, it } from 'vitest';
import { computeFairness } from './fairness-metrics.ts';
import { asNamedReports, groupRateRows, tradeOffPoints } from './comparison.ts';

describe('fairness comparison helpers', () => {
  it('gives group rows with intervals and trade-off points with accuracy', async () => {
    const groups = { codes: Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]), labels: ['F', 'M'], parts: [['F'], ['M']], columns: ['g'], missing: 0 };
    const report = await computeFairness(
      { groups, predicted: Int8Array.from([1, 0, 0, 0, 1, 1, 1, 0]), actual: Int8Array.from([1, 1, 0, 0, 1, 1, 0, 0]) },
      { resamples: 100, seed: 1, privileged: 'M' },
    );
    const rows = groupRateRows(report);
    expect(rows).toHaveLength(8);
    const fSel = rows.find((r) => r.group === 'F' && r.measure === 'selectionRate')!;
    expect(fSel.value).toBe(0.25);
    expect(fSel.lo).toBeLessThanOrEqual(0.25);
    expect(fSel.hi).toBeGreaterThanOrEqual(0.25);
    const [p] = tradeOffPoints([{ name: 'baseline', report }]);
    expect(p.accuracy).toBeCloseTo(6 / 8, 12);
    expect(p.disparateImpact).toBeCloseTo(1 / 3, 12);
    expect(asNamedReports(report)).toHaveLength(1);
    expect(asNamedReports([{ name: 'a', report }, { name: 'bad' }])).toHaveLength(1);
  });
});
