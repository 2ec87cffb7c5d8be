import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { generatePromotion, PROMOTION_COLUMNS } from './promotion.ts';
import { withDefaults } from '../core/params.ts';
import { testContext } from '../runtime/testing/node-testing.ts';
import type { CategoryColumn, NumericColumn, Table } from '../core/table/table.ts';
import { trainTestSplit } from '../../nodes/train-test-split/index.ts';
import { logisticRegression } from '../../nodes/logistic-regression/index.ts';
import { evaluateClassifier } from '../../nodes/evaluate-classifier/index.ts';
import type { PipelineDocument } from '../core/document.ts';

const num = (t: Table, name: string) => (t.columns.find((c) => c.name === name) as NumericColumn).values;
const cat = (t: Table, name: string) => t.columns.find((c) => c.name === name) as CategoryColumn;

function rate(y: Float64Array, keep: (i: number) => boolean): number {
  let n = 0;
  let s = 0;
  for (let i = 0; i < y.length; i++) if (keep(i)) {
    n++;
    s += y[i];
  }
  return s / n;
}

describe('promotion sample generator', () => {
  const t = generatePromotion({ rows: 20000 });

  it('has exactly the DESIGN.md columns and is deterministic per seed', () => {
    expect(t.columns.map((c) => c.name)).toEqual([...PROMOTION_COLUMNS]);
    expect(t.nRows).toBe(20000);
    const again = generatePromotion({ rows: 20000 });
    expect(Array.from(num(again, 'kpi_score').subarray(0, 50))).toEqual(Array.from(num(t, 'kpi_score').subarray(0, 50)));
    const other = generatePromotion({ rows: 200, seed: 1 });
    expect(Array.from(num(other, 'kpi_score').subarray(0, 50))).not.toEqual(Array.from(num(t, 'kpi_score').subarray(0, 50)));
  });

  it('history favours group A: higher promotion rate although capability metrics are alike', () => {
    const g = cat(t, 'group').codes;
    const promoted = num(t, 'promoted');
    const kpi = num(t, 'kpi_score');
    const rateA = rate(promoted, (i) => g[i] === 0);
    const rateB = rate(promoted, (i) => g[i] === 1);
    expect(rateA).toBeGreaterThan(0.24);
    expect(rateB).toBeLessThan(0.17);
    // Same capability distribution: mean KPI within 0.5 points.
    expect(Math.abs(rate(kpi, (i) => g[i] === 0) - rate(kpi, (i) => g[i] === 1))).toBeLessThan(0.5);
    // At equal (high) capability the gap remains.
    const high = (i: number) => kpi[i] > 75;
    expect(rate(promoted, (i) => high(i) && g[i] === 0) - rate(promoted, (i) => high(i) && g[i] === 1)).toBeGreaterThan(0.1);
  });

  it('department is a proxy: Engineering is mostly group A, Operations leans to group B', () => {
    const g = cat(t, 'group').codes;
    const d = cat(t, 'department');
    const eng = d.categories.indexOf('Engineering');
    const ops = d.categories.indexOf('Operations');
    const shareB = (k: number) => rate(Float64Array.from(g), (i) => d.codes[i] === k);
    expect(shareB(eng)).toBeLessThan(0.3);
    expect(shareB(ops)).toBeGreaterThan(0.5);
  });

  it('values stay in their documented ranges', () => {
    const inRange = (name: string, lo: number, hi: number) => num(t, name).every((v) => v >= lo && v <= hi);
    expect(inRange('kpi_score', 0, 100)).toBe(true);
    expect(inRange('training_score', 0, 100)).toBe(true);
    expect(inRange('peer_rating', 1, 5)).toBe(true);
    expect(inRange('tenure_years', 0.5, 30)).toBe(true);
    expect(num(t, 'projects_led').every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
  });
});

describe('examples/promotion-baseline.pipeline.json, node by node', () => {
  it('split → logistic regression → evaluate gives a useful model on the sample', async () => {
    const doc = JSON.parse(readFileSync(new URL('../../examples/promotion-baseline.pipeline.json', import.meta.url), 'utf8')) as PipelineDocument;
    const p = (id: string) => doc.nodes.find((n) => n.id === id)!.params;
    const data = generatePromotion({ rows: 5000 });
    const ctx = (id: string) => testContext({ nodeId: id });
    const { train, test } = await trainTestSplit.run({ inputs: { table: data }, params: withDefaults(trainTestSplit.params, p('split')), ctx: ctx('split') });
    const { model, predictions } = await logisticRegression.run({
      inputs: { train, test },
      params: withDefaults(logisticRegression.params, p('train-lr')),
      ctx: ctx('train-lr'),
    });
    expect(model.featureNames).not.toContain('group=A');
    expect(model.featureNames).toContain('department=Engineering');
    expect(model.metrics!.converged).toBe(1);
    const { metrics } = await evaluateClassifier.run({
      inputs: { predictions },
      params: withDefaults(evaluateClassifier.params, p('evaluate')),
      ctx: ctx('evaluate'),
    });
    expect(metrics.values.n).toBe(1250);
    expect(metrics.values.auc).toBeGreaterThan(0.8);
    expect(metrics.values.auc).toBeLessThan(0.92);
    // Without the group column the model still selects group A more often (department carries the bias).
    const g = cat(predictions, 'group').codes;
    const pred = num(predictions, 'predicted');
    expect(rate(pred, (i) => g[i] === 0)).toBeGreaterThan(rate(pred, (i) => g[i] === 1));
  });
});
