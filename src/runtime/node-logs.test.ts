/**
 * Every line a node logs reaches the runner's onLog (which feeds the CLI's stderr, summary.json's `log`
 * and the designer's log tab), even when the node returns right after logging: the step's reply must
 * not overtake its log messages (issue 12, item 2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../core/document.ts';
import { createRegistry } from '../core/registry.ts';
import { createNodePool } from './node/node-pool.ts';
import type { WorkerPool } from './pool.ts';
import { createRunner } from './runner.ts';
import { nodes as testNodes } from './testing/test-nodes.ts';

const TEST_NODES = new URL('./testing/test-nodes.ts', import.meta.url).href;
const registry = createRegistry(testNodes);
const LINES = 40;

const doc: PipelineDocument = {
  schemaVersion: 1,
  metadata: { name: 'log test', seed: 1 },
  nodes: [
    { id: 'chatty-a', type: 'test-log', version: 1, params: { lines: LINES }, position: { x: 0, y: 0 } },
    { id: 'chatty-b', type: 'test-log', version: 1, params: { lines: LINES }, position: { x: 0, y: 100 } },
  ],
  edges: [],
};

let pool: WorkerPool;
beforeAll(async () => {
  pool = createNodePool({ size: 2, extraNodeModules: [TEST_NODES] });
  await pool.ready();
});
afterAll(() => pool.close());

describe('node log lines', () => {
  it('all reach onLog, in order, in each of 20 runs through the worker pool', async () => {
    const expected = Array.from({ length: LINES }, (_, i) => ({ level: i % 2 ? 'warn' : 'info', message: `line ${i + 1} of ${LINES}` }));
    const incomplete: string[] = [];
    for (let run = 1; run <= 20; run++) {
      // A fresh runner each time, as each `crispflow run` has (a runner's cache would skip the nodes).
      const runner = createRunner({ registry, pool });
      const logs: Record<string, Array<{ level: string; message: string }>> = { 'chatty-a': [], 'chatty-b': [] };
      // Lines reported after the node's "ok" event would come too late for the CLI's progress line.
      const afterOk: string[] = [];
      const done = new Set<string>();
      const result = await runner.run(doc, {
        onEvent: (e) => {
          if (e.status === 'ok') done.add(e.nodeId);
        },
        onLog: (nodeId, message, level) => {
          if (done.has(nodeId)) afterOk.push(`${nodeId}: ${message}`);
          logs[nodeId].push({ level, message });
        },
      }).done;
      expect(result.status).toBe('ok');
      for (const [nodeId, got] of Object.entries(logs)) {
        if (got.length !== LINES) incomplete.push(`run ${run}, ${nodeId}: ${got.length} of ${LINES} lines`);
        else expect(got).toEqual(expected);
      }
      expect(afterOk).toEqual([]);
    }
    expect(incomplete).toEqual([]);
  }, 60_000);
});
