/**
 * What a run holds in memory: with `keepOutput` (the CLI), intermediate outputs are summarised as they
 * arrive and dropped once consumed; a parallel job's shared data lives in shared memory, one copy for
 * every thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metrics } from '../core/ports.ts';
import type { NumericColumn, Table } from '../core/table/table.ts';
import { createNodePool } from './node/node-pool.ts';
import type { WorkerPool } from './pool.ts';
import { createRunner } from './runner.ts';
import { doc, edge, node, nodes as testNodes } from './testing/test-nodes.ts';
import { compile } from '../core/compiler.ts';
import { createRegistry } from '../core/registry.ts';
import { builtinNodes } from '../../nodes/index.ts';

const TEST_NODES = new URL('./testing/test-nodes.ts', import.meta.url).href;
const registry = createRegistry([...builtinNodes, ...testNodes]);

let pool: WorkerPool;
beforeAll(async () => {
  pool = createNodePool({ size: 2, extraNodeModules: [TEST_NODES] });
  await pool.ready();
});
afterAll(() => pool.close());

const xs = (t: unknown) => Array.from(((t as Table).columns.find((c) => c.name === 'x') as NumericColumn).values);

describe('keepOutput: a headless run holds only what it keeps', () => {
  // src → a → b, and src → c: every intermediate table has readers; b's and c's have none.
  const pipeline = doc(
    [node('src', 'test-source', { rows: 5 }), node('a', 'test-add', { add: 1 }), node('b', 'test-add', { add: 10 }), node('c', 'test-add', { add: 100 })],
    [edge('src.table', 'a.table'), edge('a.table', 'b.table'), edge('src.table', 'c.table')],
  );

  it('gives every output to onOutputs, keeps only the chosen ones and frees the cache of this run', async () => {
    const runner = createRunner({ registry, pool });
    const seen: Record<string, string[]> = {};
    const tables: Record<string, number[]> = {};
    const result = await runner.run(pipeline, {
      onOutputs: (id, outputs) => {
        seen[id] = Object.keys(outputs).sort();
        tables[id] = xs(outputs.table);
      },
      keepOutput: (id, port) => id === 'b' && port === 'table',
    }).done;
    expect(result.status).toBe('ok');
    expect(seen).toEqual({ src: ['table'], a: ['table', 'timing'], b: ['table', 'timing'], c: ['table', 'timing'] });
    expect(tables).toEqual({ src: [0, 1, 2, 3, 4], a: [1, 2, 3, 4, 5], b: [11, 12, 13, 14, 15], c: [100, 101, 102, 103, 104] });
    // Only b.table is left; every other output was dropped once its readers had it.
    expect(Object.fromEntries(Object.entries(result.outputs).map(([id, o]) => [id, Object.keys(o)]))).toEqual({ src: [], a: [], b: ['table'], c: [] });
    expect(xs(result.outputs.b.table)).toEqual([11, 12, 13, 14, 15]);
    expect(runner.cacheSize()).toBe(0);
  });

  it('keeps everything, and caches it, without keepOutput (the designer)', async () => {
    const runner = createRunner({ registry, pool });
    const result = await runner.run(pipeline).done;
    expect(Object.keys(result.outputs.src)).toEqual(['table']);
    expect(xs(result.outputs.a.table)).toEqual([1, 2, 3, 4, 5]);
    expect(runner.cacheSize()).toBe(4);
  });

  it('the pool lets go of a step inputs once it has packed them', async () => {
    const plan = compile(doc([node('src', 'test-source'), node('a', 'test-add', { add: 1 })], [edge('src.table', 'a.table')]), registry).plan;
    const step = plan!.steps.find((s) => s.nodeId === 'a')!;
    const table: Table = { nRows: 2, columns: [{ name: 'x', type: 'number', values: new Float64Array([1, 2]) }] };
    const job = { step, inputs: { table } as Record<string, unknown>, pipelineSeed: 1 };
    const outcome = await pool.runStep(job);
    expect(outcome.ok && xs(outcome.outputs.table)).toEqual([2, 3]);
    expect(job.inputs).toEqual({});
  });
});

describe('parallel jobs share their data', () => {
  it('hands the shared data to every worker in shared memory, with the same sums', async () => {
    const runner = createRunner({ registry, pool });
    const result = await runner.run(doc([node('p', 'test-parallel', { n: 20_000, chunks: 8 })], [])).done;
    expect(result.status).toBe('ok');
    const values = (result.outputs.p.metrics as Metrics).values as Record<string, number>;
    expect(values.sharedTotal).toBe((20_000 * 19_999) / 2);
    expect(values.sharedMemory).toBe(1);
    expect(values.stillHere).toBe(19_999);
  });
});
