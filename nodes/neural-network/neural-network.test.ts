import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelFile, saveModelFile } from '../../src/cli/model-file.ts';
import type { NumericColumn, Table } from '../../src/core/table/table.ts';
import { withDefaults } from '../../src/core/params.ts';
import { createRng } from '../../src/core/rng.ts';
import { parseIsoDate } from '../../src/ml/temporal/dates.ts';
import { auc } from '../../src/ml/metrics/classification.ts';
import { scoreTable } from '../../src/ml/models/scorers.ts';
import type { MlpState } from '../../src/ml/neural/mlp.ts';
import { loadTf } from '../../src/ml/neural/tf-backend.ts';
import { runNode } from '../../src/runtime/testing/node-testing.ts';
import { explain } from '../explain/index.ts';
import { predict } from '../predict/index.ts';
import { logisticRegression } from '../logistic-regression/index.ts';
import { timeSeriesCv } from '../time-series-cv/index.ts';
import { neuralNetwork } from './index.ts';

/** People with two scores whose product decides the outcome (XOR-like), a department and an id. */
function xorTable(n: number, seed: number): Table {
  const rng = createRng(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const dept = new Int32Array(n);
  const left = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = 10 * (2 * rng.next() - 1);
    b[i] = 2 * rng.next() - 1;
    dept[i] = rng.int(3);
    left[i] = a[i] * b[i] > 0 ? 1 : 0;
  }
  return {
    nRows: n,
    columns: [
      { name: 'employee_id', type: 'integer', role: 'identifier', values: Float64Array.from({ length: n }, (_, i) => 1000 + i) },
      { name: 'engagement', type: 'number', values: a },
      { name: 'pay_delta', type: 'number', values: b },
      { name: 'department', type: 'category', codes: dept, categories: ['Sales', 'R&D', 'HR'] },
      { name: 'left', type: 'category', role: 'target', codes: left, categories: ['No', 'Yes'] },
    ],
  };
}

const col = (t: Table, name: string) => t.columns.find((c) => c.name === name) as NumericColumn;
const labels = (t: Table) => Uint8Array.from(col(t, 'actual').values);

