import { describe, expect, it } from 'vitest';
import { defineNode, type ModelScorer } from './node-definition.ts';
import { createRegistry } from './registry.ts';

const base = { version: 1, title: 'T', phase: 'modeling', category: 'Models', summary: 's', inputs: {}, outputs: {}, params: {}, run: async () => ({}) } as const;
const grow = (task: { n: number }) => task.n * 2;
const scorer: ModelScorer = { score: () => new Float64Array(0), acceptsMissing: true };

describe('registry: kernels and scorers come from the node definitions', () => {
  it('collects the kernels and model scorers the nodes declare', () => {
    const a = defineNode({ ...base, type: 'a', kernels: { 'a-grow': grow }, scorers: { 'a-model': scorer } });
    const b = defineNode({ ...base, type: 'b' });
    const r = createRegistry([a, b]);
    expect(r.kernel('a-grow')).toBe(grow);
    expect(r.kernel('nope')).toBeUndefined();
    expect([...r.kernels().keys()]).toEqual(['a-grow']);
    expect(r.scorers().get('a-model')).toBe(scorer);
  });

  it('lets two nodes share the very same kernel, and refuses a name declared differently', () => {
    const a = defineNode({ ...base, type: 'a', kernels: { shared: grow } });
    const b = defineNode({ ...base, type: 'b', kernels: { shared: grow } });
    expect(createRegistry([a, b]).kernel('shared')).toBe(grow);
    const c = defineNode({ ...base, type: 'c', kernels: { shared: (t: { n: number }) => t.n } });
    expect(() => createRegistry([a, c])).toThrow('Node type "c" declares the parallel kernel "shared", which node type "a" already declares differently. Give it another name.');
    const d = defineNode({ ...base, type: 'd', scorers: { 'a-model': { score: () => new Float64Array(1) } } });
    const e = defineNode({ ...base, type: 'e', scorers: { 'a-model': scorer } });
    expect(() => createRegistry([e, d])).toThrow('Node type "d" declares a scorer for model kind "a-model", which node type "e" already declares differently.');
  });

  it('refuses a kernel or scorer that is not a function', () => {
    const bad = { ...base, type: 'bad', kernels: { k: 42 as never } };
    expect(() => createRegistry([bad])).toThrow('Node type "bad" declares the parallel kernel "k" without a function.');
  });
});
