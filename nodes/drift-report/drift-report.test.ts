import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import type { Column, Table } from '../../src/core/table/table.ts';
import type { Model } from '../../src/core/ports.ts';
import { runNode } from '../../src/runtime/testing/node-testing.ts';
import type { DriftReportData } from './index.ts';
import { driftReport } from './index.ts';

const DEPTS = ['Sales', 'R&D', 'HR'];

/** A batch of n people; `shift` moves kpi, `newDept` adds a department the reference never had. */
function batch(n: number, seed: number, o: { shift?: number; newDept?: boolean; quarters?: string[]; scoreShift?: number } = {}): Table {
  const rng = createRng(seed);
  const kpi = new Float64Array(n);
  const tenure = new Float64Array(n);
  const score = new Float64Array(n);
  const dept = new Int32Array(n);
  const quarter = new Int32Array(n);
  const q = o.quarters ?? ['2025-Q1'];
  for (let i = 0; i < n; i++) {
    kpi[i] = 50 + 10 * rng.normal() + (o.shift ?? 0);
    tenure[i] = Math.floor(rng.next() * 20);
    score[i] = 1 / (1 + Math.exp(-(kpi[i] - 50) / 10 - (o.scoreShift ?? 0)));
    const u = rng.next();
    dept[i] = o.newDept && u < 0.2 ? 3 : u < 0.5 ? 0 : u < 0.85 ? 1 : 2;
    quarter[i] = Math.floor((i / n) * q.length);
  }
  const columns: Column[] = [
    { name: 'employee_id', type: 'integer', role: 'identifier', values: Float64Array.from({ length: n }, (_, i) => i) },
    { name: 'kpi_score', type: 'number', values: kpi },
    { name: 'tenure_years', type: 'integer', values: tenure },
    { name: 'department', type: 'category', categories: [...DEPTS, 'Legal'], codes: dept },
    { name: 'quarter', type: 'category', categories: q, codes: quarter },
    { name: 'score', type: 'number', role: 'score', values: score },
  ];
  return { nRows: n, columns };
}

const data = (r: { report: { data: Record<string, unknown> } }) => r.report.data as unknown as DriftReportData;

