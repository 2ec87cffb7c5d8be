/**
 * The random-forest tree kernel (src/ml/forest/grow-trees.ts) alone, on the resume template's real
 * training matrix (bench/forest-kernel-data.ts: 8,000 rows × 7,176 TF-IDF terms, 1.08M non-zeros,
 * mtry 84, fully grown trees, 2,000 rows scored by every tree as the CLI does):
 * - one thread: ms per tree (wall and CPU) over the forest's first 40 trees after 10 warm-up trees;
 * - two worker_threads growing 50 trees each at the same time, in tasks of 10 trees (as the CLI splits
 *   them), cold as the CLI's workers are: ms per tree of each worker's own CPU, and wall.
 * Both print a fingerprint of the trees, so an A/B run shows they are the same.
 *   npm run bench forest-kernel
 *   CRISPFLOW_FOREST_KERNEL=/path/to/other/grow-trees.ts npm run bench forest-kernel   (A/B)
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Bench } from './harness.ts';
import { resumeForestData } from './forest-kernel-data.ts';
import { threadCpuMs } from './thread-cpu.ts';
import type { CodedTree, ForestData, GrowTreesResult, GrowTreesTask } from '../src/ml/forest/grow-trees.ts';

const dir = path.dirname(fileURLToPath(import.meta.url));
const kernelPath = path.resolve(process.env.CRISPFLOW_FOREST_KERNEL ?? path.join(dir, '..', 'src', 'ml', 'forest', 'grow-trees.ts'));
const TREES_PER_TASK = 10;

/** FNV-1a over every tree's arrays (and the leaf values), to compare kernels' output at a glance. */
function fingerprint(trees: CodedTree[], leafValues: (Float64Array | undefined)[]): string {
  let h = 0x811c9dc5;
  const mix = (a: ArrayBufferView) => {
    const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193);
  };
  for (const t of trees) for (const a of [t.feature, t.code, t.left, t.right, t.value, t.cover]) mix(a);
  for (const v of leafValues) if (v) mix(v);
  return (h >>> 0).toString(16).padStart(8, '0');
}

async function oneThread(data: ForestData, seeds: number[]) {
  const { growTrees } = (await import(pathToFileURL(kernelPath).href)) as { growTrees: (t: GrowTreesTask, d: ForestData) => GrowTreesResult };
  const warm = seeds.slice(0, 10);
  const measured = seeds.slice(10, 50);
  const w0 = performance.now();
  growTrees({ seeds: warm }, data);
  const warmMs = performance.now() - w0;
  const c0 = threadCpuMs();
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  const results: GrowTreesResult[] = [];
  for (let a = 0; a < measured.length; a += TREES_PER_TASK) results.push(growTrees({ seeds: measured.slice(a, a + TREES_PER_TASK) }, data));
  const wall = performance.now() - t0;
  const u = process.cpuUsage(u0);
  const cpu = Number.isNaN(c0) ? (u.user + u.system) / 1000 : threadCpuMs() - c0;
  return { wallPerTree: wall / measured.length, cpuPerTree: cpu / measured.length, warmMs, fp: fingerprint(results.flatMap((r) => r.trees), results.map((r) => r.leafValues)) };
}

async function twoWorkers(data: ForestData, seeds: number[]) {
  const start = new Int32Array(new SharedArrayBuffer(4));
  const halves = [seeds.slice(0, 50), seeds.slice(50, 100)];
  // workers do not inherit tsx's loader: the worker loads its TypeScript through tsx's API
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const workerUrl = new URL('./forest-kernel-worker.ts', import.meta.url).href;
  const source = `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(workerUrl)}, ${JSON.stringify(workerUrl)}))`;
  const workers = halves.map(
    (s) => new Worker(source, { eval: true, workerData: { kernel: pathToFileURL(kernelPath).href, data, seeds: s, perTask: TREES_PER_TASK, start } }),
  );
  const done = workers.map((w) => new Promise<{ cpuMs: number; wallMs: number; trees: CodedTree[]; leafValues: Float64Array[] }>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  }));
  // give both workers time to load the kernel, then start them together
  await new Promise((r) => setTimeout(r, 1500));
  Atomics.store(start, 0, 1);
  Atomics.notify(start, 0);
  const out = await Promise.all(done);
  await Promise.all(workers.map((w) => w.terminate()));
  const cpu = out.reduce((s, o) => s + o.cpuMs, 0);
  return {
    cpuPerTree: cpu / seeds.length,
    wallMs: Math.max(...out.map((o) => o.wallMs)),
    fp: fingerprint(out.flatMap((o) => o.trees), out.flatMap((o) => o.leafValues)),
  };
}

const bench: Bench = async (record) => {
  const { data, seeds } = await resumeForestData();
  if (seeds.length < 100) throw new Error(`The captured forest has ${seeds.length} trees; the bench needs 100.`);
  const m = data.matrix;
  const shape = `${m.nRows} × ${m.nFeatures}, ${m.rowptr[m.nRows]} non-zeros, mtry ${data.params.mtry}; kernel ${path.relative(process.cwd(), kernelPath)}`;
  const one = await oneThread(data, seeds);
  record({
    name: 'forest kernel, one thread: ms per tree (resume 1x matrix)',
    ms: one.wallPerTree,
    notes: `${shape}; trees 11–50 after 10 warm-up trees (${one.warmMs.toFixed(0)} ms incl. column layout); trees ${one.fp}`,
    extra: { cpuMsPerTree: one.cpuPerTree.toFixed(2) },
  });
  const two = await twoWorkers(data, seeds.slice(0, 100));
  record({
    name: 'forest kernel, two workers × 50 trees at once: wall ms per tree-pair (resume 1x matrix)',
    ms: two.wallMs / 50,
    notes: `${shape}; cold workers, tasks of ${TREES_PER_TASK} trees; wall ${two.wallMs.toFixed(0)} ms; trees ${two.fp}`,
    extra: { cpuMsPerTree: two.cpuPerTree.toFixed(2) },
  });
};
export default bench;
