/**
 * Resume screening (issue 4) on the 10,000-row resumes sample:
 * TF-IDF (1–2-grams, min_df 2, sublinear tf) + logistic regression fit ≤ 0.5 s; random forest of 100
 * trees ≤ 2.4 s (through the worker pool, 2 workers, as the CLI runs it); the whole template through
 * the CLI ≤ 5 s. scikit-learn 1.2.1 on the issue's machine: TF-IDF 0.38 s, LogisticRegression 0.10 s,
 * RandomForest(100, n_jobs=2) 2.4 s; our own measurement on this data is in
 * src/ml/text/fixtures/resume-reference.json (seconds.*).
 *
 * Besides wall time (median), each row reports CPU time, because on a shared machine wall time mostly
 * measures the neighbours: `cpuMs` for single-threaded work, and for the pool and the CLI the CPU of
 * every thread (read from /proc on Linux): the busiest worker thread bounds the quiet-machine wall time
 * from below, and all threads' CPU / 2 bounds it on 2 cores.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench } from './harness.ts';
import { timeIt } from './harness.ts';
import { generateResumes } from '../src/samples/resumes.ts';
import { fitTfidf } from '../src/ml/text/tfidf.ts';
import { anonymizeTexts } from '../src/ml/text/anonymize.ts';
import { fitLogisticRegression } from '../src/ml/linear/logistic-regression.ts';
import { fitRandomForest } from '../src/ml/forest/random-forest.ts';
import type { CsrMatrix, FeatureMatrix } from '../src/ml/features/featurizer.ts';
import type { Table } from '../src/core/table/table.ts';
import type { PlanStep } from '../src/core/plan.ts';
import { createNodePool } from '../src/runtime/node/node-pool.ts';
import reference from '../src/ml/text/fixtures/resume-reference.json' with { type: 'json' };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TFIDF = { ngramRange: [1, 2] as [number, number], minDf: 2, sublinearTf: true };
const asFeatures = (m: CsrMatrix): FeatureMatrix => ({ n: m.nRows, d: 0, X: new Float64Array(0), sparse: m, names: [] });
const sk = reference.seconds;

/** CPU ms (user + system) of this process, all threads. */
function processCpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/** CPU ms per thread of a process, from /proc (empty where there is no /proc). */
function threadCpuMs(pid: number | 'self'): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime in clock ticks (USER_HZ = 100 on Linux)
      out.set(tid, (Number(f[11]) + Number(f[12])) * 10);
    }
  } catch {
    // not Linux, or the process has exited
  }
  return out;
}

/** Per-thread CPU spent between two snapshots, largest first. */
function threadDeltas(before: Map<string, number>, after: Map<string, number>): number[] {
  return [...after].map(([tid, ms]) => ms - (before.get(tid) ?? 0)).filter((ms) => ms > 0).sort((a, b) => b - a);
}

/** Median of `runs` measurements of CPU ms and wall ms. */
async function cpuAndWall(fn: () => unknown, runs: number, warmup: number): Promise<{ cpu: number; wall: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = processCpuMs();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    cpu.push(processCpuMs() - c0);
  }
  const med = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
  return { cpu: med(cpu), wall: med(wall) };
}

/** Runs the CLI on the template, sampling its threads' CPU every 20 ms. */
function runCli(out: string): Promise<{ wall: number; threads: number[] }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [path.join(root, 'bin/crispflow.mjs'), 'run', path.join(root, 'examples/resume-screening.pipeline.json'), '--out', out], {
      stdio: 'ignore',
    });
    const last = new Map<string, number>();
    const timer = setInterval(() => {
      for (const [tid, ms] of threadCpuMs(child.pid!)) last.set(tid, Math.max(ms, last.get(tid) ?? 0));
    }, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`The CLI exited with code ${code}.`));
      else resolve({ wall: performance.now() - t0, threads: [...last.values()].filter((ms) => ms > 0).sort((a, b) => b - a) });
    });
  });
}

const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);

