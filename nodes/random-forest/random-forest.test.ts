import { describe, expect, it } from 'vitest';
import { randomForest, FOREST_KERNEL } from './index.ts';
import { testContext } from '../../src/runtime/testing/node-testing.ts';
import { withDefaults } from '../../src/core/params.ts';
import { createRng } from '../../src/core/rng.ts';
import type { Table } from '../../src/core/table/table.ts';
import { scoreTable } from '../../src/ml/models/scorers.ts';

function makeTable(n: number, seed: number): Table {
  const rng = createRng(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng.next();
    b[i] = rng.next();
    codes[i] = (a[i] > 0.5) !== (b[i] > 0.5) ? 0 : 1;
  }
  return {
    nRows: n,
    columns: [
      { name: 'a', type: 'number', values: a },
      { name: 'b', type: 'number', values: b },
      { name: 'outcome', type: 'category', codes, categories: ['yes', 'no'] },
    ],
  };
}

const params = withDefaults(randomForest.params, { target: 'outcome', positive: 'yes', nTrees: 30, seed: 3 });

describe('random-forest node', () => {
  it('learns an interaction, scores test rows and registers its scorer', async () => {
    const train = makeTable(400, 1);
    const test = makeTable(200, 2);
    const out = await randomForest.run({ inputs: { train, test }, params, ctx: testContext({ nodeId: 'rf' }) });
    expect(out.model.kind).toBe('random-forest');
    expect(out.model.featureNames).toEqual(['a', 'b']);
    const pred = out.predictions.columns.find((c) => c.name === 'predicted')!;
    const actual = out.predictions.columns.find((c) => c.name === 'actual')!;
    let correct = 0;
    if (pred.type === 'integer' && actual.type === 'integer') for (let i = 0; i < 200; i++) correct += pred.values[i] === actual.values[i] ? 1 : 0;
    expect(correct / 200).toBeGreaterThan(0.85);
    // the generic scorer gives the same scores as the node's predictions
    const score = out.predictions.columns.find((c) => c.name === 'score')!;
    expect(Array.from(scoreTable(out.model, test))).toEqual(score.type === 'number' ? Array.from(score.values) : []);
  });

  it('trains the same forest through ctx.parallel as locally', async () => {
    const train = makeTable(300, 5);
    const seen: number[] = [];
    const parallel = async <T, R, S>(kernel: string, tasks: T[], shared?: S): Promise<R[]> => {
      expect(kernel).toBe(FOREST_KERNEL);
      seen.push(tasks.length);
      // A kernel may return a promise (this one loads its code on first use).
      const k = randomForest.kernels![kernel] as (t: T, s: S | undefined) => R | Promise<R>;
      // as a worker receives it: the shared data once, each task on its own
      const received = structuredClone(shared);
      return Promise.all(tasks.map((t) => k(structuredClone(t), received)));
    };
    const viaPool = await randomForest.run({ inputs: { train, test: undefined }, params, ctx: testContext({ nodeId: 'rf', parallel }) });
    const local = await randomForest.run({ inputs: { train, test: undefined }, params, ctx: testContext({ nodeId: 'rf' }) });
    expect(seen[0]).toBeGreaterThan(1);
    expect(Array.from(viaPool.model.state.value as Float64Array)).toEqual(Array.from(local.model.state.value as Float64Array));
  });
});
