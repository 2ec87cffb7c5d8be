import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinNodes } from '../../nodes/index.ts';
import type { PipelineDocument } from '../core/document.ts';
import { createRegistry } from '../core/registry.ts';
import type { NumericColumn, Table, TextColumn } from '../core/table/table.ts';
import { isShared, stillPacked } from '../core/table/transfer.ts';
import { createNodePool } from './node/node-pool.ts';
import type { WorkerPool } from './pool.ts';
import { createRunner } from './runner.ts';
import { nodes as sharedTableNodes } from './testing/shared-table-test-nodes.ts';
import { nodes as testNodes } from './testing/test-nodes.ts';

const MODULES = [new URL('./testing/test-nodes.ts', import.meta.url).href, new URL('./testing/shared-table-test-nodes.ts', import.meta.url).href];
const registry = createRegistry([...builtinNodes, ...testNodes, ...sharedTableNodes]);

function pipeline(nodes: Array<[string, string, Record<string, unknown>?]>, edges: Array<[string, string]>): PipelineDocument {
  return {
    schemaVersion: 1,
    metadata: { name: 'shared tables', seed: 3 },
    nodes: nodes.map(([id, type, params = {}], i) => ({ id, type, version: 1, params, position: { x: i * 100, y: 0 } })),
    edges: edges.map(([from, to]) => ({ from: { node: from, port: 'table' }, to: { node: to, port: 'table' } })),
  };
}

const column = (t: unknown, name: string) => (t as Table).columns.find((c) => c.name === name)!;
const numbers = (t: unknown, name: string) => (column(t, name) as NumericColumn).values;

let pool: WorkerPool;
beforeAll(async () => {
  pool = createNodePool({ size: 2, extraNodeModules: MODULES });
  await pool.ready();
});
afterAll(() => pool.close());

describe('tables shared between threads', () => {
  it('sends one table to two steps without copying it, and unchanged columns come back as the same memory', async () => {
    const runner = createRunner({ registry, pool });
    const doc = pipeline(
      [
        ['src', 'test-source', { rows: 6 }],
        ['left', 'test-keep-columns'],
        ['right', 'test-keep-columns'],
      ],
      [
        ['src', 'left'],
        ['src', 'right'],
      ],
    );
    const result = await runner.run(doc).done;
    expect(result.status).toBe('ok');
    const src = result.outputs.src.table;
    const left = result.outputs.left.table;
    const right = result.outputs.right.table;
    for (const t of [src, left, right]) expect(isShared(numbers(t, 'x'))).toBe(true);
    expect(Array.from(numbers(left, 'y'))).toEqual([0, 2, 4, 6, 8, 10]);
    // One copy of x in memory: a write through the source's column shows in both steps' outputs.
    numbers(src, 'x')[2] = 1234;
    expect(numbers(left, 'x')[2]).toBe(1234);
    expect(numbers(right, 'x')[2]).toBe(1234);
    // A text column passed on undecoded still reads back (decoded from shared memory).
    expect((column(left, 't') as TextColumn).values).toEqual([null, 'row 1', 'row 2', null, 'row 4', 'row 5']);
  });

  it('fails a node that writes into its input table, naming the column, and empties the cache it may have damaged', async () => {
    const runner = createRunner({ registry, pool });
    const doc = pipeline(
      [
        ['src', 'test-source', { rows: 5000 }],
        ['bad', 'test-write-input'],
      ],
      [['src', 'bad']],
    );
    const first = await runner.run(doc).done;
    expect(first.nodes.src.status).toBe('ok');
    expect(first.nodes.bad.status).toBe('error');
    expect(first.nodes.bad.error?.message).toContain('changed column "x" of its input "table" in place');
    expect(runner.cacheSize()).toBe(0);
    // The source runs again (its cached table was shared with the node that wrote into it).
    const second = await runner.run(pipeline([['src', 'test-source', { rows: 5000 }]], [])).done;
    expect(second.nodes.src.status).toBe('ok');
    expect(numbers(second.outputs.src.table, 'x')[10]).toBe(10);
  });

  it('sends a text column a node read and passed on back as the memory it came in, not encoded again', async () => {
    const runner = createRunner({ registry, pool });
    const doc = pipeline(
      [
        ['src', 'test-source', { rows: 6 }],
        ['len', 'test-text-length'],
      ],
      [['src', 'len']],
    );
    const result = await runner.run(doc).done;
    expect(result.status).toBe('ok');
    const src = result.outputs.src.table;
    const len = result.outputs.len.table;
    expect(Array.from(numbers(len, 'length'))).toEqual([Number.NaN, 5, 5, Number.NaN, 5, 5]);
    const srcText = stillPacked(column(src, 't'))!;
    const lenText = stillPacked(column(len, 't'))!;
    expect(isShared(lenText.utf8)).toBe(true);
    // One copy of the encoded text: a byte written through the source's column shows in the step's output.
    srcText.utf8[0] = 'R'.charCodeAt(0);
    expect(lenText.utf8[0]).toBe('R'.charCodeAt(0));
    expect((column(len, 't') as TextColumn).values).toEqual([null, 'Row 1', 'row 2', null, 'row 4', 'row 5']);
  });

  it('fails a node that changes an input text column in place, saying inputs are read-only', async () => {
    const runner = createRunner({ registry, pool });
    const doc = pipeline(
      [
        ['src', 'test-source', { rows: 4 }],
        ['bad', 'test-write-text'],
      ],
      [['src', 'bad']],
    );
    const result = await runner.run(doc).done;
    expect(result.nodes.bad.status).toBe('error');
    expect(result.nodes.bad.error?.message).toMatch(/read[- ]only/);
    expect(result.nodes.bad.error?.message).toContain('copy a column before changing it');
    expect((column(result.outputs.src.table, 't') as TextColumn).values).toEqual([null, 'row 1', 'row 2', null]);
  });
});
