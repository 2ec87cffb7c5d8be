import { describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../../../nodes/index.ts';
import type { DatasetProvider } from '../../core/node-definition.ts';
import { createCompileService, groupProblems, problemsOf } from './compile-service.ts';
import { createPipelineStore } from './pipeline-store.ts';

const registry = createBuiltinRegistry();
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('compile service', () => {
  it('reports problems per node before running, and recompiles after edits', async () => {
    const store = createPipelineStore({ registry });
    const svc = createCompileService(store, registry);
    const split = store.getState().addNode('train-test-split', { x: 0, y: 0 });
    await tick();
    const problems = problemsOf(svc.store.getState(), split);
    expect(problems.map((p) => p.code)).toContain('CF002');
    const src = store.getState().addNode('dataset-source', { x: 0, y: 0 });
    store.getState().connect({ from: { node: src, port: 'table' }, to: { node: split, port: 'table' } });
    await tick();
    expect(problemsOf(svc.store.getState(), split).map((p) => p.code)).not.toContain('CF002');
    svc.dispose();
  });

  it('fetches dataset schemas so downstream column pickers are filled', async () => {
    const provider: DatasetProvider = {
      read: async () => {
        throw new Error('not used');
      },
      fingerprint: async () => 'fp',
      schema: async () => ({ columns: [{ name: 'promoted', type: 'integer' }, { name: 'kpi', type: 'number' }] }),
    };
    const store = createPipelineStore({ registry });
    const svc = createCompileService(store, registry, provider);
    const src = store.getState().addNode('dataset-source', { x: 0, y: 0 });
    store.getState().updateParams(src, { source: 'sample', name: 'promotion.csv' });
    const split = store.getState().addNode('train-test-split', { x: 0, y: 0 });
    store.getState().connect({ from: { node: src, port: 'table' }, to: { node: split, port: 'table' } });
    await tick();
    await tick();
    const schema = svc.store.getState().result.schemas[split]?.train as { columns: Array<{ name: string }> };
    expect(schema.columns.map((c) => c.name)).toEqual(['promoted', 'kpi']);
    svc.dispose();
  });

  it('keeps unchanged problem lists identical so cards do not re-render', () => {
    const p = { code: 'CF002' as const, message: 'x', nodeId: 'a', severity: 'error' as const };
    const first = groupProblems([p], {});
    const second = groupProblems([{ ...p }], first);
    expect(second.a).toBe(first.a);
    expect(groupProblems([{ ...p, message: 'y' }], first).a).not.toBe(first.a);
  });
});
