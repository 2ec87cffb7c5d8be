import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/core/table/table.ts';
import { parsePipeline } from '../../src/core/document-io.ts';
import { createBuiltinRegistry } from '../index.ts';
import { runNode } from '../../src/runtime/testing/node-testing.ts';
import { fairnessMetrics } from './index.ts';
import { keywordBiasReport } from '../keyword-bias-report/index.ts';

// Coded as in people's own data (F / M / X), not as in the samples: group M is selected most often.
const preds: Table = {
  nRows: 9,
  columns: [
    { name: 'sex', type: 'category', categories: ['F', 'M', 'X'], codes: Int32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]) },
    { name: 'predicted', type: 'integer', role: 'prediction', values: Float64Array.from([1, 0, 0, 1, 1, 0, 1, 1, 1]) },
    { name: 'actual', type: 'integer', role: 'target', values: Float64Array.from([1, 1, 0, 1, 1, 0, 1, 0, 1]) },
  ],
};
const params = { mode: 'predictions' as const, protected: ['sex'], label: '', favorable: '1', resamples: 0, confidence: 0.95, minGroupSize: 1, useWeights: false };

describe('automatic reference group', () => {
  it('is the default and picks the group with the highest selection rate, pooling the others against it', async () => {
    expect(fairnessMetrics.params.privileged.default).toBe('auto');
    const { outputs, logs } = await runNode(fairnessMetrics, { inputs: { data: preds }, params: { ...params, privileged: 'auto' } });
    const r = outputs.report;
    expect(r.privileged).toBe('X'); // 3/3 selected
    expect(r.extra?.privilegedAuto).toBe(true);
    // unprivileged = F and M pooled: 3/6 selected; privileged X 3/3 → DI 0.5, SPD -0.5
    expect(r.disparateImpact).toBeCloseTo(0.5, 12);
    expect(r.statisticalParityDifference).toBeCloseTo(-0.5, 12);
    expect(r.groups.find((g) => g.group === 'F')!.impactRatioVsPrivileged).toBeCloseTo(1 / 3, 12);
    expect(logs.some((l) => l.message.includes('Reference group chosen automatically: "X"'))).toBe(true);
  });

  it('an explicit group still works, and an absent one is named', async () => {
    const { outputs } = await runNode(fairnessMetrics, { inputs: { data: preds }, params: { ...params, privileged: 'M' } });
    expect(outputs.report.privileged).toBe('M');
    expect(outputs.report.disparateImpact).toBeCloseTo(1, 12); // F+X pooled 4/6 vs M 2/3
    await expect(runNode(fairnessMetrics, { inputs: { data: preds }, params: { ...params, privileged: 'Male' } })).rejects.toThrow(/"Male" does not occur in sex/);
  });

  it('documents saved before "auto" keep their empty default (least vs most favoured group)', () => {
    const registry = createBuiltinRegistry();
    const raw = {
      schemaVersion: 1,
      metadata: { name: 'old' },
      nodes: [{ id: 'fm', type: 'fairness-metrics', version: 1, params: { mode: 'predictions', protected: ['sex'] }, position: { x: 0, y: 0 } }],
      edges: [],
    };
    const { doc } = parsePipeline(raw, registry);
    expect(doc!.nodes[0].params.privileged).toBe('');
    expect(doc!.nodes[0].version).toBe(2);
    const kept = parsePipeline({ ...raw, nodes: [{ ...raw.nodes[0], params: { ...raw.nodes[0].params, privileged: 'M' } }] }, registry);
    expect(kept.doc!.nodes[0].params.privileged).toBe('M');
  });

  it('keyword bias report: "auto" compares with the group selected most often and says so', async () => {
    const table: Table = { ...preds, columns: [...preds.columns, { name: 'cv', type: 'text', values: ['a b', 'b c', 'c a', 'a', 'b', 'c', 'a b c', 'b', 'c'] }] };
    const { outputs, logs } = await runNode(keywordBiasReport, { inputs: { predictions: table, model: undefined, after: undefined, afterModel: undefined }, params: { protected: 'sex', text: 'cv', privileged: 'auto', top: 5, ngramMax: 1, priorScale: 1, minCount: 1, zMin: 1.96 } });
    expect((outputs.report.data as { before: { reference: string } }).before.reference).toBe('X');
    expect(logs.some((l) => l.message.includes('Reference group chosen automatically: "X"'))).toBe(true);
  });
});
