import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinNodes } from '../../nodes/index.ts';
import type { PipelineDocument } from '../core/document.ts';
import { createRegistry } from '../core/registry.ts';
import type { NumericColumn, Table } from '../core/table/table.ts';
import { createNodeContext, SuspendSignal } from './node-context.ts';
import { createNodePool } from './node/node-pool.ts';
import type { WorkerPool } from './pool.ts';
import { createRunner, type RunEvent } from './runner.ts';
import { nodes as testNodes } from './testing/test-nodes.ts';

const TEST_NODES = new URL('./testing/test-nodes.ts', import.meta.url).href;
const registry = createRegistry([...builtinNodes, ...testNodes]);

/** src → review → after (add 10); src → side (add 1), independent of the review. */
const doc: PipelineDocument = {
  schemaVersion: 1,
  metadata: { name: 'suspend test', seed: 3 },
  nodes: [
    { id: 'src', type: 'test-source', version: 1, params: { rows: 4 }, position: { x: 0, y: 0 } },
    { id: 'review', type: 'test-review', version: 1, params: {}, position: { x: 100, y: 0 } },
    { id: 'after', type: 'test-add', version: 1, params: { add: 10 }, position: { x: 200, y: 0 } },
    { id: 'after2', type: 'test-add', version: 1, params: { add: 100 }, position: { x: 300, y: 0 } },
    { id: 'side', type: 'test-add', version: 1, params: { add: 1 }, position: { x: 100, y: 100 } },
  ],
  edges: [
    { from: { node: 'src', port: 'table' }, to: { node: 'review', port: 'table' } },
    { from: { node: 'review', port: 'table' }, to: { node: 'after', port: 'table' } },
    { from: { node: 'after', port: 'table' }, to: { node: 'after2', port: 'table' } },
    { from: { node: 'src', port: 'table' }, to: { node: 'side', port: 'table' } },
  ],
};

const xs = (t: unknown) => Array.from(((t as Table).columns.find((c) => c.name === 'x') as NumericColumn).values);

let pool: WorkerPool;
beforeAll(async () => {
  pool = createNodePool({ size: 2, extraNodeModules: [TEST_NODES] });
  await pool.ready();
});
afterAll(() => pool.close());

describe('runner suspension for human review', () => {
  it('ends the review step as waiting with its items, keeps descendants pending, runs the rest', async () => {
    const runner = createRunner({ registry, pool });
    const events: RunEvent[] = [];
    const result = await runner.run(doc, { onEvent: (e) => events.push(e) }).done;
    expect(result.status).toBe('waiting');
    expect(result.nodes.review.status).toBe('waiting');
    expect(result.nodes.review.error).toBeUndefined();
    expect(result.nodes.after.status).toBe('pending');
    expect(result.nodes.after2.status).toBe('pending');
    expect(result.nodes.side.status).toBe('ok');
    expect(xs(result.outputs.side.table)).toEqual([1, 2, 3, 4]);
    expect(result.waiting).toEqual({ review: { items: [{ itemId: '0' }, { itemId: '1' }, { itemId: '2' }, { itemId: '3' }] } });
    expect(result.outputs.review).toBeUndefined();
    expect(events.filter((e) => e.nodeId === 'after').map((e) => e.status)).toEqual(['queued', 'pending']);
    expect(events.some((e) => e.status === 'skipped')).toBe(false);
  });

  it('resumes with decisions: re-runs the review node and its descendants only', async () => {
    const runner = createRunner({ registry, pool });
    await runner.run(doc).done;
    const resumed = await runner.run(doc, { decisions: { review: { keep: [1, 3] } } }).done;
    expect(resumed.status).toBe('ok');
    expect(resumed.nodes.src.status).toBe('cached');
    expect(resumed.nodes.side.status).toBe('cached');
    expect(resumed.nodes.review.status).toBe('ok');
    expect(xs(resumed.outputs.after2.table)).toEqual([111, 113]);
    expect(resumed.waiting).toEqual({});

    // Other decisions: a new cache key for the review node and everything downstream.
    const other = await runner.run(doc, { decisions: { review: { keep: [0] } } }).done;
    expect(other.nodes.review.status).toBe('ok');
    expect(other.nodes.after.status).toBe('ok');
    expect(xs(other.outputs.after2.table)).toEqual([110]);
    // The same decisions again: all cached.
    const again = await runner.run(doc, { decisions: { review: { keep: [0] } } }).done;
    expect(Object.values(again.nodes).map((n) => n.status)).toEqual(['cached', 'cached', 'cached', 'cached', 'cached']);
    // Without decisions it waits again (the waiting state is never cached).
    const waitsAgain = await runner.run(doc).done;
    expect(waitsAgain.status).toBe('waiting');
  });

  it('gives decisions to the node context, and suspend throws a SuspendSignal carrying the request', () => {
    const ctx = createNodeContext({ nodeId: 'r', decisions: { keep: [1] } });
    expect(ctx.decisions).toEqual({ keep: [1] });
    let caught: unknown;
    try {
      ctx.suspend({ items: [] });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SuspendSignal);
    expect((caught as SuspendSignal).request).toEqual({ items: [] });
  });
});
