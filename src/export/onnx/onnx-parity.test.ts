/**
 * ONNX parity: each model kind is trained by its real node, exported with its featurizer, scored on
 * 1,000 rows by onnxruntime (onnxruntime-web's wasm backend), and compared with Crispflow's own scorer:
 * probabilities within 1e-5, labels equal.
 */
import { describe, expect, it } from 'vitest';
import type { Model } from '../../core/ports.ts';
import type { Table } from '../../core/table/table.ts';
import { withDefaults } from '../../core/params.ts';
import { testContext } from '../../runtime/testing/node-testing.ts';
import { installScorers, logisticRegressionScorer, scoreTable } from '../../ml/models/scorers.ts';
import { gradientBoostingScorer } from '../../ml/boosting/gradient-boosting.ts';
import { randomForestScorer } from '../../ml/forest/random-forest.ts';
import { neuralNetworkScorer } from '../../ml/neural/mlp.ts';
import { adversarialDebiasingScorer } from '../../ml/neural/adversarial-debiasing.ts';
import { applyFeaturizer, fitFeaturizer } from '../../ml/features/featurizer.ts';
import { kmeans, orderBySize } from '../../ml/cluster/kmeans.ts';
import { createRng } from '../../core/rng.ts';
import { logisticRegression } from '../../../nodes/logistic-regression/index.ts';
import { randomForest } from '../../../nodes/random-forest/index.ts';
import { gradientBoosting } from '../../../nodes/gradient-boosting/index.ts';
import { neuralNetwork } from '../../../nodes/neural-network/index.ts';
import { adversarialDebiasing } from '../../../nodes/adversarial-debiasing/index.ts';
import { decisionThreshold, exportModelToOnnx, onnxRefusalReason } from './export-onnx.ts';
import { exportKMeansToOnnx } from './export-kmeans.ts';
import { decodeModelProto } from './onnx-proto.ts';
import { feedsFor, runOnnx } from './testing/onnx-runtime.ts';
import { hrTable } from '../testing/hr-table.ts';

installScorers([
  ['logistic-regression', logisticRegressionScorer],
  ['random-forest', randomForestScorer],
  ['gradient-boosting', gradientBoostingScorer],
  ['neural-network', neuralNetworkScorer],
  ['adversarial-debiasing', adversarialDebiasingScorer],
]);

const FEATURES = ['market_ratio', 'rating', 'remote', 'hire_date', 'department'];
const ROWS = 1000;

type Trainer = { run: (a: never) => Promise<{ model: Model }>; params: unknown };

async function train(node: Trainer, train: Table, params: Record<string, unknown>): Promise<Model> {
  const out = await node.run({
    inputs: { train, test: hrTable(50, { seed: 99 }) },
    params: withDefaults(node.params as never, { target: 'left', positive: 'yes', features: FEATURES, ...params }),
    ctx: testContext({ nodeId: 'm' }),
  } as never);
  return out.model;
}

async function expectParity(model: Model, rows: Table): Promise<void> {
  const own = scoreTable(model, rows);
  const exported = exportModelToOnnx(model);
  const out = await runOnnx(exported.bytes, feedsFor(exported.inputs, rows));
  const p = out.probability.data as Float64Array;
  const labels = out.label.data as BigInt64Array;
  expect(p.length).toBe(ROWS);
  const t = decisionThreshold(model);
  let worst = 0;
  for (let i = 0; i < ROWS; i++) {
    worst = Math.max(worst, Math.abs(p[i] - own[i]));
    expect(Number(labels[i]), `row ${i + 1}`).toBe(own[i] >= t ? 1 : 0);
  }
  expect(worst).toBeLessThan(1e-5);
  // The scores are not all alike (a constant model would pass trivially).
  expect(Math.max(...own) - Math.min(...own)).toBeGreaterThan(0.2);
}