describe('drift-report node', () => {
  it('flags a shifted feature and the score, not the stable ones', async () => {
    const { outputs, logs } = await runNode(driftReport, {
      inputs: { reference: batch(4000, 1), current: batch(3000, 2, { shift: 6 }), model: undefined },
      params: { features: ['kpi_score', 'tenure_years', 'department'] },
    });
    const d = data(outputs);
    const by = Object.fromEntries(d.columns.map((c) => [c.column, c]));
    expect(Object.keys(by)).toEqual(['kpi_score', 'tenure_years', 'department', 'score']);
    expect(by.kpi_score.drifted).toBe(true);
    expect(by.kpi_score.band).toBe('major');
    expect(by.kpi_score.ks!.pValue).toBeLessThan(1e-10);
    expect(by.kpi_score.currentMean! - by.kpi_score.referenceMean!).toBeCloseTo(6, 0);
    expect(by.tenure_years.drifted).toBe(false);
    expect(by.department.drifted).toBe(false);
    expect(by.score.role).toBe('score');
    expect(d.scoreDrifted).toBe(true);
    expect(d.drifted).toEqual(['kpi_score', 'score']);
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('Drift in 2 of 4'))).toBe(true);
  });

  it('leaves identifiers and the score out of "all features"', async () => {
    const { outputs } = await runNode(driftReport, { inputs: { reference: batch(500, 1), current: batch(500, 2), model: undefined } });
    expect(data(outputs).columns.map((c) => c.column)).toEqual(['kpi_score', 'tenure_years', 'department', 'quarter', 'score']);
  });

  it('reports a new category level as drift instead of failing', async () => {
    const { outputs, logs } = await runNode(driftReport, {
      inputs: { reference: batch(2000, 3), current: batch(2000, 4, { newDept: true }), model: undefined },
      params: { features: ['department'] },
    });
    const dept = data(outputs).columns[0];
    expect(dept.newLevels).toEqual(['Legal']);
    expect(dept.bins.map((b) => b.label)).toEqual(['Sales', 'R&D', 'HR', 'Legal']);
    expect(dept.bins[3].reference).toBe(0);
    expect(dept.drifted).toBe(true);
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('never seen in the reference: "Legal"'))).toBe(true);
  });

  it('names every feature column a batch lacks', async () => {
    const current = batch(300, 5);
    current.columns = current.columns.filter((c) => c.name !== 'kpi_score' && c.name !== 'tenure_years');
    await expect(
      runNode(driftReport, { inputs: { reference: batch(300, 6), current, model: undefined }, params: { features: ['kpi_score', 'tenure_years', 'department'] } }),
    ).rejects.toThrow(/lacks these feature columns "kpi_score", "tenure_years"/);
  });

  it('uses the model’s input columns and names those the batch lacks', async () => {
    const model = {
      kind: 'logistic-regression',
      featurizer: { version: 1, columns: [{ name: 'kpi_score', kind: 'numeric', type: 'number' }, { name: 'department', kind: 'one-hot', categories: DEPTS, dropFirst: false }] },
    } as unknown as Model;
    const { outputs } = await runNode(driftReport, { inputs: { reference: batch(400, 7), current: batch(400, 8), model } });
    expect(data(outputs).columns.map((c) => c.column)).toEqual(['kpi_score', 'department', 'score']);
    const current = batch(400, 8);
    current.columns = current.columns.filter((c) => c.name !== 'department');
    await expect(runNode(driftReport, { inputs: { reference: batch(400, 7), current, model } })).rejects.toThrow(
      /lacks the feature column "department" that the model reads/,
    );
  });

  it('refuses a column whose type differs between the tables, naming it', async () => {
    const current = batch(200, 9);
    const i = current.columns.findIndex((c) => c.name === 'tenure_years');
    current.columns[i] = { name: 'tenure_years', type: 'text', values: Array.from({ length: 200 }, () => '3') };
    await expect(runNode(driftReport, { inputs: { reference: batch(200, 10), current, model: undefined }, params: { features: ['tenure_years'] } })).rejects.toThrow(
      /"tenure_years" is integer in the reference table but text in the current table/,
    );
  });

  it('gives PSI per period and omits a period with too few rows, with a warning', async () => {
    const q = ['2025-Q1', '2025-Q2', '2025-Q3'];
    const current = batch(3000, 11, { quarters: q });
    // Shift kpi in Q3 only, and leave Q2 with only a few rows.
    const kpi = current.columns.find((c) => c.name === 'kpi_score') as { values: Float64Array };
    const qc = current.columns.find((c) => c.name === 'quarter') as { codes: Int32Array };
    for (let i = 0; i < current.nRows; i++) {
      if (qc.codes[i] === 2) kpi.values[i] += 8;
      if (qc.codes[i] === 1 && i % 50 !== 0) qc.codes[i] = 0;
    }
    const { outputs, logs } = await runNode(driftReport, {
      inputs: { reference: batch(3000, 12), current, model: undefined },
      params: { features: ['kpi_score'], period: 'quarter', minPeriodRows: 50 },
    });
    const d = data(outputs);
    expect(d.periods).toEqual(q);
    const kpiByPeriod = d.byPeriod!.find((b) => b.column === 'kpi_score')!.values;
    expect(kpiByPeriod[0].band).toBe('stable');
    expect(kpiByPeriod[1].psi).toBeNull();
    expect(kpiByPeriod[1].n).toBe(20);
    expect(kpiByPeriod[2].band).toBe('major');
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('Period 2025-Q2: only 20 row(s)'))).toBe(true);
    expect(d.driftedPeriods).toEqual([{ column: 'kpi_score', period: '2025-Q3', psi: kpiByPeriod[2].psi }]);
    // Per-period counts add up to the overall current counts.
    const overall = d.columns.find((c) => c.column === 'kpi_score')!;
    expect(kpiByPeriod.reduce((s, v) => s + v.n, 0)).toBe(overall.nCurrent);
  });
});
