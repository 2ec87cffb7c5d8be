import { describe, expect, it, vi } from 'vitest';
import { preloadable } from './preloadable.ts';

describe('preloadable module', () => {
  it('imports once and marks the promise fulfilled, so use() can read it without suspending', async () => {
    const importer = vi.fn(async () => ({ answer: 42 }));
    const m = preloadable(importer);
    const p = m.load() as Promise<{ answer: number }> & { status?: string; value?: { answer: number } };
    expect(p.status).toBe('pending');
    expect(m.load()).toBe(p);
    await p;
    expect(p.status).toBe('fulfilled');
    expect(p.value).toEqual({ answer: 42 });
    expect(importer).toHaveBeenCalledTimes(1);
  });

  it('preloads once when idle (a timer where requestIdleCallback is missing)', async () => {
    vi.useFakeTimers();
    try {
      const importer = vi.fn(async () => 'module');
      const m = preloadable(importer);
      m.preloadWhenIdle();
      m.preloadWhenIdle();
      expect(importer).not.toHaveBeenCalled();
      await vi.runAllTimersAsync();
      expect(importer).toHaveBeenCalledTimes(1);
      m.load();
      expect(importer).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('tries again after a failed import (a prefetch that failed offline)', async () => {
    let fail = true;
    const importer = vi.fn(async () => {
      if (fail) throw new Error('offline');
      return 'module';
    });
    const m = preloadable(importer);
    const first = m.load() as Promise<string> & { status?: string; reason?: unknown };
    await expect(first).rejects.toThrow('offline');
    expect(first.status).toBe('rejected');
    fail = false;
    await expect(m.load()).resolves.toBe('module');
    expect(importer).toHaveBeenCalledTimes(2);
  });
});
