/**
 * Monitoring benchmark (issue 15): drift-report plus fairness-over-time on 1,000,000 rows × 20 features
 * over 8 quarters, in a worker (target ≤ 2 s together).
 *
 * The monitored table has 1,000,000 decisions (20 numeric/categorical features, a score, predicted,
 * actual, a protected group and a decision date over 8 quarters, with a shift injected into 3 features
 * and the selection of one group from the 6th quarter). drift-report compares it with a reference of
 * 125,000 rows (the training-time sample) per feature, for the score and per quarter (heat map);
 * fairness-over-time follows DI / SPD / EOD per quarter with the node's default 200 bootstrap resamples.
 * Both steps run on a pool of one worker, the tables copied in (as the runtime does).
 * CPU time is the whole process's (all threads): on a shared, loaded machine wall time mostly measures
 * waiting for a core.
 */
import os from 'node:os';
import type { PlanStep } from '../src/core/plan.ts';
import { createRng } from '../src/core/rng.ts';
import type { Column, Table } from '../src/core/table/table.ts';
import { createNodePool } from '../src/runtime/node/node-pool.ts';
import type { Bench } from './harness.ts';

const FEATURES = 20;
const PERIODS = 8;

function monitoringTable(n: number, seed: number, drifting: boolean): Table {
  const rng = createRng(seed);
  const features = Array.from({ length: FEATURES }, () => new Float64Array(n));
  const dept = new Int32Array(n);
  const group = new Int32Array(n);
  const score = new Float64Array(n);
  const predicted = new Float64Array(n);
  const actual = new Float64Array(n);
  const date = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const q = Math.floor((i / n) * PERIODS);
    const late = drifting && q >= 5;
    group[i] = rng.next() < 0.45 ? 1 : 0;
    dept[i] = rng.int(6);
    let s = 0;
    for (let j = 0; j < FEATURES - 1; j++) {
      // Integer-valued (tenure-like) and continuous features; three shift in the late quarters.
      const v = j % 4 === 0 ? Math.floor(rng.next() * 30) : 50 + 10 * rng.normal() + (late && j < 3 ? 4 : 0);
      features[j][i] = v;
      if (j < 5) s += (v - 50) / 50;
    }
    actual[i] = rng.next() < 0.35 ? 1 : 0;
    score[i] = 1 / (1 + Math.exp(-(s + actual[i] - 0.6 - (late && group[i] === 1 ? 0.5 : 0) + 0.5 * rng.normal())));
    predicted[i] = score[i] >= 0.5 ? 1 : 0;
    date[i] = Date.UTC(2025, 3 * q, 1) + Math.floor(rng.next() * 88) * 86_400_000;
  }
  const columns: Column[] = [
    ...features.slice(0, FEATURES - 1).map((values, j): Column => ({ name: `f${j}`, type: j % 4 === 0 ? 'integer' : 'number', values })),
    { name: 'department', type: 'category', categories: ['Sales', 'R&D', 'HR', 'Finance', 'Ops', 'Legal'], codes: dept },
    { name: 'group', type: 'category', role: 'protected', categories: ['A', 'B'], codes: group },
    { name: 'decision_date', type: 'date', role: 'time', values: date },
    { name: 'score', type: 'number', role: 'score', values: score },
    { name: 'predicted', type: 'integer', role: 'prediction', values: predicted },
    { name: 'actual', type: 'integer', role: 'target', values: actual },
  ];
  return { nRows: n, columns };
}

function step(nodeId: string, type: string, params: Record<string, unknown>, inputs: Record<string, { node: string; port: string }>): PlanStep {
  return { nodeId, type, version: 1, params, inputs, outputs: { report: 'report' }, cacheKey: `${nodeId}-bench`, capabilities: {} };
}

const bench: Bench = async (record) => {
  const current = monitoringTable(1_000_000, 1, true);
  const reference = monitoringTable(125_000, 2, false);
  const features = [...Array.from({ length: FEATURES - 1 }, (_, j) => `f${j}`), 'department'];
  const drift = step(
    'drift',
    'drift-report',
    {
      features,
      score: 'score',
      period: 'decision_date',
      granularity: 'quarter',
      bins: 10,
      psiModerate: 0.1,
      psiMajor: 0.25,
      ksAlpha: 0.05,
      ksMinStatistic: 0.1,
      jsThreshold: 0.1,
      minPeriodRows: 50,
    },
    { reference: { node: 'ref', port: 'table' }, current: { node: 'cur', port: 'table' } },
  );
  const fairness = step(
    'fairness',
    'fairness-over-time',
    {
      mode: 'predictions',
      period: 'decision_date',
      granularity: 'quarter',
      protected: ['group'],
      privileged: 'A',
      label: '',
      favorable: '1',
      resamples: 200,
      confidence: 0.95,
      minPeriodRows: 100,
      minGroupRows: 20,
      trendAlpha: 0.05,
    },
    { data: { node: 'cur', port: 'table' } },
  );
  const pool = createNodePool({ size: 1 });
  try {
    await pool.ready();
    const once = async () => {
      const t0 = performance.now();
      const a = await pool.runStep({ step: drift, inputs: { reference, current }, pipelineSeed: 1 });
      const t1 = performance.now();
      const b = await pool.runStep({ step: fairness, inputs: { data: current }, pipelineSeed: 1 });
      const t2 = performance.now();
      if (!a.ok) throw new Error(a.failure.message);
      if (!b.ok) throw new Error(b.failure.message);
      return { drift: t1 - t0, fairness: t2 - t1, outputs: [a, b] };
    };
    await once(); // warm-up: module loading and JIT in the worker
    const runs: Array<{ total: number; drift: number; fairness: number; cpu: number }> = [];
    for (let r = 0; r < 3; r++) {
      const u0 = process.cpuUsage();
      const t = await once();
      const u = process.cpuUsage(u0);
      runs.push({ total: t.drift + t.fairness, drift: t.drift, fairness: t.fairness, cpu: (u.user + u.system) / 1000 });
    }
    runs.sort((x, y) => x.total - y.total);
    const median = runs[1];
    const load = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
    record({
      name: 'monitoring: drift-report (20 features + score, 8 quarters, vs 125,000-row reference) + fairness-over-time (8 quarters, 200 resamples), 1,000,000 rows, in a worker',
      ms: median.total,
      targetMs: 2000,
      notes: `drift ${median.drift.toFixed(0)} ms + fairness ${median.fairness.toFixed(0)} ms wall; includes copying the tables into the worker; load average ${load}`,
      extra: { cpuMs: Math.round(median.cpu), runsMs: runs.map((r) => r.total.toFixed(0)).join('/') },
    });
  } finally {
    await pool.close();
  }
};

export default bench;
