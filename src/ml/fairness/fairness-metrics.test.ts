import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Table } from '../../core/table/table.ts';
import { describeWithSharedData, sharedDataPath } from '../../testing/shared-data.ts';
import { computeFairness } from './fairness-metrics.ts';
import { binaryOutcome, encodeGroups } from './groups.ts';
import { reweigh } from './reweighing.ts';

/** The AIF360 R fixture: integer columns with a header. */
function readIntegerCsv(file: string, keep: string[]): Table {
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const idx = keep.map((k) => header.indexOf(k));
  const cols = keep.map(() => new Float64Array(lines.length - 1));
  for (let r = 1; r < lines.length; r++) {
    const f = lines[r].split(',');
    idx.forEach((j, k) => (cols[k][r - 1] = Number(f[j])));
  }
  return { nRows: lines.length - 1, columns: keep.map((name, k) => ({ name, type: 'integer', values: cols[k] })) };
}

/** UCI Adult as-is (no header, ", " separated): only sex and income, as categories. */
function readAdult(file: string): Table {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const cat = (j: number) => {
    const categories: string[] = [];
    const index = new Map<string, number>();
    const codes = new Int32Array(lines.length);
    lines.forEach((l, i) => {
      const v = l.split(', ')[j].trim();
      let k = index.get(v);
      if (k === undefined) index.set(v, (k = categories.push(v) - 1));
      codes[i] = k;
    });
    return { codes, categories };
  };
  return {
    nRows: lines.length,
    columns: [
      { name: 'sex', type: 'category', ...cat(9) },
      { name: 'income', type: 'category', ...cat(14) },
    ],
  };
}

const FAIRLEARN = {
  yTrue: [0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1],
  yPred: [0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0],
  groups: 'b,b,a,b,b,c,c,c,a,a,c,a,b,c,c,b,c,c'.split(','),
};

function fairlearnTable(): Table {
  const cats = ['a', 'b', 'c'];
  return {
    nRows: 18,
    columns: [{ name: 'g', type: 'category', categories: cats, codes: Int32Array.from(FAIRLEARN.groups, (x) => cats.indexOf(x)) }],
  };
}

describe('fairness metrics on Fairlearn’s documented example', () => {
  it('gives demographic parity difference 0.25, ratio 0.6667 and equalized odds difference 1.0', async () => {
    const t = fairlearnTable();
    const r = await computeFairness(
      { groups: encodeGroups(t, ['g']), predicted: Int8Array.from(FAIRLEARN.yPred), actual: Int8Array.from(FAIRLEARN.yTrue) },
      { resamples: 0 },
    );
    const fl = r.extra!.fairlearn as Record<string, { difference: number; ratio: number }>;
    expect(fl.demographicParity.difference).toBeCloseTo(0.25, 12);
    expect(fl.demographicParity.ratio).toBeCloseTo(2 / 3, 12);
    expect(fl.equalizedOdds.difference).toBeCloseTo(1.0, 12);
    expect(r.groups.map((g) => [g.group, g.n, g.selectionRate])).toEqual([
      ['a', 4, 0.75],
      ['b', 6, 0.5],
      ['c', 8, 0.5],
    ]);
    // Without a privileged group the headline compares least vs most favoured: 0.5 − 0.75.
    expect(r.statisticalParityDifference).toBeCloseTo(-0.25, 12);
    expect(r.disparateImpact).toBeCloseTo(2 / 3, 12);
    // Tiny groups are flagged.
    expect(r.warnings.some((w) => w.includes('"a" has only 4 row'))).toBe(true);
  });

  it('uses AIF360’s sign (unprivileged − privileged) against a chosen privileged group', async () => {
    const t = fairlearnTable();
    const r = await computeFairness(
      { groups: encodeGroups(t, ['g']), predicted: Int8Array.from(FAIRLEARN.yPred), actual: Int8Array.from(FAIRLEARN.yTrue) },
      { resamples: 0, privileged: 'a' },
    );
    // Unprivileged = b and c pooled: 7 of 14 selected; TPR b∪c = 5/10 (b 3/5, c 2/5), FPR 2/4.
    expect(r.statisticalParityDifference).toBeCloseTo(0.5 - 0.75, 12);
    expect(r.equalOpportunityDifference).toBeCloseTo(0.5 - 0.5, 12);
    expect(r.averageOddsDifference).toBeCloseTo(0.5 * (0.5 - 1 + 0), 12);
    expect(r.equalizedOddsDifference).toBeCloseTo(0.5, 12);
  });

  it('gives seeded, reproducible bootstrap intervals around the estimate', async () => {
    const t = fairlearnTable();
    const input = { groups: encodeGroups(t, ['g']), predicted: Int8Array.from(FAIRLEARN.yPred), actual: Int8Array.from(FAIRLEARN.yTrue) };
    const a = await computeFairness(input, { resamples: 500, seed: 7 });
    const b = await computeFairness(input, { resamples: 500, seed: 7 });
    const ci = a.extra!.ci as Record<string, [number, number]>;
    expect(ci.statisticalParityDifference).toEqual((b.extra!.ci as Record<string, [number, number]>).statisticalParityDifference);
    expect(ci.statisticalParityDifference[0]).toBeLessThan(-0.25);
    expect(ci.statisticalParityDifference[1]).toBeGreaterThanOrEqual(-0.25);
  });
});