describe('ONNX export: parity with Crispflow scores on 1,000 rows (onnxruntime)', () => {
  const trainRows = hrTable(1500, { seed: 3 });
  const rows = hrTable(ROWS, { seed: 11 });

  it('logistic regression', async () => {
    await expectParity(await train(logisticRegression as never, trainRows, {}), rows);
  });

  it('random forest', async () => {
    await expectParity(await train(randomForest as never, trainRows, { nTrees: 40, maxDepth: 8 }), rows);
  });

  it('gradient boosting, with missing values in numbers and categories (learned directions)', async () => {
    const gappy = hrTable(ROWS, { seed: 11, missing: true });
    const model = await train(gradientBoosting as never, hrTable(1500, { seed: 3, missing: true }), { maxIter: 60 });
    const st = model.state as { missingLeft?: Uint8Array };
    // Both directions occur, so the export's missing-value mapping is exercised either way.
    expect(st.missingLeft?.some((v) => v === 1)).toBe(true);
    await expectParity(model, gappy);
  });

  it('neural network (relu and tanh)', async () => {
    await expectParity(await train(neuralNetwork as never, trainRows, { hidden: '16, 8', epochs: 30, backend: 'cpu' }), rows);
    await expectParity(await train(neuralNetwork as never, trainRows, { hidden: '8', activation: 'tanh', epochs: 20, backend: 'cpu' }), rows);
  });

  it('adversarial debiasing', async () => {
    await expectParity(await train(adversarialDebiasing as never, trainRows, { protected: 'gender', epochs: 5, hiddenUnits: 16, backend: 'cpu' }), rows);
  });

  it('k-means: cluster assignment equals the training assignment, distances equal', async () => {
    const t = hrTable(ROWS, { seed: 5 });
    const spec = fitFeaturizer(t, ['market_ratio', 'rating', 'remote', 'department'], { includeSparse: false });
    const m = applyFeaturizer(spec, t);
    const { n, d } = m;
    const mean = new Float64Array(d);
    const std = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += m.X[i * d + j] / n;
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j] += (m.X[i * d + j] - mean[j]) ** 2 / n;
    for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]) || 1;
    const X = m.X.map((v, p) => (v - mean[p % d]) / std[p % d]);
    const res = orderBySize(await kmeans(X, n, d, { k: 4, nInit: 3, maxIter: 1000, tol: 0, rng: createRng(1) }), d);
    const exported = exportKMeansToOnnx({ featurizer: spec, standardize: { mean, std }, centers: res.centers, k: 4 });
    const out = await runOnnx(exported.bytes, feedsFor(exported.inputs, t));
    const cluster = out.cluster.data as BigInt64Array;
    const dist = out.distances.data as Float64Array;
    for (let i = 0; i < n; i++) {
      expect(Number(cluster[i]), `row ${i + 1}`).toBe(res.labels[i]);
      let own = 0;
      for (let j = 0; j < d; j++) own += (X[i * d + j] - res.centers[res.labels[i] * d + j]) ** 2;
      expect(Math.abs(dist[i * 4 + res.labels[i]] - own)).toBeLessThan(1e-9);
    }
  });
});

