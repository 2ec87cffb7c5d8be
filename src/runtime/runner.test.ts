import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinNodes } from '../../nodes/index.ts';
import type { PipelineDocument } from '../core/document.ts';
import type { DatasetProvider } from '../core/node-definition.ts';
import { createRegistry } from '../core/registry.ts';
import type { Metrics } from '../core/ports.ts';
import type { NumericColumn, Table } from '../core/table/table.ts';
import { createNodePool } from './node/node-pool.ts';
import type { WorkerPool } from './pool.ts';
import { createRunner, type RunEvent, type RunResult } from './runner.ts';
import { nodes as testNodes } from './testing/test-nodes.ts';

const TEST_NODES = new URL('./testing/test-nodes.ts', import.meta.url).href;
const registry = createRegistry([...builtinNodes, ...testNodes]);

type NodeSpec = [id: string, type: string, params?: Record<string, unknown>];
type EdgeSpec = [from: string, to: string, toPort?: string, fromPort?: string];

function pipeline(nodes: NodeSpec[], edges: EdgeSpec[]): PipelineDocument {
  return {
    schemaVersion: 1,
    metadata: { name: 'runtime test', seed: 7 },
    nodes: nodes.map(([id, type, params = {}], i) => ({ id, type, version: 1, params, position: { x: i * 100, y: 0 } })),
    edges: edges.map(([from, to, toPort = 'table', fromPort = 'table']) => ({
      from: { node: from, port: fromPort },
      to: { node: to, port: toPort },
    })),
  };
}

function xs(result: RunResult, node: string): number[] {
  const t = result.outputs[node].table as Table;
  return Array.from((t.columns.find((c) => c.name === 'x') as NumericColumn).values);
}

function collect() {
  const events: Array<RunEvent & { at: number }> = [];
  return { events, onEvent: (e: RunEvent) => events.push({ ...e, at: performance.now() }) };
}

let pool: WorkerPool;
beforeAll(async () => {
  pool = createNodePool({ size: 2, extraNodeModules: [TEST_NODES] });
  await pool.ready();
});
afterAll(() => pool.close());

