import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import { growTrees, TreeRng, type TreeParams } from './grow-trees.ts';
import { planForest, type RandomForestOptions } from './random-forest.ts';
import { sparseTextData, unevenWeights } from './forest-test-data.ts';
import reference from './fixtures/reference-trees.json' with { type: 'json' };

describe('TreeRng', () => {
  it('draws the same integers as createRng', () => {
    for (const seed of [0, 1, 42, 4294967295, 123456789]) {
      const a = createRng(seed);
      const b = new TreeRng(seed);
      for (let k = 0; k < 2000; k++) {
        const bound = 1 + ((k * 7919) % 10007);
        expect(b.int(bound)).toBe(a.int(bound));
      }
    }
  });
});

describe('growTrees', () => {
  // The reference trees were grown by the kernel before its subtree index became contiguous lists
  // (see the fixture's note); every split-search path must still grow them bit for bit.
  const datasets = [sparseTextData(), sparseTextData(500, 300, 8), sparseTextData(400, 200, 3)];
  reference.cases.forEach((c, ci) => {
    it(`grows the reference trees: ${c.name}`, () => {
      const { m, y } = datasets[ci];
      const o = { ...(c.options as Omit<RandomForestOptions, 'sampleWeight'>), ...(c.weights ? { sampleWeight: unevenWeights(m.n) } : {}) };
      const plan = planForest(m, y, o, 1);
      const variants = (['auto', 'columns', 'rows', 'local'] satisfies TreeParams['searchPath'][]).flatMap((path) => [true, false].map((wasm) => ({ path, wasm })));
      for (const { path, wasm } of variants) {
        // with and without the WebAssembly loops (forest-wasm.ts)
        const searchPath = `${path}${wasm ? '' : ' (JavaScript)'}`;
        const got = growTrees(plan.tasks[0], { ...plan.data, params: { ...plan.data.params, searchPath: path, wasm } });
        expect(got.trees.length, searchPath).toBe(c.trees.length);
        got.trees.forEach((t, k) => {
          const want = c.trees[k];
          expect(Array.from(t.feature), searchPath).toEqual(want.feature);
          expect(Array.from(t.code), searchPath).toEqual(want.code);
          expect(Array.from(t.left), searchPath).toEqual(want.left);
          expect(Array.from(t.right), searchPath).toEqual(want.right);
          expect(Array.from(t.value), searchPath).toEqual(want.value);
          expect(Array.from(t.cover), searchPath).toEqual(want.cover);
        });
        expect(Array.from(got.importanceSum), searchPath).toEqual(c.importanceSum);
      }
    });
  });

  it('grows the same trees with and without WebAssembly on dense data with negative values, ties and zeros', () => {
    const rng = createRng(17);
    const n = 700;
    const d = 12;
    const X = new Float64Array(n * d);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let j = 0; j < d; j++) {
        // some features continuous (more than 255 values: quantile bins), some coarse, many zeros
        const v = j % 3 === 0 ? rng.normal() : rng.next() < 0.4 ? 0 : Math.round(rng.normal() * 4) / 2;
        X[i * d + j] = v;
        z += v * (j % 2 ? 0.7 : -0.4);
      }
      y[i] = z + rng.normal() > 0 ? 1 : 0;
    }
    const m = { n, d, X, names: Array.from({ length: d }, (_, j) => `x${j}`) };
    for (const o of [
      { nTrees: 3, maxDepth: 0, maxFeatures: 'sqrt' as const, minSamplesLeaf: 1, bootstrap: true, seed: 8 },
      { nTrees: 2, maxDepth: 0, maxFeatures: 0.5, minSamplesLeaf: 4, bootstrap: true, seed: 9, sampleWeight: unevenWeights(n, 3) },
    ]) {
      const plan = planForest(m, y, o, 1);
      for (const searchPath of ['auto', 'columns', 'rows', 'local'] satisfies TreeParams['searchPath'][]) {
        const js = growTrees(plan.tasks[0], { ...plan.data, params: { ...plan.data.params, searchPath, wasm: false } });
        const wasm = growTrees(plan.tasks[0], { ...plan.data, params: { ...plan.data.params, searchPath } });
        expect(wasm.trees.length).toBe(o.nTrees);
        expect(wasm.trees[0].feature.length, searchPath).toBeGreaterThan(50);
        expect(wasm.trees, searchPath).toEqual(js.trees);
        expect(Array.from(wasm.importanceSum), searchPath).toEqual(Array.from(js.importanceSum));
      }
    }
  });
});