describe('ONNX export: featurizer edge cases', () => {
  const lr = (featurizer: unknown, featureNames: string[], coef: number[]): Model => ({
    kind: 'logistic-regression',
    hyperParams: { threshold: 0.4 },
    featureNames,
    featurizer,
    state: { coef: Float64Array.from(coef), intercept: -0.3 },
    target: { column: 'y', positive: '1' },
    fingerprint: 'f',
  });

  it('dropFirst one-hot, unseen categories, dates and a custom threshold score as in Crispflow', async () => {
    const model = lr(
      {
        version: 1,
        columns: [
          { name: 'hired', kind: 'numeric', type: 'date' },
          { name: 'dept', kind: 'one-hot', categories: ['HR', 'IT', 'Sales'], dropFirst: true },
        ],
      },
      ['hired', 'dept=IT', 'dept=Sales'],
      [0.05, 1.5, -2],
    );
    // The scoring table's dictionary differs from training's and holds an unseen level ("Legal").
    const codes = Int32Array.from({ length: 12 }, (_, i) => i % 5); // (a linear model refuses missing values)
    const rows: Table = {
      nRows: 12,
      columns: [
        { name: 'hired', type: 'date', values: Float64Array.from({ length: 12 }, (_, i) => Date.UTC(1990 + i * 3, i % 12, 1)) },
        { name: 'dept', type: 'category', codes, categories: ['Sales', 'Legal', 'HR', 'IT', 'Sales '] },
      ],
    };
    const own = scoreTable(model, rows);
    const e = exportModelToOnnx(model);
    expect(e.inputs.map((i) => [i.name, i.shape])).toEqual([['hired', ['N']], ['dept', ['N']]]);
    const out = await runOnnx(e.bytes, feedsFor(e.inputs, rows));
    const p = out.probability.data as Float64Array;
    const labels = out.label.data as BigInt64Array;
    for (let i = 0; i < 12; i++) {
      expect(Math.abs(p[i] - own[i])).toBeLessThan(1e-12);
      expect(Number(labels[i])).toBe(own[i] >= 0.4 ? 1 : 0);
    }
    expect(new Set(Array.from(labels)).size).toBe(2);
  });

  it('a single-column model takes an [N,1] input (what MLflow feeds from a one-column DataFrame)', async () => {
    const model = lr({ version: 1, columns: [{ name: 'x', kind: 'numeric', type: 'number' }] }, ['x'], [2]);
    const rows: Table = { nRows: 3, columns: [{ name: 'x', type: 'number', values: Float64Array.from([-1, 0, 1]) }] };
    const e = exportModelToOnnx(model);
    expect(e.inputs).toEqual([{ name: 'x', type: 11, shape: ['N', 1] }]);
    const p = (await runOnnx(e.bytes, feedsFor(e.inputs, rows))).probability.data as Float64Array;
    const own = scoreTable(model, rows);
    for (let i = 0; i < 3; i++) expect(Math.abs(p[i] - own[i])).toBeLessThan(1e-15);
  });
});

describe('ONNX export: refusals (never an approximation)', () => {
  const base = (over: Partial<Model>): Model => ({
    kind: 'logistic-regression',
    hyperParams: {},
    featureNames: ['x'],
    featurizer: { version: 1, columns: [{ name: 'x', kind: 'numeric', type: 'number' }] },
    state: { coef: Float64Array.from([1]), intercept: 0 },
    target: { column: 'y', positive: '1' },
    fingerprint: 'f',
    ...over,
  });

  it('a TF-IDF model is refused with what ONNX cannot express', () => {
    const model = base({
      featureNames: ['x', 'resume:python', 'resume:sql'],
      featurizer: { version: 1, columns: [{ name: 'x', kind: 'numeric', type: 'number' }], sparse: { name: 'resume', nCols: 2, featureNames: ['python', 'sql'] } },
      state: { coef: Float64Array.from([1, 2, 3]), intercept: 0 },
    });
    const reason = onnxRefusalReason(model);
    expect(reason).toMatch(/text features "resume" \(2 TF-IDF terms\)/);
    expect(reason).toMatch(/tokenizer/);
    expect(reason).toMatch(/No ONNX file was written rather than an approximation/);
    expect(() => exportModelToOnnx(model)).toThrow(/TF-IDF/);
  });

  it('an unknown kind is refused, naming it and the kinds that export', () => {
    expect(onnxRefusalReason(base({ kind: 'isolation-forest' }))).toMatch(/kind "isolation-forest" have no ONNX export \(kinds with one: logistic-regression, random-forest/);
  });

  it('an exportable model has no refusal and declares the opsets', () => {
    expect(onnxRefusalReason(base({}))).toBeUndefined();
    const proto = decodeModelProto(exportModelToOnnx(base({})).bytes) as { ir_version: number; opset_import: Array<{ domain?: string; version: number }> };
    expect(proto.ir_version).toBe(10);
    expect(proto.opset_import).toEqual([{ version: 22 }, { domain: 'ai.onnx.ml', version: 5 }]);
  });
});