const bench: Bench = async (record) => {
  const r = generateResumes();
  const docs = r.resume_text;
  const y = Uint8Array.from(r.label, (l) => (l === 'Interview' ? 1 : 0));

  let lrIterations = 0;
  const tfidf = await cpuAndWall(() => fitTfidf(docs, TFIDF), 5, 2);
  const { vectorizer, matrix } = fitTfidf(docs, TFIDF);
  const lr = await cpuAndWall(async () => {
    lrIterations = (await fitLogisticRegression(asFeatures(matrix), y, { C: 1 })).iterations;
  }, 5, 1);
  const both = await cpuAndWall(async () => {
    const { matrix: m } = fitTfidf(docs, TFIDF);
    await fitLogisticRegression(asFeatures(m), y, { C: 1 });
  }, 5, 1);
  record({
    name: 'resume: TF-IDF (1–2-grams) + logistic regression fit, 10,000 resumes',
    ms: both.wall,
    targetMs: 500,
    notes:
      `CPU ${both.cpu.toFixed(0)} ms (TF-IDF ${tfidf.cpu.toFixed(0)} ms CPU / ${tfidf.wall.toFixed(0)} ms wall, LR ${lr.cpu.toFixed(0)} ms CPU / ${lr.wall.toFixed(0)} ms wall); ` +
      `${vectorizer.vocabulary.length} terms, ${matrix.indptr[matrix.nRows]} non-zeros; LR ${lrIterations} L-BFGS iterations`,
    extra: { cpuMs: Math.round(both.cpu), sklearnIssueS: '0.38+0.10', sklearnHereS: `${sk.tfidfFitTransform.toFixed(2)}+${sk.logisticFit.toFixed(2)} (8,000 rows, loaded machine)` },
  });

  const anon = await cpuAndWall(() => anonymizeTexts(docs, { mode: 'remove', categories: {} }), 3, 1);
  record({ name: 'resume: anonymise 10,000 resumes (all categories, remove)', ms: anon.wall, extra: { cpuMs: Math.round(anon.cpu) } });

  const forest = { nTrees: 100, maxDepth: 0, maxFeatures: 'sqrt' as const, minSamplesLeaf: 1, bootstrap: true, seed: 0 };
  let nodes = 0;
  const oneThread = await cpuAndWall(async () => {
    nodes = (await fitRandomForest(asFeatures(matrix), y, forest)).feature.length;
  }, 1, 0);
  record({ name: 'resume: random forest, 100 trees, one thread', ms: oneThread.wall, notes: `${nodes} nodes`, extra: { cpuMs: Math.round(oneThread.cpu) } });

  // Through the worker pool, as the CLI runs the node: table (with its sparse block) in, model and predictions out.
  const table: Table = {
    nRows: docs.length,
    columns: [
      { name: 'resume_text', type: 'text', values: docs },
      { name: 'years_experience', type: 'integer', values: r.years_experience },
      { name: 'label', type: 'category', codes: Int32Array.from(y, (v) => (v ? 0 : 1)), categories: ['Interview', 'Reject'] },
    ],
    sparse: { name: 'resume_text', nCols: matrix.nCols, indptr: matrix.indptr, indices: matrix.indices, values: matrix.values, featureNames: vectorizer.vocabulary },
  };
  const step: PlanStep = {
    nodeId: 'train-rf',
    type: 'random-forest',
    version: 1,
    params: { target: 'label', positive: 'Interview', features: ['years_experience'], threshold: 0.5, nTrees: 100, maxDepth: 0, maxFeatures: 'sqrt', featureFraction: 0.3, minSamplesLeaf: 1, bootstrap: true, classWeight: 'none', seed: 0 },
    inputs: { train: { node: 'tfidf', port: 'train' } },
    outputs: { model: 'model', predictions: 'predictions' },
    cacheKey: 'bench',
    capabilities: {},
  };
  const pool = createNodePool({ size: 2 });
  try {
    await pool.ready();
    let busiest = 0;
    let allThreads = 0;
    const pooled = await timeIt(async () => {
      const before = threadCpuMs('self');
      const o = await pool.runStep({ step, inputs: { train: table }, pipelineSeed: 1 });
      if (!o.ok) throw new Error(o.failure.message);
      const d = threadDeltas(before, threadCpuMs('self'));
      busiest = d[0] ?? 0;
      allThreads = sum(d);
    }, 3, 1);
    record({
      name: 'resume: random forest, 100 trees, worker pool of 2',
      ms: pooled,
      targetMs: 2400,
      notes:
        `random-forest node via ctx.parallel (10 tasks of 10 trees, the training data sent to each worker once, the tasks also scoring the rows); includes copying the 10,000-row table to the workers; ` +
        `CPU of the busiest thread ${busiest} ms, of all threads ${allThreads} ms (last run)`,
      extra: { sklearnIssueS: 2.4, sklearnHereS: `${sk.randomForest100Trees2Jobs.toFixed(1)} (8,000 rows, loaded machine)` },
    });
  } finally {
    await pool.close();
  }

  const out = mkdtempSync(path.join(os.tmpdir(), 'crispflow-resume-'));
  try {
    // one warm-up run fills tsx's transpile cache, as any second use of the CLI finds it
    execFileSync(process.execPath, [path.join(root, 'bin/crispflow.mjs'), 'run', path.join(root, 'examples/resume-screening.pipeline.json'), '--out', out], { stdio: 'ignore' });
    const runs = [await runCli(out), await runCli(out), await runCli(out)].sort((a, b) => a.wall - b.wall);
    const median = runs[1];
    record({
      name: 'resume: whole template through the CLI',
      ms: median.wall,
      targetMs: 5000,
      notes:
        `14 nodes incl. a second TF-IDF + LR on raw text for the before/after report; CPU of all threads ${sum(median.threads)} ms, ` +
        `busiest threads ${median.threads.slice(0, 3).join(' / ')} ms; fastest run ${runs[0].wall.toFixed(0)} ms`,
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
};

export default bench;
