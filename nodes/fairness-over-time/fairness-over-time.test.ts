import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import type { Table } from '../../src/core/table/table.ts';
import { computeFairness } from '../../src/ml/fairness/fairness-metrics.ts';
import { encodeGroups } from '../../src/ml/fairness/groups.ts';
import type { FairnessOverTime } from '../../src/ml/drift/fairness-over-time.ts';
import { runNode } from '../../src/runtime/testing/node-testing.ts';
import { fairnessOverTime } from './index.ts';

const DAY = 86_400_000;

/**
 * Decisions over six quarters of 2025–2026. Group B is selected at `rateB[q]`, group A at 0.5; one
 * quarter may be nearly empty.
 */
function decisions(rateB: number[], o: { perQuarter?: number; tinyQuarter?: number } = {}): Table {
  const rng = createRng(42);
  const per = o.perQuarter ?? 800;
  const dates: number[] = [];
  const group: number[] = [];
  const predicted: number[] = [];
  const actual: number[] = [];
  for (let q = 0; q < rateB.length; q++) {
    const n = q === o.tinyQuarter ? 12 : per;
    const start = Date.UTC(2025, q * 3, 1);
    for (let i = 0; i < n; i++) {
      const g = rng.next() < 0.5 ? 1 : 0;
      const y = rng.next() < 0.4 ? 1 : 0;
      const rate = g === 1 ? rateB[q] : 0.5;
      dates.push(start + Math.floor(rng.next() * 85) * DAY);
      group.push(g);
      predicted.push(rng.next() < rate + (y ? 0.2 : -0.2) ? 1 : 0);
      actual.push(y);
    }
  }
  return {
    nRows: dates.length,
    columns: [
      { name: 'decision_date', type: 'date', role: 'time', values: Float64Array.from(dates) },
      { name: 'group', type: 'category', role: 'protected', categories: ['A', 'B'], codes: Int32Array.from(group) },
      { name: 'predicted', type: 'integer', role: 'prediction', values: Float64Array.from(predicted) },
      { name: 'actual', type: 'integer', role: 'target', values: Float64Array.from(actual) },
    ],
  };
}

const params = { period: 'decision_date', granularity: 'quarter' as const, protected: ['group'], privileged: 'A', resamples: 200 };
const result = (o: { report: { data: Record<string, unknown> } }) => o.report.data as unknown as FairnessOverTime;

