/**
 * The runner within a memory budget: its cache drops the least recently used results beyond it, and a
 * run whose own results are over it runs its steps one at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinNodes } from '../../nodes/index.ts';
import { createRegistry } from '../core/registry.ts';
import { createNodePool } from './node/node-pool.ts';
import type { WorkerPool } from './pool.ts';
import { createRunner, type RunEvent } from './runner.ts';
import { doc, edge, node, nodes as testNodes } from './testing/test-nodes.ts';

const TEST_NODES = new URL('./testing/test-nodes.ts', import.meta.url).href;
const registry = createRegistry([...builtinNodes, ...testNodes]);

let pool: WorkerPool;
beforeAll(async () => {
  pool = createNodePool({ size: 2, extraNodeModules: [TEST_NODES] });
  await pool.ready();
});
afterAll(() => pool.close());

describe('the runner within a memory budget', () => {
  it('keeps its cache under the budget, dropping the least recently used results, and re-runs only those', async () => {
    // 20,000 rows: x (160,000 bytes of float64), g (80,000 bytes of codes) and a text column, ≈ 0.4 MB a table.
    const chain = doc(
      [node('src', 'test-source', { rows: 20_000 }), node('a', 'test-add', { add: 1 }), node('b', 'test-add', { add: 2 })],
      [edge('src.table', 'a.table'), edge('a.table', 'b.table')],
    );
    const unlimited = createRunner({ registry, pool });
    await unlimited.run(chain).done;
    expect(unlimited.cacheSize()).toBe(3);
    const perTable = unlimited.cacheBytes() / 3;
    expect(perTable).toBeGreaterThan(240_000);
    expect(unlimited.memoryBudget()).toBe(Infinity);

    // Room for two results: src, the least recently stored, is dropped when b arrives.
    const budget = Math.floor(perTable * 2.5);
    const runner = createRunner({ registry, pool, memoryBudgetBytes: budget });
    await runner.run(chain).done;
    expect(runner.cacheSize()).toBe(2);
    expect(runner.cacheBytes()).toBeLessThanOrEqual(budget);
    // Run again: src runs and its result pushes out b (the run's last step, touched first), a is
    // served from the cache, and b runs again (pushing out src).
    const again = await runner.run(chain).done;
    expect(Object.fromEntries(Object.values(again.nodes).map((n) => [n.nodeId, n.status]))).toEqual({ src: 'ok', a: 'cached', b: 'ok' });
    expect(runner.cacheSize()).toBe(2);

    // A smaller budget takes effect at once.
    runner.setMemoryBudget(Math.floor(perTable * 1.5));
    expect(runner.cacheSize()).toBe(1);
    expect(() => runner.setMemoryBudget(-1)).toThrow(/positive number of bytes/);
  });

  it('runs steps one at a time while the run holds more than its budget, and says so', async () => {
    const branches = doc(
      [node('src', 'test-source', { rows: 1000 }), node('left', 'test-add', { add: 1, sleepMs: 300 }), node('right', 'test-add', { add: 2, sleepMs: 300 })],
      [edge('src.table', 'left.table'), edge('src.table', 'right.table')],
    );
    const timeline = async (memoryBudgetBytes?: number) => {
      const events: Array<RunEvent & { at: number }> = [];
      const logs: string[] = [];
      const runner = createRunner({ registry, pool, ...(memoryBudgetBytes ? { memoryBudgetBytes } : {}) });
      const result = await runner.run(branches, { onEvent: (e) => events.push({ ...e, at: performance.now() }), onLog: (id, m) => logs.push(`${id}: ${m}`) }).done;
      expect(result.status).toBe('ok');
      const at = (id: string, status: string) => events.find((e) => e.nodeId === id && e.status === status)!.at;
      const [first, second] = at('left', 'running') < at('right', 'running') ? ['left', 'right'] : ['right', 'left'];
      return { overlap: at(second, 'running') < at(first, 'ok'), logs };
    };
    // src's table (≈ 20 KB) alone is over a 1 KB budget: the second branch waits for the first.
    const tight = await timeline(1024);
    expect(tight.overlap).toBe(false);
    expect(tight.logs.some((l) => /Waits for memory: the run holds \d+ MB of results, over its budget of 0 MB; steps now run one at a time/.test(l))).toBe(true);
    const free = await timeline();
    expect(free.overlap).toBe(true);
    expect(free.logs.some((l) => l.includes('Waits for memory'))).toBe(false);
  });
});