describe('runner on a worker_threads pool', () => {
  it('runs independent branches in parallel on two workers', async () => {
    const runner = createRunner({ registry, pool });
    const doc = pipeline(
      [
        ['src', 'test-source'],
        ['left', 'test-add', { add: 1, sleepMs: 300 }],
        ['right', 'test-add', { add: 2, sleepMs: 300 }],
      ],
      [
        ['src', 'left'],
        ['src', 'right'],
      ],
    );
    const { events, onEvent } = collect();
    const result = await runner.run(doc, { onEvent }).done;
    expect(result.status).toBe('ok');
    expect(xs(result, 'left')).toEqual([1, 2, 3, 4, 5]);
    expect(xs(result, 'right')).toEqual([2, 3, 4, 5, 6]);
    // Text and category columns survive the trips host → worker → host.
    const left = result.outputs.left.table as Table;
    expect(left.columns.find((c) => c.name === 't')).toEqual({ name: 't', type: 'text', values: [null, 'row 1', 'row 2', null, 'row 4'] });
    expect(left.columns.find((c) => c.name === 'g')).toEqual({ name: 'g', type: 'category', codes: new Int32Array([0, 1, 0, 1, 0]), categories: ['a', 'b'] });
    const timing = (id: string) => (result.outputs[id].timing as { data: { startedAt: number; endedAt: number } }).data;
    const l = timing('left');
    const r = timing('right');
    // Both sleeps were in progress at the same moment.
    expect(l.startedAt).toBeLessThan(r.endedAt);
    expect(r.startedAt).toBeLessThan(l.endedAt);
    expect(Math.min(l.endedAt, r.endedAt) - Math.max(l.startedAt, r.startedAt)).toBeGreaterThan(150);
    // Event sequence per node: queued → running (with progress) → ok with a duration.
    const leftEvents = events.filter((e) => e.nodeId === 'left').map((e) => e.status);
    expect(leftEvents[0]).toBe('queued');
    expect(leftEvents).toContain('running');
    expect(leftEvents.at(-1)).toBe('ok');
    expect(events.some((e) => e.nodeId === 'left' && e.status === 'running' && (e.progress ?? 0) > 0)).toBe(true);
    expect(result.nodes.left.ms).toBeGreaterThanOrEqual(290);
  });

  it('re-runs only the changed node and its descendants; the rest is cached', async () => {
    const runner = createRunner({ registry, pool });
    const nodes: NodeSpec[] = [
      ['src', 'test-source', { rows: 3 }],
      ['a', 'test-add', { add: 1 }],
      ['b', 'test-add', { add: 10 }],
      ['c', 'test-add', { add: 100 }],
      ['d', 'test-add', { add: 1000 }],
    ];
    const edges: EdgeSpec[] = [
      ['src', 'a'],
      ['a', 'b'],
      ['b', 'd'],
      ['src', 'c'],
    ];
    const first = await runner.run(pipeline(nodes, edges)).done;
    expect(Object.values(first.nodes).map((n) => n.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(xs(first, 'd')).toEqual([1011, 1012, 1013]);

    nodes[2] = ['b', 'test-add', { add: 20 }];
    const { events, onEvent } = collect();
    const second = await runner.run(pipeline(nodes, edges), { onEvent }).done;
    const status = Object.fromEntries(Object.values(second.nodes).map((n) => [n.nodeId, n.status]));
    expect(status).toEqual({ src: 'cached', a: 'cached', b: 'ok', c: 'cached', d: 'ok' });
    expect(events.filter((e) => e.status === 'running').map((e) => e.nodeId).sort()).toEqual(['b', 'd']);
    expect(xs(second, 'd')).toEqual([1021, 1022, 1023]);
    expect(xs(second, 'c')).toEqual([100, 101, 102]);
    // The cache kept its own copy: the worker's changes to inputs never reach it.
    expect(xs(second, 'a')).toEqual([1, 2, 3]);
    const third = await runner.run(pipeline(nodes, edges)).done;
    expect(Object.values(third.nodes).every((n) => n.status === 'cached')).toBe(true);
  });

  it('runs a changed node once when a chain of cached nodes leads to it', async () => {
    // The designer's "Run to here" after an upstream run: the cached chain settles synchronously while
    // the runner is still choosing its first steps; the changed node once ran twice and its second run's
    // progress left the card "Running 100%" after the run had finished.
    const runner = createRunner({ registry, pool });
    const nodes: NodeSpec[] = [
      ['src', 'test-source', { rows: 3 }],
      ['a', 'test-add', { add: 1 }],
      ['b', 'test-add', { add: 10 }],
      ['c', 'test-add', { add: 100 }],
    ];
    const edges: EdgeSpec[] = [
      ['src', 'a'],
      ['a', 'b'],
      ['b', 'c'],
    ];
    await runner.run(pipeline(nodes, edges)).done;
    nodes[3] = ['c', 'test-add', { add: 200 }];
    const { events, onEvent } = collect();
    const second = await runner.run(pipeline(nodes, edges), { onEvent }).done;
    expect(Object.fromEntries(Object.values(second.nodes).map((n) => [n.nodeId, n.status]))).toEqual({ src: 'cached', a: 'cached', b: 'cached', c: 'ok' });
    // One start (progress 0) for c, and nothing about c after its final event.
    expect(events.filter((e) => e.nodeId === 'c' && e.status === 'running' && e.progress === 0)).toHaveLength(1);
    expect(events.filter((e) => e.nodeId === 'c').at(-1)!.status).toBe('ok');
    await new Promise((r) => setTimeout(r, 200));
    expect(events.filter((e) => e.nodeId === 'c').at(-1)!.status).toBe('ok');
    expect(xs(second, 'c')).toEqual([211, 212, 213]);
  });

  it('skips the descendants of a failed node, finishes the other branch, keeps the NodeError details', async () => {
    const runner = createRunner({ registry, pool });
    const doc = pipeline(
      [
        ['src', 'test-source'],
        ['bad', 'test-fail', { mode: 'node-error' }],
        ['after', 'test-add'],
        ['after2', 'test-add'],
        ['good', 'test-add', { add: 3 }],
      ],
      [
        ['src', 'bad'],
        ['bad', 'after'],
        ['after', 'after2'],
        ['src', 'good'],
      ],
    );
    const result = await runner.run(doc).done;
    expect(result.status).toBe('error');
    expect(result.nodes.bad.status).toBe('error');
    expect(result.nodes.bad.error).toMatchObject({
      code: 'CF020',
      nodeId: 'bad',
      message: 'Row 7 of column "age" is missing. Add an Impute node before this one.',
      details: { row: 7, column: 'age' },
    });
    for (const id of ['after', 'after2']) {
      expect(result.nodes[id].status).toBe('skipped');
      expect(result.nodes[id].error).toMatchObject({ code: 'CF023', message: 'Skipped because upstream node "bad" did not finish.' });
    }
    expect(result.nodes.good.status).toBe('ok');
    expect(xs(result, 'good')).toEqual([3, 4, 5, 6, 7]);

    const plain = await runner.run(pipeline([['x', 'test-fail', { mode: 'error' }]], [])).done;
    expect(plain.nodes.x.error).toMatchObject({ code: 'CF020', message: 'The node failed: something broke' });
  });

  it('stops a synchronous spin loop within 300 ms, and the pool keeps working', async () => {
    const runner = createRunner({ registry, pool });
    const before = pool.stats().replaced;
    const doc = pipeline(
      [
        ['src', 'test-source'],
        ['spin', 'test-spin'],
        ['after', 'test-add'],
      ],
      [
        ['src', 'spin'],
        ['spin', 'after'],
      ],
    );
    let handle: ReturnType<typeof runner.run> | undefined;
    const spinning = new Promise<void>((resolve) => {
      handle = runner.run(doc, { onEvent: (e) => e.nodeId === 'spin' && e.status === 'running' && resolve() });
    });
    await spinning;
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    handle!.cancel();
    const result = await handle!.done;
    const stopMs = performance.now() - t0;
    expect(stopMs).toBeLessThan(300);
    expect(result.status).toBe('cancelled');
    expect(result.nodes.spin).toMatchObject({ status: 'error', error: { code: 'CF022' } });
    expect(result.nodes.after.status).toBe('skipped');
    expect(pool.stats().replaced).toBe(before + 1);

    const again = await runner.run(pipeline([['s', 'test-source', { rows: 2 }], ['a', 'test-add']], [['s', 'a']])).done;
    expect(again.status).toBe('ok');
    expect(xs(again, 'a')).toEqual([1, 2]);
  });

  it('cancels an async node cooperatively (no worker replaced)', async () => {
    const runner = createRunner({ registry, pool });
    const before = pool.stats().replaced;
    const doc = pipeline([['src', 'test-source'], ['slow', 'test-add', { sleepMs: 5000 }]], [['src', 'slow']]);
    let handle: ReturnType<typeof runner.run> | undefined;
    await new Promise<void>((resolve) => {
      handle = runner.run(doc, { onEvent: (e) => e.nodeId === 'slow' && e.status === 'running' && resolve() });
    });
    const t0 = performance.now();
    handle!.cancel();
    const result = await handle!.done;
    expect(performance.now() - t0).toBeLessThan(300);
    expect(result.nodes.slow.error?.code).toBe('CF022');
    expect(pool.stats().replaced).toBe(before);
  });

  it.each(['uncaught', 'exit'] as const)('a worker that dies (%s) fails only its node; it is replaced', async (mode) => {
    const runner = createRunner({ registry, pool });
    const before = pool.stats().replaced;
    const doc = pipeline(
      [
        ['src', 'test-source'],
        ['crash', 'test-fail', { mode }],
        ['after', 'test-add'],
        ['good', 'test-add', { add: 1, sleepMs: 50 }],
      ],
      [
        ['src', 'crash'],
        ['crash', 'after'],
        ['src', 'good'],
      ],
    );
    const result = await runner.run(doc).done;
    expect(result.nodes.crash.status).toBe('error');
    expect(result.nodes.crash.error?.code).toBe('CF021');
    expect(result.nodes.crash.error?.message).toMatch(mode === 'exit' ? /exited with code 3/ : /boom outside the promise/);
    expect(result.nodes.after.status).toBe('skipped');
    expect(result.nodes.good.status).toBe('ok');
    expect(pool.stats().replaced).toBe(before + 1);
    const again = await createRunner({ registry, pool }).run(pipeline([['s', 'test-source', { rows: 1 }]], [])).done;
    expect(again.status).toBe('ok');
  });

  it('spreads ctx.parallel kernel tasks over workers and returns results in order', async () => {
    const runner = createRunner({ registry, pool });
    await pool.ready(); // a worker replaced by an earlier test may still be starting
    const result = await runner.run(pipeline([['p', 'test-parallel', { n: 1000, chunks: 8 }]], [])).done;
    expect(result.nodes.p.error).toBeUndefined();
    expect(result.status).toBe('ok');
    const m = result.outputs.p.metrics as Metrics;
    expect(m.values.total).toBe((999 * 1000) / 2);
    expect(m.values.parts).toBe(8);
    // The node's own array was copied, not moved away, when the tasks were sent.
    expect(m.values.stillHere).toBe(999);
    // With the other worker idle, both workers took tasks.
    expect(m.values.threads).toBe(2);
    // Shared data: the same total, and one copy per worker (2), not one per task (8).
    expect(m.values.sharedTotal).toBe((999 * 1000) / 2);
    expect(m.values.sharedCopies).toBe(2);

    const bad = await runner.run(pipeline([['p', 'test-parallel', { kernel: 'no-such-kernel' }]], [])).done;
    expect(bad.nodes.p.error?.message).toMatch(/No parallel kernel named "no-such-kernel"/);
  });

  it('runs kernels on the caller when every other worker is busy (no deadlock)', async () => {
    const runner = createRunner({ registry, pool });
    await pool.ready();
    const doc = pipeline(
      [
        ['busy', 'test-spin', { ms: 400 }],
        ['p', 'test-parallel', { n: 100, chunks: 4 }],
      ],
      [],
    );
    const result = await runner.run(doc).done;
    expect(result.status).toBe('ok');
    const m = result.outputs.p.metrics as Metrics;
    expect(m.values.total).toBe(4950);
    expect(m.values.threads).toBe(1);
    expect(result.nodes.p.ms).toBeLessThan(result.nodes.busy.ms);
  });

  it('lets a worker that becomes idle join a running parallel job', async () => {
    const runner = createRunner({ registry, pool });
    await pool.ready();
    // p starts while the other worker spins, so it begins alone; 40 tasks × 20 ms outlast the spin.
    const doc = pipeline(
      [
        ['busy', 'test-spin', { ms: 200 }],
        ['p', 'test-parallel', { n: 100, chunks: 40 }],
      ],
      [],
    );
    const result = await runner.run(doc).done;
    expect(result.status).toBe('ok');
    const m = result.outputs.p.metrics as Metrics;
    expect(m.values.total).toBe(4950);
    expect(m.values.threads).toBe(2);
  });

  it('reads datasets through the host provider; their fingerprints enter the cache key', async () => {
    const files: Record<string, { bytes: Uint8Array; fp: string }> = {
      'data.csv': { bytes: new TextEncoder().encode('a,b\n1,2\n'), fp: 'v1' },
    };
    let reads = 0;
    const datasets: DatasetProvider = {
      async read(ref) {
        reads++;
        const f = files[ref.name];
        if (!f) throw new Error(`No dataset "${ref.name}".`);
        return { name: ref.name, bytes: f.bytes, fingerprint: f.fp };
      },
      async fingerprint(ref) {
        return files[ref.name]?.fp;
      },
    };
    const runner = createRunner({ registry, pool, datasets });
    const doc = pipeline([['d', 'test-dataset', { name: 'data.csv' }]], []);
    const first = await runner.run(doc).done;
    expect(first.nodes.d.status).toBe('ok');
    expect((first.outputs.d.report as { data: Record<string, unknown> }).data).toEqual({ bytes: 8, fingerprint: 'v1', first: 97 });
    expect((await runner.run(doc).done).nodes.d.status).toBe('cached');
    files['data.csv'] = { bytes: new TextEncoder().encode('changed'), fp: 'v2' };
    const third = await runner.run(doc).done;
    expect(third.nodes.d.status).toBe('ok');
    expect(reads).toBe(2);
    // The provider's bytes were copied to the worker, not moved away.
    expect(files['data.csv'].bytes.length).toBe(7);

    const missing = await runner.run(pipeline([['d', 'test-dataset', { name: 'nope.csv' }]], [])).done;
    expect(missing.nodes.d.error?.message).toMatch(/No dataset "nope.csv"/);
  });

  it('runs only the targets and their ancestors; reports an invalid pipeline without running', async () => {
    const runner = createRunner({ registry, pool });
    const doc = pipeline(
      [
        ['src', 'test-source'],
        ['a', 'test-add'],
        ['b', 'test-add'],
      ],
      [
        ['src', 'a'],
        ['src', 'b'],
      ],
    );
    const result = await runner.run(doc, { targets: ['a'] }).done;
    expect(Object.keys(result.nodes).sort()).toEqual(['a', 'src']);

    const invalid = await runner.run(pipeline([['x', 'no-such-type']], [])).done;
    expect(invalid.status).toBe('invalid');
    expect(invalid.problems[0]).toMatchObject({ code: 'CF001', nodeId: 'x' });
  });
});

describe('worker out of memory', () => {
  it('fails only that node with CF021 and replaces the worker', async () => {
    const small = createNodePool({ size: 2, extraNodeModules: [TEST_NODES], maxOldGenerationSizeMb: 64 });
    try {
      const runner = createRunner({ registry, pool: small });
      const doc = pipeline(
        [
          ['src', 'test-source'],
          ['hog', 'test-fail', { mode: 'oom' }],
          ['good', 'test-add', { add: 2 }],
        ],
        [
          ['src', 'hog'],
          ['src', 'good'],
        ],
      );
      const result = await runner.run(doc).done;
      expect(result.nodes.hog.error?.code).toBe('CF021');
      expect(result.nodes.hog.error?.message).toMatch(/ran out of memory \(limit 64 MB\)/);
      expect(result.nodes.good.status).toBe('ok');
      expect(small.stats().replaced).toBe(1);
      const again = await runner.run(pipeline([['s', 'test-source', { rows: 2 }], ['a', 'test-add']], [['s', 'a']])).done;
      expect(xs(again, 'a')).toEqual([1, 2]);
    } finally {
      await small.close();
    }
  });
});

describe('a two-input node after a cached chain (the designer\'s "Run to here" on an as-of join)', () => {
  it('starts only once both parents have finished: the cached chain on one side, a running node on the other', async () => {
    // The attrition template's with-surveys join once failed with "Cannot read properties of undefined
    // (reading 'columns')": a cached chain settled while the runner was choosing its first steps, one of
    // its nodes was started twice, its dependents were counted down twice, and the join started before
    // the other parent had finished, with that input missing.
    const runner = createRunner({ registry, pool });
    const nodes: NodeSpec[] = [
      ['left-src', 'test-source', { rows: 3 }],
      ['left-a', 'test-add', { add: 1 }],
      ['right-src', 'test-source', { rows: 3 }],
      ['right', 'test-add', { add: 5, sleepMs: 200 }],
      ['join', 'test-sum'],
    ];
    const edges: EdgeSpec[] = [
      ['left-src', 'left-a'],
      ['left-a', 'join', 'a'],
      ['right-src', 'right'],
      ['right', 'join', 'b'],
    ];
    const first = await runner.run(pipeline(nodes, edges), { targets: ['join'] }).done;
    expect(first.status).toBe('ok');
    expect(xs(first, 'join')).toEqual([6, 8, 10]);

    nodes[3] = ['right', 'test-add', { add: 7, sleepMs: 200 }];
    const { events, onEvent } = collect();
    const second = await runner.run(pipeline(nodes, edges), { targets: ['join'], onEvent }).done;
    expect(Object.fromEntries(Object.values(second.nodes).map((n) => [n.nodeId, n.status]))).toEqual({
      'left-src': 'cached',
      'left-a': 'cached',
      'right-src': 'cached',
      right: 'ok',
      join: 'ok',
    });
    expect(second.status).toBe('ok');
    // Both inputs arrived: (x + 1) + (x + 7) for x = 0, 1, 2.
    expect(xs(second, 'join')).toEqual([8, 10, 12]);
    // The runner's own start event (progress 0, no note; the sleep's progress events carry a note).
    const starts = (id: string) => events.filter((e) => e.nodeId === id && e.status === 'running' && e.progress === 0 && !e.note);
    expect(starts('right')).toHaveLength(1);
    expect(starts('join')).toHaveLength(1);
    const rightDone = events.find((e) => e.nodeId === 'right' && e.status === 'ok')!;
    expect(starts('join')[0].at).toBeGreaterThanOrEqual(rightDone.at);
  });
});
