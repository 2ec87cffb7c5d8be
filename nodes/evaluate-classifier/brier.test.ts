import { describe, expect, it } from 'vitest';
import { evaluateClassifier } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { withDefaults } from '../../src/core/params.ts';
import type { Table } from '../../src/core/table/table.ts';

const table = (scores: number[], actual: number[]): Table => ({
  nRows: scores.length,
  columns: [
    { name: 'score', type: 'number', role: 'score', values: Float64Array.from(scores) },
    { name: 'predicted', type: 'integer', role: 'prediction', values: Float64Array.from(scores.map((s) => (s >= 0.5 ? 1 : 0))) },
    { name: 'actual', type: 'integer', role: 'target', values: Float64Array.from(actual) },
  ],
});

const run = (t: Table) =>
  evaluateClassifier.run({ inputs: { predictions: t }, params: withDefaults(evaluateClassifier.params, {}), ctx: testContext({ nodeId: 'evaluate' }) });

describe('evaluate-classifier Brier score', () => {
  it('reports the Brier score of probabilities: (0.2² + 0.5² + 0.5² + 0.2²) / 4 = 0.145', async () => {
    const { metrics } = await run(table([0.8, 0.5, 0.5, 0.2], [1, 1, 0, 0]));
    expect(metrics.values.brier).toBeCloseTo(0.145, 15);
  });
  it('leaves it out when the scores are not probabilities', async () => {
    const { metrics } = await run(table([2.5, -1, 0.3, 0.7], [1, 0, 0, 1]));
    expect(metrics.values).not.toHaveProperty('brier');
  });
});
