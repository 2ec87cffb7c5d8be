/**
 * The three performance targets of the attrition issue:
 * 1. gradient boosting, 200 trees of depth 6 on 55,000 × 11 (the WNS promotion data from ../shared/data
 *    when present, otherwise generated data of the same shape) on one thread with the WebAssembly SIMD
 *    kernels, and with the JavaScript fallback kernels for context. The target is 1.5 ×
 *    scikit-learn's HistGradientBoosting, which it puts at 0.3–0.4 s: 1.5 × 0.35 s = 525 ms. The
 *    fixture's sklearn time with one OpenMP thread (scripts/fixtures/gradient-boosting.py) is recorded
 *    for context. Wall and process CPU time are both recorded: on a shared machine, wall time is
 *    inflated by other processes;
 * 2. TreeSHAP for 1,000 rows × 200 trees of depth 6 (one thread; the Explain node also splits rows
 *    across workers);
 * 3. the whole attrition template through the CLI on 20,000 employees × 2 years of history.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench } from './harness.ts';
import { timeIt } from './harness.ts';
import fixture from '../src/ml/boosting/gradient-boosting.fixture.json' with { type: 'json' };
import { fitGradientBoosting, type GradientBoostingState } from '../src/ml/boosting/gradient-boosting.ts';
import { loadWnsMatrix, syntheticData, takeMatrixRows } from '../src/ml/boosting/reference-data.ts';
import { denseRows, treeShap } from '../src/ml/explain/tree-shap.ts';
import { hasSharedData, sharedDataPath } from '../src/testing/shared-data.ts';
import { generateAttrition } from '../src/samples/attrition.ts';
import { tableToCsv } from '../src/io/csv-export.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WNS = 'hr_promotion_train_LZdllcl.csv';

const bench: Bench = async (record) => {
  // 1. Gradient boosting.
  let X: Float64Array;
  let y: Uint8Array;
  let n: number;
  let d: number;
  let dataNote: string;
  if (hasSharedData(WNS)) {
    const w = loadWnsMatrix(sharedDataPath(WNS));
    ({ X, y, n, d } = w);
    dataNote = 'WNS promotion data, 54,808 × 11 (with missing values)';
  } else {
    process.stderr.write(`  ${WNS} is not in ${path.dirname(sharedDataPath(WNS))}: using generated 55,000 × 11 data instead.\n`);
    n = 55_000;
    d = 11;
    const s = syntheticData(n, d);
    X = s.X;
    y = s.y;
    dataNote = 'generated 55,000 × 11';
  }
  const m = takeMatrixRows(X, d, Array.from({ length: n }, (_, i) => i));
  const fitOptions = { seed: 1, maxIter: 200, maxDepth: 6, learningRate: 0.1 };
  let state: GradientBoostingState | undefined;
  const timeFit = async (javascriptKernels: boolean) => {
    let cpuMs = 0;
    const ms = await timeIt(async () => {
      const c0 = process.cpuUsage();
      state = await fitGradientBoosting(m, y, { ...fitOptions, javascriptKernels });
      const c = process.cpuUsage(c0);
      cpuMs = (c.user + c.system) / 1000;
    }, 7, 1);
    return { ms, cpuMs };
  };
  const js = await timeFit(true);
  const wasm = await timeFit(false);
  const sklearn1ThreadMs = fixture.wns ? fixture.wns.fitSecondsFull * 1000 : undefined;
  record({
    name: 'gradient boosting, 200 trees depth 6 (31 leaves), 55,000 × 11, one thread',
    ms: wasm.ms,
    targetMs: 1.5 * 350,
    notes: `${dataNote}; WebAssembly SIMD kernels; target 1.5 × the issue's sklearn HistGradientBoosting time (0.3–0.4 s, 350 ms taken); sklearn 1.2.1 with 1 OpenMP thread on this machine: ${sklearn1ThreadMs?.toFixed(0) ?? '?'} ms (fixture)`,
    extra: { trees: state!.nTrees, processCpuMsLastRun: Math.round(wasm.cpuMs) },
  });
  record({
    name: 'gradient boosting, same fit, JavaScript fallback kernels (context)',
    ms: js.ms,
    notes: 'where WebAssembly SIMD is unavailable; bit-identical model',
    extra: { processCpuMsLastRun: Math.round(js.cpuMs) },
  });
  // 2. TreeSHAP on that model.
  const rows = 1000;
  const shapMs = await timeIt(() => treeShap(state!, denseRows(m.X, rows, d)), 3, 1);
  record({ name: 'TreeSHAP, 1,000 rows × 200 trees depth 6', ms: shapMs, targetMs: 1000, notes: 'exact path-dependent; per-leaf pattern tables (src/ml/explain/leaf-pattern-shap.ts), one thread' });

  // 3. The template through the CLI.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'crispflow-attrition-'));
  try {
    const tables = generateAttrition({ employees: 20_000, years: 2 });
    for (const [name, t] of Object.entries(tables)) writeFileSync(path.join(dir, `${name}.csv`), tableToCsv(t, { newline: '\n' }));
    const pipeline = path.join(root, 'examples', 'attrition.pipeline.json');
    const out = path.join(dir, 'out');
    const cliMs = await timeIt(() => {
      execFileSync(process.execPath, [path.join(root, 'bin', 'crispflow.mjs'), 'run', pipeline, '--data', dir, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    }, 1, 0);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    const cv = summary.nodes?.cv?.outputs?.metrics ?? {};
    record({
      name: 'attrition template via CLI, 20,000 employees × 2 years',
      ms: cliMs,
      targetMs: 15_000,
      notes: 'node bin/crispflow.mjs run examples/attrition.pipeline.json (CSV parse → joins → CV → train → SHAP → export)',
      extra: { panelRows: summary.nodes?.panel?.outputs?.table?.rows ?? '?', cvAuc: typeof cv.auc === 'number' ? cv.auc.toFixed(3) : '?', status: summary.status },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
export default bench;
