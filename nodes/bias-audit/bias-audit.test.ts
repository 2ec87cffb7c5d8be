import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/core/table/table.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { biasAudit } from './index.ts';

// 100 people: sex × race, with a known selection pattern and 4 unknowns.
function table(): Table {
  const sex: number[] = [];
  const race: number[] = [];
  const sel: number[] = [];
  const score: number[] = [];
  const add = (s: number, r: number, count: number, selected: number) => {
    for (let i = 0; i < count; i++) {
      sex.push(s);
      race.push(r);
      sel.push(i < selected ? 1 : 0);
      score.push(i < selected ? 0.9 : 0.1);
    }
  };
  add(0, 0, 30, 15); // Male & White
  add(0, 1, 20, 8); // Male & Black
  add(1, 0, 25, 8); // Female & White
  add(1, 1, 20, 5); // Female & Black
  add(1, 2, 1, 1); // Female & <script> (1%)
  add(2, 0, 4, 1); // Unknown sex
  return {
    nRows: sex.length,
    columns: [
      { name: 'sex', type: 'category', categories: ['Male', 'Female', 'Unknown'], codes: Int32Array.from(sex) },
      { name: 'race', type: 'category', categories: ['White', 'Black', '<script>alert(1)</script>'], codes: Int32Array.from(race) },
      { name: 'hired', type: 'integer', values: Float64Array.from(sel) },
      { name: 'score', type: 'number', values: Float64Array.from(score) },
    ],
  };
}
const params = {
  sexColumn: 'sex',
  raceColumn: 'race',
  outcome: 'selection',
  outcomeColumn: 'hired',
  selectedValue: '1',
  unknownValues: 'Unknown',
  excludeSmall: false,
  justification: '',
  title: 'Audit <2025>',
} as const;

describe('bias-audit node', () => {
  it('gives selection rates, impact ratios vs the most selected category and unknown counts', async () => {
    const { report } = await biasAudit.run({ inputs: { data: table() }, params, ctx: testContext({ nodeId: 'ba' }) });
    const tables = report.data.tables as Array<{ dimension: string; unknown: number; mostSelected: string; rows: Array<{ category: string; rate: number; impactRatio: number; fourFifthsFlag: boolean }> }>;
    const sexT = tables[0];
    expect(sexT.unknown).toBe(4);
    expect(sexT.rows.map((r) => r.category)).toEqual(['Male', 'Female']);
    expect(sexT.rows[0].rate).toBeCloseTo(23 / 50, 12);
    expect(sexT.rows[1].rate).toBeCloseTo(14 / 46, 12);
    expect(sexT.rows[1].impactRatio).toBeCloseTo(14 / 46 / (23 / 50), 12);
    expect(sexT.rows[1].fourFifthsFlag).toBe(true);
    const inter = tables[2];
    // The 1-person category with rate 1 is the most selected unless excluded.
    expect(inter.mostSelected).toBe('Female & <script>alert(1)</script>');
    expect(report.html).not.toContain('<script>');
    expect(report.html).toContain('&lt;script&gt;');
    expect(report.html).toContain('Audit &lt;2025&gt;');
    expect(String(report.data.csv).split('\n')[0]).toContain('selection_rate');
  });
  it('neutralises formula-like category names in the CSV (shared escaper, OWASP payload)', async () => {
    const t = table();
    const race = t.columns[1];
    if (race.type !== 'category') throw new Error('race must be a category column');
    race.categories[1] = "-1+cmd|' /C calc'!A0";
    const { report } = await biasAudit.run({ inputs: { data: t }, params, ctx: testContext({ nodeId: 'ba' }) });
    const lines = String(report.data.csv).split('\n');
    expect(lines).toContain("Race/ethnicity (race),'-1+cmd|' /C calc'!A0,40,13,0.325000,0.325000,0.400000,false,true");
    expect(lines.some((l) => /,-1\+cmd/.test(l))).toBe(false);
  });
  it('excludes categories under 2% only with a justification', async () => {
    const p = { ...params, excludeSmall: true };
    expect(() => biasAudit.schema!({ inputs: { data: undefined }, params: p, env: { datasetSchema: () => undefined } })).toThrow(/justification/);
    await expect(biasAudit.run({ inputs: { data: table() }, params: p, ctx: testContext({ nodeId: 'ba' }) })).rejects.toThrow(/justification/);
    const { report } = await biasAudit.run({
      inputs: { data: table() },
      params: { ...p, justification: 'Category has one applicant; ratios would be meaningless.' },
      ctx: testContext({ nodeId: 'ba' }),
    });
    const inter = (report.data.tables as Array<{ mostSelected: string; rows: Array<{ excluded: boolean }> }>)[2];
    expect(inter.mostSelected).toBe('Male & White');
    expect(inter.rows.filter((r) => r.excluded)).toHaveLength(1);
    expect(report.html).toContain('Category has one applicant');
  });
  it('uses the scoring rate (share above the sample median) for scores', async () => {
    const { report } = await biasAudit.run({
      inputs: { data: table() },
      params: { ...params, outcome: 'score', outcomeColumn: 'score' },
      ctx: testContext({ nodeId: 'ba' }),
    });
    expect(report.data.median).toBeCloseTo(0.1, 12);
    const sexT = (report.data.tables as Array<{ rows: Array<{ rate: number }> }>)[0];
    expect(sexT.rows[0].rate).toBeCloseTo(23 / 50, 12);
  });
});