describe('fairness-over-time node', () => {
  it('matches fairness-metrics in every quarter and alerts where the impact ratio falls', async () => {
    const t = decisions([0.5, 0.5, 0.48, 0.5, 0.3, 0.25]);
    const { outputs, logs } = await runNode(fairnessOverTime, { inputs: { data: t }, params });
    const r = result(outputs);
    expect(r.periods.map((p) => p.period)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
    expect(r.privileged).toBe('A');

    // Same numbers as the fairness-metrics kernel on each quarter's rows.
    const dates = (t.columns[0] as { values: Float64Array }).values;
    for (const p of r.periods) {
      const [y, q] = p.period.split('-Q').map(Number);
      const keep = Array.from({ length: t.nRows }, (_, i) => i).filter((i) => {
        const d = new Date(dates[i]);
        return d.getUTCFullYear() === y && Math.floor(d.getUTCMonth() / 3) + 1 === q;
      });
      const sub: Table = {
        nRows: keep.length,
        columns: t.columns.map((c) => (c.type === 'category' ? { ...c, codes: Int32Array.from(keep, (i) => c.codes[i]) } : { ...c, values: Float64Array.from(keep, (i) => (c.values as Float64Array)[i]) })) as Table['columns'],
      };
      const ref = await computeFairness(
        {
          groups: encodeGroups(sub, ['group']),
          predicted: Int8Array.from(keep, (i) => (t.columns[2] as { values: Float64Array }).values[i]),
          actual: Int8Array.from(keep, (i) => (t.columns[3] as { values: Float64Array }).values[i]),
        },
        { privileged: 'A', resamples: 0 },
      );
      expect(p.n).toBe(keep.length);
      expect(p.disparateImpact).toBeCloseTo(ref.disparateImpact, 12);
      expect(p.statisticalParityDifference).toBeCloseTo(ref.statisticalParityDifference, 12);
      expect(p.equalOpportunityDifference).toBeCloseTo(ref.equalOpportunityDifference, 12);
      const [lo, hi] = p.ci.disparateImpact!;
      expect(lo).toBeLessThan(p.disparateImpact!);
      expect(hi).toBeGreaterThan(p.disparateImpact!);
    }
    // Four-fifths alerts only in the two quarters with the drop.
    expect([...new Set(r.alerts.map((a) => a.period))]).toEqual(['2026-Q1', '2026-Q2']);
    expect(r.alerts.every((a) => a.group === 'B' && a.impactRatio < 0.8 && a.significant)).toBe(true);
    // The change into 2026-Q1 is negative with an interval that excludes 0; the earlier steps include 0.
    const di = r.changes.filter((c) => c.metric === 'disparateImpact');
    expect(di.map((c) => c.to)).toEqual(['2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
    expect(di[3].change).toBeLessThan(-0.2);
    expect(di[3].ci![1]).toBeLessThan(0);
    expect(di[0].ci![0]).toBeLessThan(0);
    expect(di[0].ci![1]).toBeGreaterThan(0);
    expect(di[3].change).toBeCloseTo(r.periods[4].disparateImpact! - r.periods[3].disparateImpact!, 12);
    expect(r.changes.some((c) => c.metric === 'selectionRate:B')).toBe(true);
    expect(r.changesFromFirst.at(-1)).toMatchObject({ from: '2025-Q1', to: '2026-Q2' });
    // A falling DI: significant negative trend.
    expect(r.trend!.slope).toBeLessThan(0);
    expect(r.trend!.pValue).toBeLessThan(0.001);
    expect(r.trend!.alert).toBe(true);
    expect(logs.some((l) => l.level === 'warn' && l.message.startsWith('Disparate impact is falling'))).toBe(true);
    expect(logs.some((l) => l.level === 'warn' && l.message.startsWith('Four-fifths alert in 2026-Q1'))).toBe(true);
  });

  it('raises no alert and no trend when nothing drifts', async () => {
    const { outputs } = await runNode(fairnessOverTime, { inputs: { data: decisions([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]) }, params });
    const r = result(outputs);
    expect(r.alerts).toEqual([]);
    expect(r.trend!.alert).toBe(false);
  });

  it('omits a quarter with too few rows, with a warning, and keeps the others', async () => {
    const { outputs, logs } = await runNode(fairnessOverTime, { inputs: { data: decisions([0.5, 0.5, 0.5, 0.5], { tinyQuarter: 2 }) }, params });
    const r = result(outputs);
    const q3 = r.periods[2];
    expect(q3).toMatchObject({ period: '2025-Q3', n: 12, omitted: true, disparateImpact: null, statisticalParityDifference: null });
    expect(q3.groups).toEqual([]);
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('Period 2025-Q3: only 12 row(s)'))).toBe(true);
    // Changes skip the omitted quarter: Q2 → Q4.
    expect(r.changes.filter((c) => c.metric === 'disparateImpact').map((c) => `${c.from}→${c.to}`)).toEqual(['2025-Q1→2025-Q2', '2025-Q2→2025-Q4']);
  });

  it('gives the same intervals for the same seed', async () => {
    const t = decisions([0.5, 0.45, 0.4]);
    const a = result((await runNode(fairnessOverTime, { inputs: { data: t }, params })).outputs);
    const b = result((await runNode(fairnessOverTime, { inputs: { data: t }, params })).outputs);
    expect(a.changes).toEqual(b.changes);
    expect(a.periods[1].ci).toEqual(b.periods[1].ci);
  });

  it('reads an existing period column and picks the most favoured group when none is named', async () => {
    const t = decisions([0.3, 0.3, 0.3]);
    const dates = (t.columns[0] as { values: Float64Array }).values;
    t.columns.push({ name: 'half', type: 'text', values: Array.from(dates, (d) => (new Date(d).getUTCMonth() < 6 ? 'H1' : 'H2')) });
    const { outputs } = await runNode(fairnessOverTime, { inputs: { data: t }, params: { ...params, period: 'half', privileged: '' } });
    const r = result(outputs);
    expect(r.periods.map((p) => p.period)).toEqual(['H1', 'H2']);
    expect(r.privileged).toBe('A');
    expect(r.trend).toBeNull();
  });

  it('names a missing period column', async () => {
    await expect(runNode(fairnessOverTime, { inputs: { data: decisions([0.5]) }, params: { ...params, period: 'quarter' } })).rejects.toThrow(
      /Period column "quarter" is not in the input/,
    );
  });
});

describe('fairness-over-time in dataset mode', () => {
  it('follows the recorded decisions and leaves out the odds-based metric', async () => {
    const t = decisions([0.5, 0.5, 0.3]);
    t.columns.push({ name: 'promoted', type: 'text', values: Array.from((t.columns[2] as { values: Float64Array }).values, (v) => (v ? 'yes' : 'no')) });
    t.columns = t.columns.filter((c) => c.name !== 'predicted');
    const { outputs } = await runNode(fairnessOverTime, {
      inputs: { data: t },
      params: { ...params, mode: 'dataset', label: 'promoted', favorable: 'yes' },
    });
    const r = result(outputs);
    expect(r.periods.every((p) => p.equalOpportunityDifference === null && p.ci.equalOpportunityDifference === null)).toBe(true);
    expect(r.changes.some((c) => c.metric === 'equalOpportunityDifference')).toBe(false);
    expect(r.periods[2].disparateImpact!).toBeLessThan(r.periods[0].disparateImpact!);
  });
});