describe('neural-network node', () => {
  it('trains an MLP on the training table and predicts the test table (non-linear data a logistic regression cannot learn)', async () => {
    const train = xorTable(1000, 1);
    const test = xorTable(400, 2);
    const { outputs, logs } = await runNode(neuralNetwork, {
      inputs: { train, test },
      params: { target: 'left', hidden: '16,8', learningRate: 0.01 },
    });
    const { model, predictions } = outputs;
    expect(model.kind).toBe('neural-network');
    expect(model.target).toEqual({ column: 'left', positive: 'Yes' });
    expect(model.featureNames).toEqual(['engagement', 'pay_delta', 'department=Sales', 'department=R&D', 'department=HR']);
    expect(model.hyperParams).toMatchObject({ hidden: [16, 8], activation: 'relu', dropout: 0, l2: 1e-4, validationFraction: 0.1, seed: 0, threshold: 0.5 });
    const state = model.state as unknown as MlpState & { backend: string };
    expect(state.backend).toBe('wasm');
    expect(state.layers.map((l) => [l.inputs, l.units])).toEqual([[5, 16], [16, 8], [8, 1]]);
    // 10% of each outcome held back for early stopping.
    expect(model.metrics!.trainRows + model.metrics!.validationRows).toBe(1000);
    expect(Math.abs(model.metrics!.validationRows - 100)).toBeLessThanOrEqual(1);
    expect(model.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(predictions.nRows).toBe(400);
    const nnAuc = auc(col(predictions, 'score').values, labels(predictions));
    const lr = await runNode(logisticRegression, { inputs: { train, test }, params: { target: 'left' } });
    const lrAuc = auc(col(lr.outputs.predictions, 'score').values, labels(lr.outputs.predictions));
    expect(nnAuc).toBeGreaterThan(0.95);
    expect(lrAuc).toBeLessThan(0.65);
    expect(logs.map((l) => l.message)).toContain('TF.js backend: wasm.');
    const { epochs, bestEpoch, validationRows } = model.metrics!;
    expect(logs.map((l) => l.message)).toContain(
      `Early stopping after ${epochs} epochs: the validation loss (${validationRows} held-back rows) improved by less than 0.0001 for 10 epochs; the weights of its best epoch (${bestEpoch}) are kept.`,
    );
    // The scorer (plain typed-array math, no TF.js) gives the predictions' scores.
    expect(Array.from(scoreTable(model, test))).toEqual(Array.from(col(predictions, 'score').values));
  });

  it('is reproducible: the same seed gives the same scores, another seed other ones', async () => {
    const train = xorTable(300, 3);
    const run = (seed: number) => runNode(neuralNetwork, { inputs: { train, test: undefined }, params: { target: 'left', hidden: '8', epochs: 5, seed } });
    const [a, b, c] = [await run(4), await run(4), await run(5)];
    const scores = (r: typeof a) => Array.from(col(r.outputs.predictions, 'score').values);
    expect(scores(a)).toEqual(scores(b));
    expect(scores(c)).not.toEqual(scores(a));
    expect(a.outputs.model.fingerprint).toBe(b.outputs.model.fingerprint);
    expect(c.outputs.model.fingerprint).not.toBe(a.outputs.model.fingerprint);
  });

  it('saves as a plain model file and scores the same after loading it back', async () => {
    const train = xorTable(300, 4);
    const { outputs } = await runNode(neuralNetwork, { inputs: { train, test: undefined }, params: { target: 'left', hidden: '8,4', activation: 'tanh', epochs: 10 } });
    const dir = mkdtempSync(path.join(tmpdir(), 'crispflow-nn-'));
    try {
      const file = path.join(dir, 'nn.model.json');
      await saveModelFile(file, outputs.model);
      const loaded = await loadModelFile(file);
      const state = loaded.state as unknown as MlpState;
      expect(state.layers[0].weights).toBeInstanceOf(Float32Array);
      expect(state.mean).toBeInstanceOf(Float64Array);
      expect(Array.from(scoreTable(loaded, train))).toEqual(Array.from(col(outputs.predictions, 'score').values));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Predict scores its model, and Explain picks the sampling SHAP explainer for it', async () => {
    const train = xorTable(400, 5);
    const { outputs } = await runNode(neuralNetwork, { inputs: { train, test: undefined }, params: { target: 'left', hidden: '16', learningRate: 0.01 } });
    const fresh = xorTable(50, 6);
    const predicted = await runNode(predict, { inputs: { model: outputs.model, table: fresh } });
    expect(Array.from(col(predicted.outputs.predictions, 'score').values)).toEqual(Array.from(scoreTable(outputs.model, fresh)));
    const { outputs: ex } = await runNode(explain, { inputs: { model: outputs.model, table: fresh }, params: { timeBudgetMs: 300 } });
    const data = ex.explanation.data as { method: string; features: string[]; shap: Float64Array; expectedValue: number; scores: Float64Array };
    expect(data.method).toBe('sampling');
    expect(data.features).toEqual(['engagement', 'pay_delta', 'department']);
    // SHAP values add up to each score minus the expected value (efficiency).
    for (let i = 0; i < 5; i++) {
      const sum = data.shap[i * 3] + data.shap[i * 3 + 1] + data.shap[i * 3 + 2];
      expect(sum + data.expectedValue).toBeCloseTo(data.scores[i], 6);
    }
    // The two scores drive the outcome; the department is noise.
    const meanAbs = (g: number) => Array.from({ length: 50 }, (_, i) => Math.abs(data.shap[i * 3 + g])).reduce((x, y) => x + y) / 50;
    expect(meanAbs(0)).toBeGreaterThan(5 * meanAbs(2));
    expect(meanAbs(1)).toBeGreaterThan(5 * meanAbs(2));
  });

  it('time-series CV retrains it fold by fold when its model is connected (the neural-network-fold kernel)', async () => {
    // 6 quarterly snapshots of 200 people; leaving depends on an interaction, as in xorTable.
    const quarters = ['2023-03-31', '2023-06-30', '2023-09-30', '2023-12-31', '2024-03-31', '2024-06-30'].map(parseIsoDate);
    const rng = createRng(9);
    const rows = quarters.flatMap((date) =>
      Array.from({ length: 200 }, (_, id) => {
        const a = 2 * rng.next() - 1;
        const b = 2 * rng.next() - 1;
        return { id, date, a, b, left: a * b > 0 !== rng.next() < 0.1 ? 1 : 0 };
      }),
    );
    const panel: Table = {
      nRows: rows.length,
      columns: [
        { name: 'employee_id', type: 'integer', role: 'identifier', values: Float64Array.from(rows, (r) => r.id) },
        { name: 'snapshot_date', type: 'date', role: 'time', values: Float64Array.from(rows, (r) => r.date) },
        { name: 'engagement', type: 'number', values: Float64Array.from(rows, (r) => r.a) },
        { name: 'pay_delta', type: 'number', values: Float64Array.from(rows, (r) => r.b) },
        { name: 'left', type: 'integer', role: 'target', values: Float64Array.from(rows, (r) => r.left) },
      ],
    };
    const trained = await runNode(neuralNetwork, { inputs: { train: panel, test: undefined }, params: { target: 'left', positive: '1', hidden: '12', learningRate: 0.03, epochs: 60, batchSize: 100 } });
    const cvParams = { target: 'left', positive: '1', features: ['engagement', 'pay_delta'], dateColumn: 'snapshot_date', groupColumn: 'employee_id', folds: 3, gapMonths: 3 };
    const cv = await runNode(timeSeriesCv, { inputs: { table: panel, model: trained.outputs.model }, params: cvParams });
    const folds = cv.outputs.metrics.folds!;
    expect(folds.map((f) => f.trainRows)).toEqual([600, 800, 1000]);
    folds.forEach((f) => {
      expect(f.epochs).toBeGreaterThan(5); // what the neural-network kernel reports, instead of boosting's trees
      expect(f.trees).toBeUndefined();
      expect(f.auc).toBeGreaterThan(0.8);
    });
    expect(cv.logs.map((l) => l.message)).toContain('Each fold retrains a "neural-network" model with the connected model\'s settings.');
    // A model kind whose node declares no fold kernel is refused with what to do.
    const lr = await runNode(logisticRegression, { inputs: { train: panel, test: undefined }, params: { target: 'left', positive: '1' } });
    await expect(runNode(timeSeriesCv, { inputs: { table: panel, model: lr.outputs.model }, params: cvParams })).rejects.toThrow(
      /^Time-series CV cannot retrain the connected "logistic-regression" model: its node declares no "logistic-regression-fold" kernel .*Connect a model that supports it/,
    );
  });

  it('stops within a fraction of a second when the run is cancelled mid-epoch, leaving no tensors behind', async () => {
    const { tf } = await loadTf('auto');
    const start = tf.memory().numTensors;
    const controller = new AbortController();
    let stopAsked = 0;
    let epochsSeen = 0;
    // One epoch of 40,000 rows in batches of 16 takes seconds here: the stop lands inside it.
    setTimeout(() => {
      stopAsked = performance.now();
      controller.abort();
    }, 400);
    const run = runNode(neuralNetwork, {
      inputs: { train: xorTable(40_000, 7), test: undefined },
      params: { target: 'left', hidden: '128,64', batchSize: 16, epochs: 1000, validationFraction: 0 },
      context: { signal: controller.signal, onProgress: () => void epochsSeen++ },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(stopAsked).toBeGreaterThan(0);
    expect(performance.now() - stopAsked).toBeLessThan(500);
    expect(epochsSeen).toBe(0);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('refuses a bad layer list in the inspector (schema) and at run time, naming the field', async () => {
    const schema = { train: { columns: [{ name: 'left', type: 'category' as const }, { name: 'x', type: 'number' as const }] }, test: undefined };
    const params = (hidden: string) => withDefaults(neuralNetwork.params, { target: 'left', hidden });
    expect(() => neuralNetwork.schema!({ inputs: schema, params: params('64,abc'), env: { datasetSchema: () => undefined } })).toThrow(
      '"abc" is not a layer size: give whole numbers from 1 to 4096 separated by commas, e.g. 64,32.',
    );
    await expect(runNode(neuralNetwork, { inputs: { train: xorTable(50, 8), test: undefined }, params: { target: 'left', hidden: '0' } })).rejects.toMatchObject({
      name: 'NodeError',
      details: { field: 'hidden' },
      message: expect.stringMatching(/^Hidden layers: "0" is not a layer size/),
    });
  });
});

