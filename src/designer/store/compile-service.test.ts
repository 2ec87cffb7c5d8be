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

  it('after a dataset change, keeps the known schema until the new one arrives and recompiles only for a change', async () => {
    let columns = [{ name: 'promoted', type: 'integer' as const }, { name: 'kpi', type: 'number' as const }];
    const answers: Array<() => void> = [];
    let asked = 0;
    const provider: DatasetProvider = {
      read: async () => {
        throw new Error('not used');
      },
      fingerprint: async () => 'fp',
      // Answers when the test says so (a studio copy can take seconds).
      schema: () => {
        asked++;
        return new Promise((resolve) => answers.push(() => resolve(columns.length ? { columns } : undefined)));
      },
    };
    const store = createPipelineStore({ registry });
    const svc = createCompileService(store, registry, provider);
    const src = store.getState().addNode('dataset-source', { x: 0, y: 0 });
    store.getState().updateParams(src, { source: 'upload', name: 'promotion.csv' });
    const split = store.getState().addNode('train-test-split', { x: 0, y: 0 });
    store.getState().connect({ from: { node: src, port: 'table' }, to: { node: split, port: 'table' } });
    await tick();
    answers.shift()!();
    await tick();
    const names = () => (svc.store.getState().result.schemas[split]?.train as { columns: Array<{ name: string }> } | undefined)?.columns.map((c) => c.name);
    expect(names()).toEqual(['promoted', 'kpi']);
    expect(asked).toBe(1);

    // Another dataset arrived: the schema is asked for again, the known one stays in use meanwhile.
    let compiles = 0;
    const unsubscribe = svc.store.subscribe(() => compiles++);
    svc.refreshDatasets();
    await tick();
    expect(asked).toBe(2);
    expect(names()).toEqual(['promoted', 'kpi']);
    answers.shift()!(); // the same columns: nothing to recompile
    await tick();
    expect(compiles).toBe(0);

    // This dataset changed: one recompile with its new columns; removed: its columns are gone.
    columns = [{ name: 'promoted', type: 'integer' }];
    svc.refreshDatasets();
    await tick();
    answers.shift()!();
    await tick();
    expect(names()).toEqual(['promoted']);
    expect(compiles).toBe(1);
    columns = [];
    svc.refreshDatasets();
    await tick();
    answers.shift()!();
    await tick();
    expect(names()).toBeUndefined();
    unsubscribe();
    svc.dispose();
  });

  it('asks again when datasets changed while a schema was on its way', async () => {
    let version = 1;
    const answers: Array<() => void> = [];
    const provider: DatasetProvider = {
      read: async () => {
        throw new Error('not used');
      },
      fingerprint: async () => 'fp',
      schema: () => {
        const v = version;
        return new Promise((resolve) => answers.push(() => resolve({ columns: [{ name: `v${v}`, type: 'number' }] })));
      },
    };
    const store = createPipelineStore({ registry });
    const svc = createCompileService(store, registry, provider);
    const src = store.getState().addNode('dataset-source', { x: 0, y: 0 });
    store.getState().updateParams(src, { source: 'upload', name: 'pay.csv' });
    await tick();
    expect(answers).toHaveLength(1);
    version = 2;
    svc.refreshDatasets(); // the answer on its way is about version 1
    answers.shift()!();
    await tick();
    await tick();
    expect(answers).toHaveLength(1);
    answers.shift()!();
    await tick();
    await tick();
    const cols = svc.store.getState().result.schemas[src]?.table as { columns: Array<{ name: string }> };
    expect(cols.columns.map((c) => c.name)).toEqual(['v2']);
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
