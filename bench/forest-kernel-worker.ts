/**
 * Worker side of bench/forest-kernel.bench.ts: loads the tree kernel (workerData.kernel, a module path),
 * waits for the start signal so both workers begin together, grows its seeds in tasks of `perTask`
 * trees (as the CLI's forest node sends them) and reports its own CPU and wall time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { threadCpuMs } from './thread-cpu.ts';
import type { ForestData, GrowTreesResult, GrowTreesTask } from '../src/ml/forest/grow-trees.ts';

interface Input {
  kernel: string;
  data: ForestData;
  seeds: number[];
  perTask: number;
  start: Int32Array;
}

const input = workerData as Input;
const mod = (await import(input.kernel)) as { growTrees: (t: GrowTreesTask, d: ForestData) => GrowTreesResult };
// The CLI's workers start cold too, so the first task (and its column layout) is timed as well.
Atomics.wait(input.start, 0, 0);
const c0 = threadCpuMs();
const t0 = performance.now();
const results: GrowTreesResult[] = [];
for (let a = 0; a < input.seeds.length; a += input.perTask) results.push(mod.growTrees({ seeds: input.seeds.slice(a, a + input.perTask) }, input.data));
parentPort!.postMessage({ cpuMs: threadCpuMs() - c0, wallMs: performance.now() - t0, trees: results.flatMap((r) => r.trees), leafValues: results.map((r) => r.leafValues) });