describeWithSharedData('AIF360 R fixture (income 0 favourable, sex 1 privileged)', ['aif360_r_extdata_data.csv'], () => {
  const t = readIntegerCsv(sharedDataPath('aif360_r_extdata_data.csv'), ['sex', 'income']);
  const groups = encodeGroups(t, ['sex']);
  const label = binaryOutcome(t, 'income', '0');

  it('matches statistical parity difference and base rate', async () => {
    const r = await computeFairness({ groups, predicted: label, actual: label }, { resamples: 0, privileged: '1', mode: 'dataset' });
    expect(r.statisticalParityDifference).toBeCloseTo(0.19643287553870947, 12);
    expect(r.extra!.baseRate as number).toBeCloseTo(0.7591653606219844, 12);
  });

  it('reweighing makes the weighted mean difference 0', async () => {
    const { weights } = reweigh(groups.codes, groups.labels.length, label);
    const r = await computeFairness({ groups, predicted: label, actual: label, weights }, { resamples: 0, privileged: '1', mode: 'dataset' });
    expect(Math.abs(r.statisticalParityDifference)).toBeLessThan(1e-9);
    // Total weight is preserved.
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(t.nRows, 6);
  });
});

describeWithSharedData('UCI Adult (>50K favourable, Female unprivileged)', ['adult.data'], () => {
  it('gives SPD −0.196276 and DI 0.358023', async () => {
    const t = readAdult(sharedDataPath('adult.data'));
    const label = binaryOutcome(t, 'income', '>50K');
    const r = await computeFairness(
      { groups: encodeGroups(t, ['sex']), predicted: label, actual: label },
      { resamples: 200, seed: 1, privileged: 'Male', mode: 'dataset' },
    );
    expect(r.statisticalParityDifference).toBeCloseTo(-0.196276, 6);
    expect(r.disparateImpact).toBeCloseTo(0.358023, 6);
    const ff = r.extra!.fourFifths as Array<{ group: string; flagged: boolean; test: string; pValue: number }>;
    expect(ff).toHaveLength(1);
    expect(ff[0]).toMatchObject({ group: 'Female', flagged: true, test: 'two-proportion-z' });
    expect(ff[0].pValue).toBeLessThan(1e-10);
    const ci = (r.extra!.ci as Record<string, [number, number]>).disparateImpact;
    expect(ci[0]).toBeLessThan(0.358023);
    expect(ci[1]).toBeGreaterThan(0.358023);
    expect(ci[1] - ci[0]).toBeLessThan(0.05);
  });
});
