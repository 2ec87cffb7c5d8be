import { describe, expect, it } from 'vitest';
import { createNodeContext } from './node-context.ts';

describe('ctx.parallel without a worker pool', () => {
  const kernels = (name: string) =>
    name === 'scaled-sum' ? ((task: { values: number[] }, shared: { factor: number }) => task.values.reduce((a, b) => a + b, 0) * shared.factor) as never : undefined;

  it('runs the kernel tasks in this thread, in order, and says so in the log once', async () => {
    const logs: string[] = [];
    const ctx = createNodeContext({ nodeId: 'n', kernels, onLog: (m) => logs.push(m) });
    expect(await ctx.parallel('scaled-sum', [{ values: [1, 2] }, { values: [3] }], { factor: 10 })).toEqual([30, 30]);
    expect(await ctx.parallel('scaled-sum', [{ values: [5] }], { factor: 2 })).toEqual([10]);
    expect(logs).toEqual(['Ran the "scaled-sum" tasks in this thread, one after another: no worker pool is available here.']);
  });

  it('names an unknown kernel and where to declare it', async () => {
    const ctx = createNodeContext({ nodeId: 'n', kernels });
    await expect(ctx.parallel('nope', [1])).rejects.toThrow('No parallel kernel named "nope". Declare it in the "kernels" of the node definition that uses it.');
    await expect(createNodeContext({ nodeId: 'n' }).parallel('scaled-sum', [1])).rejects.toThrow('No parallel kernel named "scaled-sum"');
  });

  it('stops between tasks when the run is cancelled', async () => {
    const controller = new AbortController();
    let ran = 0;
    const ctx = createNodeContext({
      nodeId: 'n',
      signal: controller.signal,
      kernels: () => (() => {
        ran++;
        controller.abort();
        return ran;
      }) as never,
    });
    await expect(ctx.parallel('k', [1, 2, 3])).rejects.toMatchObject({ name: 'AbortError' });
    expect(ran).toBe(1);
  });

  it('uses the pool when the host gives one', async () => {
    const ctx = createNodeContext({ nodeId: 'n', kernels, parallel: async <T, R>(_k: string, tasks: T[]) => tasks.map(() => 7 as R) });
    expect(await ctx.parallel('scaled-sum', [{ values: [1] }], { factor: 1 })).toEqual([7]);
  });
});
