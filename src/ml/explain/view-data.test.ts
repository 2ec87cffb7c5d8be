import { describe, expect, it } from 'vitest';
import type { ShapExplanationData } from './explanation.ts';
import { globalImportance } from './explanation.ts';
import { beeswarmPoints, dependencePoints, riskList, riskTable, waterfallSteps } from './view-data.ts';
import { tableToCsv } from '../../io/csv-export.ts';

function data(): ShapExplanationData {
  const features = ['market_ratio', 'department', 'engagement_score_delta_3'];
  // rows: A (high risk), B (low risk)
  const shap = Float64Array.from([1.2, 0.1, 0.6, -0.5, -0.05, -0.2]);
  return {
    method: 'tree',
    outputScale: 'log-odds',
    features,
    rows: 2,
    expectedValue: -1,
    shap,
    featureValues: Float64Array.from([0.88, NaN, -0.8, 1.1, NaN, 0.1]),
    featureLabels: [null, ['Sales', 'HR'], null],
    rowIds: ['A', '=B'],
    scores: Float64Array.from([1 / (1 + Math.exp(-(-1 + 1.9))), 1 / (1 + Math.exp(-(-1 - 0.75)))]),
    importance: globalImportance(shap, 2, features),
    modelKind: 'gradient-boosting',
  };
}

describe('explanation view data', () => {
  it('builds a waterfall that ends at the model output', () => {
    const w = waterfallSteps(data(), 0, 2);
    expect(w.steps.map((s) => s.label)).toEqual(['market_ratio', 'engagement_score_delta_3', '1 other columns']);
    expect(w.steps[0]).toMatchObject({ start: -1, text: 'pay 12% below market' });
    expect(w.output).toBeCloseTo(0.9, 12);
    expect(w.probability).toBeCloseTo(data().scores[0], 12);
  });
  it('lists people by risk with plain-language drivers, and exports them safely as CSV', () => {
    const list = riskList(data(), 2);
    expect(list.map((r) => r.id)).toEqual(['A', '=B']);
    expect(list[0].drivers.map((x) => x.text)).toEqual(['pay 12% below market', 'engagement down 0.8 over the last surveys']);
    const csv = tableToCsv(riskTable(list, 2), { newline: '\n' });
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('id,risk_score,risk_rank,driver_1,driver_1_column,driver_1_effect,driver_2,driver_2_column,driver_2_effect');
    expect(lines[1].startsWith('A,0.71')).toBe(true);
    // formula-looking ids are neutralised for spreadsheets
    expect(lines[2].startsWith("'=B,")).toBe(true);
  });
  it('gives beeswarm and dependence points', () => {
    const b = beeswarmPoints(data(), 2);
    expect(b.filter((p) => p.lane === 0).map((p) => p.feature)).toEqual(['market_ratio', 'market_ratio']);
    expect(b.find((p) => p.lane === 0 && p.row === 1)!.level).toBe(1);
    expect(dependencePoints(data(), 'department')).toEqual([
      { x: 'Sales', shap: 0.1, row: 0 },
      { x: 'HR', shap: -0.05, row: 1 },
    ]);
  });
});
