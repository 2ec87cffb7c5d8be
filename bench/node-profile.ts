/**
 * Per-node time and memory of a template (issue 17): runs the pipeline in this thread, node after node in
 * plan order (no worker pool, no copies between threads), and measures each node's `run`:
 * - wall and CPU time (process CPU: this thread, plus the RSS sampler's few microseconds);
 * - rows in (each table input) and rows out (each table output);
 * - MB allocated: JavaScript heap + ArrayBuffer memory after the node minus before it, with a full garbage
 *   collection before it and none forced during it (what the node created and had not yet been collected:
 *   its outputs and any garbage the young generation did not sweep; negative when a collection during
 *   the node freed more of what came before than the node kept);
 * - peak MB: the highest resident set size seen while the node ran, above the level when it started,
 *   sampled every 2 ms by a worker thread (a node's synchronous loop cannot sample itself).
 * Steps in the CLI also pay for packing tables to and from workers, which this does not include: the
 * attrition/resume benches print the CLI's own per-node times beside these.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { builtinNodes } from '../nodes/index.ts';
import { compile } from '../src/core/compiler.ts';
import type { PipelineDocument } from '../src/core/document.ts';
import { withDefaults } from '../src/core/params.ts';
import { createRegistry } from '../src/core/registry.ts';
import type { Table } from '../src/core/table/table.ts';
import { installScorers } from '../src/ml/models/scorers.ts';
import { createNodeContext } from '../src/runtime/node-context.ts';
import { createFsDatasetProvider } from '../src/runtime/node/fs-dataset-provider.ts';

export interface NodeProfile {
  nodeId: string;
  type: string;
  rowsIn: number[];
  rowsOut: number[];
  ms: number;
  cpuMs: number;
  allocatedMb: number;
  peakMb: number;
}

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** A worker that keeps the highest RSS (KiB) seen since the last reset in shared memory. */
function startRssSampler(): { reset(): number; peakKb(): number; stop(): Promise<number> } {
  const shared = new Int32Array(new SharedArrayBuffer(8));
  const source = `
    const { workerData } = require('node:worker_threads');
    const a = new Int32Array(workerData);
    setInterval(() => {
      if (Atomics.load(a, 1) === 1) process.exit(0);
      const kb = Math.round(process.memoryUsage.rss() / 1024);
      if (kb > Atomics.load(a, 0)) Atomics.store(a, 0, kb);
    }, 2);`;
  const worker = new Worker(source, { eval: true, workerData: shared.buffer });
  return {
    reset() {
      const kb = Math.round(process.memoryUsage.rss() / 1024);
      Atomics.store(shared, 0, kb);
      return kb;
    },
    peakKb: () => Math.max(Atomics.load(shared, 0), Math.round(process.memoryUsage.rss() / 1024)),
    stop: () => {
      Atomics.store(shared, 1, 1);
      return new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

const liveBytes = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && 'nRows' in v && 'columns' in v && Array.isArray((v as Table).columns);

/**
 * Runs `pipelineFile` on the CSV files in `dataDir`, every node, and profiles each; nodes of `skipTypes`
 * (e.g. the models, when only the preparation is of interest) and those downstream of them are left out.
 */
/** A pipeline file compiled with the built-in nodes, its datasets read from `dataDir` (then the file's folder). */
export function compileBenchPipeline(pipelineFile: string, dataDir: string) {
  const doc = JSON.parse(readFileSync(pipelineFile, 'utf8')) as PipelineDocument;
  const registry = createRegistry(builtinNodes);
  installScorers(registry.scorers());
  const datasets = createFsDatasetProvider([dataDir, path.dirname(pipelineFile)]);
  const compiled = compile(doc, registry, {});
  if (!compiled.plan) throw new Error(`${pipelineFile} does not compile: ${compiled.problems.map((p) => p.message).join('; ')}`);
  return { doc, registry, datasets, plan: compiled.plan };
}

export async function profilePipeline(pipelineFile: string, dataDir: string, skipTypes: string[] = []): Promise<NodeProfile[]> {
  const { doc, registry, datasets, plan } = compileBenchPipeline(pipelineFile, dataDir);
  const sampler = startRssSampler();
  const outputs: Record<string, Record<string, unknown>> = {};
  const readers = new Map<string, number>();
  for (const s of plan.steps) for (const ref of Object.values(s.inputs)) readers.set(ref.node, (readers.get(ref.node) ?? 0) + 1);
  const profiles: NodeProfile[] = [];
  try {
    const skipped = new Set<string>();
    for (const step of plan.steps) {
      if (skipTypes.includes(step.type) || Object.values(step.inputs).some((ref) => skipped.has(ref.node))) {
        skipped.add(step.nodeId);
        continue;
      }
      const def = registry.get(step.type)!;
      const node = doc.nodes.find((n) => n.id === step.nodeId)!;
      const inputs: Record<string, unknown> = {};
      for (const [port, ref] of Object.entries(step.inputs)) inputs[port] = outputs[ref.node]?.[ref.port];
      for (const port of Object.keys(def.inputs)) if (!(port in inputs)) inputs[port] = undefined;
      const ctx = createNodeContext({ nodeId: step.nodeId, pipelineSeed: plan.seed, readDataset: (ref) => datasets.read(ref), kernels: registry.kernel });
      const params = withDefaults(def.params, node.params ?? {});
      gc();
      const before = liveBytes();
      const rssKb = sampler.reset();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const out = (await def.run({ inputs, params, ctx })) as Record<string, unknown>;
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      const allocated = liveBytes() - before;
      const peakKb = sampler.peakKb();
      outputs[step.nodeId] = out;
      profiles.push({
        nodeId: step.nodeId,
        type: step.type,
        rowsIn: Object.values(inputs).filter(isTable).map((t) => t.nRows),
        rowsOut: Object.values(out).filter(isTable).map((t) => t.nRows),
        ms,
        cpuMs: (cpu.user + cpu.system) / 1000,
        allocatedMb: allocated / 2 ** 20,
        peakMb: Math.max(0, peakKb - rssKb) / 1024,
      });
      // Inputs nobody else reads are dropped, as the CLI does.
      for (const ref of Object.values(step.inputs)) {
        const left = (readers.get(ref.node) ?? 1) - 1;
        readers.set(ref.node, left);
        if (left === 0) delete outputs[ref.node];
      }
      if (!readers.get(step.nodeId)) delete outputs[step.nodeId];
    }
  } finally {
    await sampler.stop();
  }
  return profiles;
}

/** The profile as a Markdown table; `cliMs` adds the CLI's own time of each node (worker side, with packing). */
export function profileTable(profiles: NodeProfile[], cliMs?: Record<string, number>): string {
  const rows = (xs: number[]) => (xs.length === 0 ? '—' : xs.map((x) => x.toLocaleString('en-US')).join(' + '));
  const lines = [
    `| node | type | rows in | rows out | ms | CPU ms | MB allocated | peak MB |${cliMs ? ' CLI ms |' : ''}`,
    `|---|---|---:|---:|---:|---:|---:|---:|${cliMs ? '---:|' : ''}`,
  ];
  for (const p of profiles) {
    lines.push(
      `| ${p.nodeId} | ${p.type} | ${rows(p.rowsIn)} | ${rows(p.rowsOut)} | ${p.ms.toFixed(0)} | ${p.cpuMs.toFixed(0)} | ${p.allocatedMb.toFixed(1)} | ${p.peakMb.toFixed(1)} |${cliMs ? ` ${cliMs[p.nodeId] === undefined ? '?' : cliMs[p.nodeId].toFixed(0)} |` : ''}`,
    );
  }
  return lines.join('\n');
}
