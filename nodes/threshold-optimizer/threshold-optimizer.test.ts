import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import type { Table } from '../../src/core/table/table.ts';
import { selectionProbability, type ThresholdFit } from '../../src/ml/fairness/threshold-optimizer.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { thresholdOptimizer } from './index.ts';

/** Scores that favour group B at equal outcome. */
function predictions(n: number): Table {
  const rng = createRng(11);
  const g = new Int32Array(n);
  const score = new Float64Array(n);
  const actual = new Float64Array(n);
  const predicted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    g[i] = rng.next() < 0.4 ? 1 : 0;
    actual[i] = rng.next() < (g[i] ? 0.5 : 0.3) ? 1 : 0;
    score[i] = 1 / (1 + Math.exp(-(1.5 * actual[i] + 0.8 * g[i] - 1 + rng.normal())));
    predicted[i] = score[i] >= 0.5 ? 1 : 0;
  }
  return {
    nRows: n,
    columns: [
      { name: 'group', type: 'category', categories: ['A', 'B'], codes: g },
      { name: 'score', type: 'number', role: 'score', values: score },
      { name: 'predicted', type: 'integer', role: 'prediction', values: predicted },
      { name: 'actual', type: 'integer', role: 'target', values: actual },
    ],
  };
}

/** Expected TPR, FPR and selection rate per group under the fitted rules. */
function expected(t: Table, fit: ThresholdFit) {
  const [g, s, a] = [t.columns[0], t.columns[1], t.columns[3]];
  if (g.type !== 'category' || s.type !== 'number' || a.type !== 'integer') throw new Error('fixture');
  const acc = fit.rules.map(() => ({ tp: 0, p: 0, fp: 0, n: 0, sel: 0 }));
  for (let i = 0; i < t.nRows; i++) {
    const pr = selectionProbability(fit.rules[g.codes[i]], s.values[i]);
    const o = acc[g.codes[i]];
    o.sel += pr;
    if (a.values[i]) {
      o.tp += pr;
      o.p++;
    } else {
      o.fp += pr;
      o.n++;
    }
  }
  return acc.map((o) => ({ tpr: o.tp / o.p, fpr: o.fp / o.n, rate: o.sel / (o.p + o.n) }));
}

describe('threshold-optimizer node', () => {
  const t = predictions(3000);
  it('equalizes TPR and FPR across groups (in expectation) and warns about Title VII', async () => {
    const logs: string[] = [];
    const { predictions: out, report } = await thresholdOptimizer.run({
      inputs: { data: t, apply: undefined },
      params: { protected: ['group'], constraint: 'equalized-odds' },
      ctx: testContext({ nodeId: 'to', onLog: (m) => logs.push(m) }),
    });
    const fit = report.data as unknown as ThresholdFit;
    const e = expected(t, fit);
    expect(e[0].tpr).toBeCloseTo(e[1].tpr, 9);
    expect(e[0].fpr).toBeCloseTo(e[1].fpr, 9);
    expect(e[0].tpr).toBeCloseTo(fit.operatingPoint.y!, 9);
    expect(fit.accuracy).toBeGreaterThan(0.6);
    expect(logs[0]).toMatch(/Title VII §703\(l\)/);
    expect(String(report.data.warning)).toMatch(/unlawful/);
    expect(out.columns.map((c) => c.name)).toContain('selection_probability');
  });
  it('equalizes selection rates for demographic parity', async () => {
    const { report } = await thresholdOptimizer.run({
      inputs: { data: t, apply: undefined },
      params: { protected: ['group'], constraint: 'demographic-parity' },
      ctx: testContext({ nodeId: 'to' }),
    });
    const e = expected(t, report.data as unknown as ThresholdFit);
    expect(e[0].rate).toBeCloseTo(e[1].rate, 9);
  });
});
