/**
 * Export benchmark (issue 16): for each model kind trained by its node on 5,000 rows with the node's
 * default settings (HR-like table: number, integer, boolean, date and a 4-level category), the time to
 * build and encode its ONNX model (median of 5), the model.onnx size, the Crispflow model.json size for
 * comparison, and the time and total size of an MLflow model directory written to a temporary folder.
 */
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Model } from '../src/core/ports.ts';
import { withDefaults } from '../src/core/params.ts';
import { testContext } from '../src/runtime/testing/node-testing.ts';
import { exportModelToOnnx } from '../src/export/onnx/export-onnx.ts';
import { writeMlflowModelDir } from '../src/export/mlflow/mlflow-model-dir.ts';
import { hrTable } from '../src/export/testing/hr-table.ts';
import { modelFileText } from '../src/cli/model-file.ts';
import { logisticRegression } from '../nodes/logistic-regression/index.ts';
import { randomForest } from '../nodes/random-forest/index.ts';
import { gradientBoosting } from '../nodes/gradient-boosting/index.ts';
import { neuralNetwork } from '../nodes/neural-network/index.ts';
import { adversarialDebiasing } from '../nodes/adversarial-debiasing/index.ts';
import { timeIt, type Bench } from './harness.ts';

const FEATURES = ['market_ratio', 'rating', 'remote', 'hire_date', 'department'];

const KINDS: Array<[string, unknown, Record<string, unknown>]> = [
  ['logistic-regression', logisticRegression, {}],
  ['random-forest', randomForest, {}],
  ['gradient-boosting', gradientBoosting, {}],
  ['neural-network', neuralNetwork, { backend: 'cpu' }],
  ['adversarial-debiasing', adversarialDebiasing, { protected: 'gender', backend: 'cpu' }],
];

const bench: Bench = async (record) => {
  const train = hrTable(5000, { seed: 3, missing: false });
  const gappy = hrTable(5000, { seed: 3, missing: true });
  for (const [kind, node, params] of KINDS) {
    const n = node as { run: (a: never) => Promise<{ model: Model }>; params: never };
    const { model } = await n.run({
      inputs: { train: kind === 'gradient-boosting' ? gappy : train, test: hrTable(100, { seed: 9 }) },
      params: withDefaults(n.params, { target: 'left', positive: 'yes', features: FEATURES, ...params } as never),
      ctx: testContext({ nodeId: 'bench' }),
    } as never);
    let bytes = 0;
    const ms = await timeIt(() => (bytes = exportModelToOnnx(model).bytes.byteLength), 5, 1);
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'crispflow-bench-mlflow-')), 'model');
    const t0 = performance.now();
    await writeMlflowModelDir(dir, { model, onnx: exportModelToOnnx(model), cardMarkdown: '# card\n' });
    const mlflowMs = performance.now() - t0;
    const mlflowBytes = readdirSync(dir).reduce((s, f) => s + statSync(path.join(dir, f)).size, 0);
    record({
      name: `export onnx: ${kind}`,
      ms,
      extra: { onnxBytes: bytes, modelJsonBytes: Buffer.byteLength(modelFileText(model)), mlflowDirMs: Math.round(mlflowMs * 10) / 10, mlflowDirBytes: mlflowBytes },
    });
  }
};
export default bench;
