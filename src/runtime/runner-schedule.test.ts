/**
 * Scheduling: which ready step gets a free worker first. Steps that fan out (their node declares
 * `kernels`) start before single-threaded ones, then the step heading the longest chain still to run;
 * ties keep document order. The pool's queue hands waiting steps out by the same priority.
 */
import { describe, expect, it } from 'vitest';
import { defineNode, type AnyNodeDefinition } from '../core/node-definition.ts';
import { createRegistry } from '../core/registry.ts';
import type { StepJob, StepOutcome, WorkerPool } from './pool.ts';
import { createStepQueue } from './pool/step-queue.ts';
import { createRunner } from './runner.ts';
import { doc, edge, node, nodes as testNodes } from './testing/test-nodes.ts';

/** A node with an input that fans out (declares a kernel), like the random forest after TF-IDF. */
const fanNode = defineNode({
  type: 'test-fan',
  version: 1,
  title: 'Test fan',
  phase: 'modeling',
  category: 'Test',
  summary: 'Fans out kernel tasks over its input.',
  inputs: { table: { type: 'table' } },
  outputs: { table: { type: 'table' } },
  params: {},
  kernels: { 'test-fan-noop': () => 0 },
  run: async ({ inputs }) => ({ table: inputs.table }),
});

const registry = createRegistry([...testNodes, fanNode as AnyNodeDefinition]);

/** A one-worker pool that records the order steps are handed to it (and their priorities). */
function recordingPool() {
  const started: Array<{ id: string; priority: number | undefined }> = [];
  const pool: WorkerPool = {
    size: 1,
    runStep(job: StepJob): Promise<StepOutcome> {
      started.push({ id: job.step.nodeId, priority: job.priority });
      job.onStart?.();
      return Promise.resolve({ ok: true, outputs: { table: { nRows: 0, columns: [] } } });
    },
    stats: () => ({ size: 1, busy: 0, queued: 0, spawned: 1, replaced: 0, completed: 0 }),
    ready: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  return { pool, started };
}

describe('the order ready steps start in', () => {
  it('starts a fan-out step before a single-threaded sibling listed before it', async () => {
    // src → lr (plain, first in the document) and src → rf (fans out): both ready when src ends.
    const { pool, started } = recordingPool();
    const result = await createRunner({ registry, pool }).run(
      doc([node('src', 'test-source'), node('lr', 'test-add'), node('rf', 'test-fan')], [edge('src.table', 'lr.table'), edge('src.table', 'rf.table')]),
    ).done;
    expect(result.status).toBe('ok');
    expect(started.map((s) => s.id)).toEqual(['src', 'rf', 'lr']);
    // The fan-out step outranks every chain; the others rank by the chain they head.
    const p = Object.fromEntries(started.map((s) => [s.id, s.priority]));
    expect(p).toEqual({ src: 2, lr: 1, rf: 3 + 1 + 1 });
  });

  it('then starts the step heading the longest chain, and keeps document order among equals', async () => {
    // src → a (ends there), src → b → c → d, src → e (ends there): b heads the longest chain.
    const { pool, started } = recordingPool();
    const result = await createRunner({ registry, pool }).run(
      doc(
        [node('src', 'test-source'), node('a', 'test-add'), node('b', 'test-add'), node('c', 'test-add'), node('d', 'test-add'), node('e', 'test-add')],
        [edge('src.table', 'a.table'), edge('src.table', 'b.table'), edge('b.table', 'c.table'), edge('c.table', 'd.table'), edge('src.table', 'e.table')],
      ),
    ).done;
    expect(result.status).toBe('ok');
    expect(started.map((s) => s.id).slice(0, 4)).toEqual(['src', 'b', 'a', 'e']);
  });

  it('orders roots the same way', async () => {
    const { pool, started } = recordingPool();
    await createRunner({ registry, pool }).run(
      doc([node('s1', 'test-source'), node('s2', 'test-source'), node('x', 'test-add')], [edge('s2.table', 'x.table')]),
    ).done;
    expect(started.map((s) => s.id)).toEqual(['s2', 's1', 'x']);
  });
});

describe('the pool queue', () => {
  it('hands out the highest priority first, first come first served among equals', () => {
    const queue = createStepQueue(() => {});
    const job = (id: string, priority?: number) => ({ step: { nodeId: id } as StepJob['step'], inputs: {}, pipelineSeed: 1, priority });
    for (const [id, p] of [['a', 1], ['b', undefined], ['c', 5], ['d', 1], ['e', 5]] as const) void queue.enqueue(job(id, p));
    const order: string[] = [];
    for (let e = queue.takeNext(); e; e = queue.takeNext()) order.push(e.job.step.nodeId);
    expect(order).toEqual(['c', 'e', 'a', 'd', 'b']);
  });
});
