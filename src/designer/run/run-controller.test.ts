import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatasetProvider } from '../../core/node-definition.ts';
import type { Runner, RunOptions, RunResult } from '../../runtime/runner.ts';
import { node, testRegistry } from '../../runtime/testing/test-nodes.ts';
import { emptyDocument } from '../store/doc-edits.ts';
import { createPipelineStore, type NodeRunState } from '../store/pipeline-store.ts';
import { createRunController, PROGRESS_INTERVAL_MS } from './run-controller.ts';

const noDatasets: DatasetProvider = {
  read: async () => {
    throw new Error('no datasets here');
  },
  fingerprint: async () => undefined,
};

/** A runner whose one step reports `steps` progress events `everyMs` apart, then finishes. */
function chattyRunner(steps: number, everyMs: number): Runner {
  return {
    run(_doc: unknown, o: RunOptions = {}) {
      const done = (async (): Promise<RunResult> => {
        o.onEvent?.({ nodeId: 's', status: 'queued' });
        o.onEvent?.({ nodeId: 's', status: 'running', progress: 0 });
        for (let i = 1; i <= steps; i++) {
          await new Promise((resolve) => setTimeout(resolve, everyMs));
          o.onEvent?.({ nodeId: 's', status: 'running', progress: i / steps });
        }
        o.onEvent?.({ nodeId: 's', status: 'ok', ms: steps * everyMs });
        return { status: 'ok', problems: [], nodes: { s: { nodeId: 's', type: 'test-source', status: 'ok', ms: 1 } }, outputs: { s: {} }, waiting: {}, ms: 1 };
      })();
      return { done, cancel() {} };
    },
    clearCache() {},
    cacheSize: () => 0,
    cacheBytes: () => 0,
    memoryBudget: () => Infinity,
    setMemoryBudget() {},
  };
}

describe('run controller', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // One frame every 16 ms, as a browser at 60 Hz.
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => setTimeout(() => cb(performance.now()), 16) as unknown as number);
    vi.stubGlobal('cancelAnimationFrame', (id: number) => clearTimeout(id));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('shows progress at most every PROGRESS_INTERVAL_MS while status changes show in the next frame', async () => {
    const registry = testRegistry();
    const store = createPipelineStore({ registry, doc: { ...emptyDocument(), nodes: [node('s', 'test-source')] } });
    const seen: NodeRunState[] = [];
    store.subscribe((s, prev) => {
      if (s.run.nodes.s && s.run.nodes.s !== prev.run.nodes.s) seen.push(s.run.nodes.s);
    });
    // 100 progress events 5 ms apart: half a second of a busy step.
    const runs = createRunController({ store, registry, datasets: noDatasets, createRunner: async () => chattyRunner(100, 5) });
    runs.runAll();
    await vi.advanceTimersByTimeAsync(2_000);
    const progressUpdates = seen.filter((s) => s.status === 'running').length;
    // 500 ms of progress at one update per 250 ms (plus the first "running"), where one per frame gave ~30.
    expect(progressUpdates).toBeGreaterThanOrEqual(2);
    expect(PROGRESS_INTERVAL_MS).toBe(250);
    expect(progressUpdates).toBeLessThanOrEqual(4);
    expect(store.getState().run.nodes.s.status).toBe('ok');
    expect(store.getState().run.active).toBe(false);
  });
});
