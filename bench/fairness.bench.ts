/**
 * Fairness and clustering benchmarks (issue 5):
 * - fairness metrics with 1,000 bootstrap resamples on 100,000 rows (target ≤ 1 s);
 * - k-means, k = 4, n_init 10, on 20,000 × 6 (target ≤ 0.3 s; scikit-learn on the same machine: 0.27 s);
 * - adversarial debiasing, 50 epochs on 20,000 rows × 10 features, in a worker (target ≤ 20 s).
 */
import type { PlanStep } from '../src/core/plan.ts';
import { createRng } from '../src/core/rng.ts';
import type { Column, Table } from '../src/core/table/table.ts';
import { kmeans } from '../src/ml/cluster/kmeans.ts';
import { computeFairness } from '../src/ml/fairness/fairness-metrics.ts';
import { createNodePool } from '../src/runtime/node/node-pool.ts';
import { timeIt, type Bench } from './harness.ts';

function fairnessInput(n: number) {
  const rng = createRng(1);
  const codes = new Int32Array(n);
  const predicted = new Int8Array(n);
  const actual = new Int8Array(n);
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    codes[i] = rng.int(4);
    actual[i] = rng.next() < 0.3 ? 1 : 0;
    score[i] = Math.min(1, Math.max(0, 0.3 * actual[i] + 0.1 * codes[i] + 0.4 * rng.next()));
    predicted[i] = score[i] >= 0.5 ? 1 : 0;
  }
  const labels = ['A', 'B', 'C', 'D'];
  return { groups: { codes, labels, parts: labels.map((l) => [l]), columns: ['group'], missing: 0 }, predicted, actual, score };
}

function blobs(n: number, d: number, k: number): Float64Array {
  const rng = createRng(2);
  const centres = Array.from({ length: k * d }, () => 2 * rng.normal()); // overlapping blobs: several iterations per restart
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = rng.int(k);
    for (let j = 0; j < d; j++) X[i * d + j] = centres[c * d + j] + 1.5 * rng.normal();
  }
  return X;
}

function debiasTable(n: number, d: number): Table {
  const rng = createRng(3);
  const g = new Int32Array(n);
  const y = new Float64Array(n);
  const xs = Array.from({ length: d }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    g[i] = rng.next() < 0.5 ? 1 : 0;
    let s = 0;
    for (let j = 0; j < d; j++) {
      xs[j][i] = rng.normal() + (j === 0 ? g[i] : 0);
      s += xs[j][i] * (j < 3 ? 1 : 0.2);
    }
    y[i] = s + 0.5 * g[i] + rng.normal() > 0.5 ? 1 : 0;
  }
  const columns: Column[] = [
    { name: 'group', type: 'category', categories: ['A', 'B'], codes: g },
    ...xs.map((values, j): Column => ({ name: `x${j}`, type: 'number', values })),
    { name: 'promoted', type: 'integer', values: y },
  ];
  return { nRows: n, columns };
}

/**
 * Wall-time median (the harness's measure) plus mean CPU time per run: on a machine shared with other
 * work, CPU time shows the kernel's own cost when wall time is inflated by waiting for a core.
 */
async function timed(fn: () => unknown): Promise<{ ms: number; cpuMs: number }> {
  const runs = 5;
  const u0 = process.cpuUsage();
  const ms = await timeIt(fn, runs, 1);
  const u = process.cpuUsage(u0);
  return { ms, cpuMs: Math.round((u.user + u.system) / 1000 / (runs + 1)) };
}

const bench: Bench = async (record) => {
  const input = fairnessInput(100_000);
  const fair = await timed(() => computeFairness(input, { resamples: 1000, seed: 7 }));
  record({ name: 'fairness metrics: 1,000 bootstrap resamples, 100,000 rows, 4 groups', ms: fair.ms, targetMs: 1000, extra: { cpuMs: fair.cpuMs } });

  const X = blobs(20_000, 6, 4);
  const km = await timed(() => kmeans(X, 20_000, 6, { k: 4, nInit: 10, rng: createRng(5) }));
  record({
    name: 'k-means: k = 4, n_init 10, 20,000 × 6',
    ms: km.ms,
    targetMs: 300,
    notes: 'scikit-learn on the reference machine: 270 ms',
    extra: { cpuMs: km.cpuMs },
  });

  const pool = createNodePool({ size: 1 });
  try {
    await pool.ready();
    const table = debiasTable(20_000, 10);
    const features = Array.from({ length: 10 }, (_, j) => `x${j}`);
    const step = (epochs: number): PlanStep => ({
      nodeId: 'adversarial',
      type: 'adversarial-debiasing',
      version: 1,
      params: {
        target: 'promoted',
        positive: '1',
        features,
        threshold: 0.5,
        protected: 'group',
        privileged: 'B',
        adversaryWeight: 0.1,
        epochs,
        batchSize: 128,
        hiddenUnits: 200,
        learningRate: 0.001,
        debias: true,
        backend: 'auto',
      },
      inputs: { train: { node: 'source', port: 'table' } },
      outputs: { model: 'model', predictions: 'predictions' },
      cacheKey: `adversarial-bench-${epochs}`,
      capabilities: {},
    });
    const logs: string[] = [];
    const run = async (epochs: number) => {
      const o = await pool.runStep({ step: step(epochs), inputs: { train: table }, pipelineSeed: 1, onLog: (m) => logs.push(m) });
      if (!o.ok) throw new Error(o.failure.message);
    };
    await run(1); // loads TF.js and its wasm module in the worker
    const t0 = performance.now();
    await run(50);
    const ms = performance.now() - t0;
    const backend = logs.find((l) => l.startsWith('TF.js backend'))?.replace(/^TF\.js backend: |\.$/g, '') ?? 'unknown';
    record({
      name: 'adversarial debiasing: 50 epochs, 20,000 × 10, batch 128, 200 hidden, in a worker',
      ms,
      targetMs: 20_000,
      notes: `TF.js backend ${backend}; one measured run`,
    });
  } finally {
    await pool.close();
  }
};

export default bench;
