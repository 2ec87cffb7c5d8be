import { describe, expect, it } from 'vitest';
import type { Column } from '../../core/table/table.ts';
import { TEXT_DISTINCT_CAP, createProfileJob, profileColumn, runProfileInSlices } from './column-profile.ts';

const num = (name: string, xs: number[], type: 'number' | 'integer' | 'boolean' | 'date' = 'number'): Column => ({
  name,
  type,
  values: Float64Array.from(xs),
});

describe('column profile', () => {
  it('profiles a number column: missing, range, mean, 20 equal bins with the max in the last bin', () => {
    const xs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN, NaN];
    const p = profileColumn(num('x', xs), xs.length);
    expect(p).toMatchObject({ name: 'x', type: 'number', n: 13, missing: 2, min: 0, max: 10, mean: 5 });
    expect(p.missingPct).toBeCloseTo((100 * 2) / 13, 10);
    expect(p.histogram).toHaveLength(20);
    expect(p.histogram![0]).toEqual({ x0: 0, x1: 0.5, count: 1 });
    expect(p.histogram![19]).toEqual({ x0: 9.5, x1: 10, count: 1 });
    expect(p.histogram!.reduce((s, b) => s + b.count, 0)).toBe(11);
  });

  it('gives small-range integers one bin per value', () => {
    const p = profileColumn(num('rating', [1, 2, 2, 3, 5, 5, 5], 'integer'), 7);
    expect(p.histogram!.map((b) => b.count)).toEqual([1, 2, 1, 0, 3]);
    expect(p.histogram![0]).toMatchObject({ x0: 0.5, x1: 1.5 });
  });

  it('handles a constant column and an all-missing column', () => {
    expect(profileColumn(num('c', [4, 4, 4]), 3).histogram).toEqual([{ x0: 4, x1: 4, count: 3 }]);
    const empty = profileColumn(num('e', [NaN, NaN]), 2);
    expect(empty.missingPct).toBe(100);
    expect(empty.histogram).toBeUndefined();
  });

  it('profiles booleans as top values', () => {
    const p = profileColumn(num('b', [1, 0, 1, 1, NaN], 'boolean'), 5);
    expect(p.top).toEqual([
      { value: 'true', count: 3 },
      { value: 'false', count: 1 },
    ]);
    expect(p.missing).toBe(1);
  });

  it('profiles categories: top counts largest first, missing code -1', () => {
    const c: Column = { name: 'g', type: 'category', role: 'protected', categories: ['A', 'B', 'C'], codes: Int32Array.from([0, 1, 1, -1, 1, 2, 0]) };
    const p = profileColumn(c, 7);
    expect(p.role).toBe('protected');
    expect(p.top).toEqual([
      { value: 'B', count: 3 },
      { value: 'A', count: 2 },
      { value: 'C', count: 1 },
    ]);
    expect(p.distinct).toBe(3);
    expect(p.missing).toBe(1);
  });

  it('profiles text with a cap on distinct values', () => {
    const values: Array<string | null> = [];
    for (let i = 0; i < TEXT_DISTINCT_CAP + 10; i++) values.push(`v${i}`);
    values.push('v1', 'v1', null);
    const p = profileColumn({ name: 't', type: 'text', values }, values.length);
    expect(p.top![0]).toEqual({ value: 'v1', count: 3 });
    expect(p.distinct).toBe(TEXT_DISTINCT_CAP);
    expect(p.distinctCapped).toBe(true);
    expect(p.missing).toBe(1);
  });

  it('gives the same result in small steps as in one go', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => (i % 13 === 0 ? NaN : Math.sin(i) * 100));
    const col = num('s', xs);
    const job = createProfileJob(col, xs.length);
    let steps = 0;
    while (!job.step(7)) steps++;
    expect(steps).toBeGreaterThan(100);
    expect(job.result()).toEqual(profileColumn(col, xs.length));
  });

  it('runs in slices, yielding between them, and stops when aborted', async () => {
    const n = 200_000;
    const col = num('big', Array.from({ length: n }, (_, i) => i));
    let yields = 0;
    const p = await runProfileInSlices(col, n, {
      budgetMs: 0,
      rowsPerStep: 10_000,
      yieldFn: async () => {
        yields++;
      },
    });
    expect(yields).toBeGreaterThanOrEqual(39); // two passes of 20 steps
    expect(p.max).toBe(n - 1);
    const ac = new AbortController();
    ac.abort();
    await expect(runProfileInSlices(col, n, { signal: ac.signal })).rejects.toThrow(/cancelled/);
  });

  it('does no work before its first yield (it is started from the effect that mounts the viewer)', async () => {
    const values = Float64Array.from([3, 1, 2]);
    const reads: string[] = [];
    // Records every row the profile reads, so the test sees when work starts.
    const watched = new Proxy(values, {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads.push(key);
        const v = Reflect.get(target, key, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    let release: () => void = () => undefined;
    let yields = 0;
    const job = runProfileInSlices({ name: 'x', type: 'number', values: watched }, 3, {
      yieldFn: () => {
        yields++;
        return yields === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
      },
    });
    await Promise.resolve();
    expect(yields).toBe(1);
    expect(reads).toEqual([]);
    release();
    const p = await job;
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect([p.min, p.max]).toEqual([1, 3]);
  });
});
