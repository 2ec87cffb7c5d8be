/**
 * Runtime benchmarks: moving a 1,000,000-row table (5 numeric + 1 category columns) between a worker
 * and the main thread, and the per-step overhead of a trivial node (pool alone and through the runner).
 */
import { builtinNodes } from '../nodes/index.ts';
import type { PipelineDocument } from '../src/core/document.ts';
import type { PlanStep } from '../src/core/plan.ts';
import { createRegistry } from '../src/core/registry.ts';
import type { Table } from '../src/core/table/table.ts';
import { createNodePool } from '../src/runtime/node/node-pool.ts';
import { createRunner } from '../src/runtime/runner.ts';
import { nodes as testNodes } from '../src/runtime/testing/test-nodes.ts';
import { timeIt, type Bench } from './harness.ts';

const TEST_NODES = new URL('../src/runtime/testing/test-nodes.ts', import.meta.url).href;
const ROWS = 1_000_000;
const now = () => performance.timeOrigin + performance.now();

function step(nodeId: string, type: string, params: Record<string, unknown>, inputs: PlanStep['inputs'], outputs: PlanStep['outputs']): PlanStep {
  return { nodeId, type, version: 1, params, inputs, outputs, cacheKey: `${nodeId}-bench`, capabilities: {} };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function chain(n: number): PipelineDocument {
  const nodes = Array.from({ length: n }, (_, i) => ({
    id: `n${i}`,
    type: i === 0 ? 'test-source' : 'test-add',
    version: 1,
    params: i === 0 ? { rows: 10 } : { add: 1 },
    position: { x: i * 10, y: 0 },
  }));
  const edges = nodes.slice(1).map((node, i) => ({ from: { node: `n${i}`, port: 'table' }, to: { node: node.id, port: 'table' } }));
  return { schemaVersion: 1, metadata: { name: 'bench chain' }, nodes, edges };
}

const bench: Bench = async (record) => {
  const pool = createNodePool({ size: 2, extraNodeModules: [TEST_NODES] });
  try {
    await pool.ready();
    const big = step('big', 'test-big-table', { rows: ROWS, numeric: 5 }, {}, { table: 'table', timing: 'report' });

    // Worker → main: from the node's return (before packing) to the unpacked table on the host.
    const toMain: number[] = [];
    let table: Table | undefined;
    for (let i = 0; i < 6; i++) {
      const o = await pool.runStep({ step: big, inputs: {}, pipelineSeed: 1 });
      const receivedAt = now();
      if (!o.ok) throw new Error(o.failure.message);
      table = o.outputs.table as Table;
      if (table.nRows !== ROWS || table.columns.length !== 6) throw new Error('Wrong table received.');
      if (i > 0) toMain.push(receivedAt - (o.outputs.timing as { data: { sentAt: number } }).data.sentAt);
    }
    const mb = (ROWS * (5 * 8 + 4)) / 1e6;
    record({
      name: 'runtime: move 1M-row table (5 numeric + 1 category) worker → main',
      ms: median(toMain),
      targetMs: 50,
      notes: `${mb.toFixed(0)} MB of typed arrays, transferred (no copy); pack + postMessage + unpack`,
    });

    // Main → worker: the host keeps its table, so the worker gets a copy (structured clone of the buffers).
    const info = step('info', 'test-table-info', {}, { table: { node: 'big', port: 'table' } }, { timing: 'report' });
    const toWorker: number[] = [];
    for (let i = 0; i < 6; i++) {
      const sentAt = now();
      const o = await pool.runStep({ step: info, inputs: { table }, pipelineSeed: 1 });
      if (!o.ok) throw new Error(o.failure.message);
      if (i > 0) toWorker.push((o.outputs.timing as { data: { receivedAt: number } }).data.receivedAt - sentAt);
    }
    record({
      name: 'runtime: send 1M-row table main → worker (copy)',
      ms: median(toWorker),
      notes: 'copied because the host cache keeps its own',
    });

    // Per-step overhead of a trivial node, pool only.
    const trivial = step('s', 'test-source', { rows: 1 }, {}, { table: 'table' });
    const poolMs = await timeIt(() => pool.runStep({ step: trivial, inputs: {}, pipelineSeed: 1 }), 50, 10);
    record({ name: 'runtime: trivial step on the pool (round trip)', ms: poolMs });

    // Through the runner: compile + schedule + run, cache cleared each time, a 20-node chain.
    const registry = createRegistry([...builtinNodes, ...testNodes]);
    const runner = createRunner({ registry, pool });
    const doc = chain(20);
    const chainMs = await timeIt(
      async () => {
        runner.clearCache();
        const r = await runner.run(doc).done;
        if (r.status !== 'ok') throw new Error(`chain run: ${r.status}`);
      },
      10,
      2,
    );
    record({
      name: 'runtime: per-step overhead through the runner (20-node chain / 20)',
      ms: chainMs / 20,
      extra: { chainMs: Number(chainMs.toFixed(1)) },
    });
  } finally {
    await pool.close();
  }
};

export default bench;
