/**
 * A template end to end and node by node (issue 17), at 1× and 10× the sample size:
 * 1. the CLI's `run` as a whole process: wall time, CPU time and peak RSS (bench/memory.bench.ts's
 *    measure), against the Python reference's figures (bench/python/reference-figures.json, or measured
 *    now unless CRISPFLOW_BENCH_PYTHON=stored), with the CLI's own time for each node (worker side:
 *    packing its inputs and outputs included, and any wait while the other worker was busy);
 * 2. every node again in this thread (bench/node-profile.ts): rows in and out, wall and CPU ms, MB
 *    allocated and peak MB.
 * The per-node table goes to stdout, ready for BENCHMARKS.md.
 */
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './harness.ts';
import { CASES, dataFor, measure, readFigures } from './memory.bench.ts';
import { profilePipeline, profileTable } from './node-profile.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs the cases `<template>-1x` / `<template>-10x` (or those whose key contains `sizeFilter`). */
export async function benchTemplateNodes(template: 'attrition' | 'resume', sizeFilter: string, record: (r: BenchResult) => void): Promise<void> {
  const cases = CASES.filter((c) => c.key.startsWith(`${template}-`) && c.key.includes(sizeFilter));
  for (const c of cases) {
    const dir = dataFor(c);
    const out = path.join(os.tmpdir(), `crispflow-nodes-${c.key}-${process.pid}`);
    rmSync(out, { recursive: true, force: true });
    const pipeline = path.join(root, 'examples', `${c.pipeline}.pipeline.json`);
    const load = os.loadavg()[0].toFixed(1);
    process.stderr.write(`  ${c.key}: the CLI's run (load average ${load})…\n`);
    const cli = await measure(process.execPath, [path.join(root, 'bin', 'crispflow.mjs'), 'run', pipeline, '--data', dir, '--out', out]);
    if (cli.exitCode !== 0) throw new Error(`crispflow run failed for ${c.key} (exit ${cli.exitCode}):\n${cli.stderr.slice(-3000)}`);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as { nodes: Record<string, { ms: number }> };
    rmSync(out, { recursive: true, force: true });
    const cliMs = Object.fromEntries(Object.entries(summary.nodes).map(([id, n]) => [id, n.ms]));
    const py = readFigures()[c.key];
    const ratio = py ? cli.wallS / py.wallS : undefined;
    record({
      name: `${c.label}: CLI run, whole process`,
      ms: cli.wallS * 1000,
      notes: `peak RSS ${cli.peakRssMb.toFixed(0)} MB; CPU ${cli.cpuS?.toFixed(1) ?? '?'} s; load average ${load} at the start; Python reference ${py ? `${py.wallS} s, ${py.peakRssMb} MB (measured ${py.measured})` : 'not measured'}`,
      extra: { wallS: cli.wallS.toFixed(1), cpuS: cli.cpuS?.toFixed(1) ?? '?', peakRssMb: cli.peakRssMb.toFixed(0), timeVsPython: ratio?.toFixed(2) ?? '?' },
    });
    process.stderr.write(`  ${c.key}: every node in this thread…\n`);
    const profiles = await profilePipeline(pipeline, dir);
    const loadAfter = os.loadavg()[0].toFixed(1);
    console.log(`\n${c.label}, node by node (in this thread; CLI ms from the run above; load average ${load}–${loadAfter}):\n`);
    console.log(profileTable(profiles, cliMs));
  }
}
