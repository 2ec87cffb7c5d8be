import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { collectGarbageNow, collectGarbageSoon } from './collect-garbage.ts';

const MB = 2 ** 20;
const holder = globalThis as { gc?: () => void };
let calls = 0;
let saved: (() => void) | undefined;
/** What process.memoryUsage reports as live (heap + external) from now on. */
let live = 0;

beforeEach(() => {
  vi.useFakeTimers();
  saved = holder.gc;
  calls = 0;
  holder.gc = () => void calls++;
  live = 0;
  vi.spyOn(process, 'memoryUsage').mockImplementation(() => ({ rss: 0, heapTotal: 0, heapUsed: live * 0.75, external: live * 0.25, arrayBuffers: 0 }));
  // A collection from an earlier test resets what is pending (and leaves `live` live).
  collectGarbageNow();
  calls = 0;
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  holder.gc = saved;
});

describe('collectGarbageSoon', () => {
  it('collects once for several requests in the same turn', () => {
    collectGarbageSoon();
    collectGarbageSoon(100 * MB);
    expect(calls).toBe(0);
    vi.runAllTimers();
    expect(calls).toBe(1);
  });

  it('puts off collecting a little garbage until 8 MB have piled up when little is live', () => {
    collectGarbageSoon(3 * MB);
    collectGarbageSoon(3 * MB);
    vi.runAllTimers();
    expect(calls).toBe(0);
    collectGarbageSoon(3 * MB);
    vi.runAllTimers();
    expect(calls).toBe(1);
    // Counted afresh after a collection.
    collectGarbageSoon(3 * MB);
    vi.runAllTimers();
    expect(calls).toBe(1);
  });

  it('waits for garbage of half the memory the last collection left live (heap and buffers)', () => {
    live = 80 * MB;
    collectGarbageNow();
    calls = 0;
    // Later growth of the live memory does not move the bar: it is what the collection left.
    live = 800 * MB;
    for (let i = 0; i < 4; i++) collectGarbageSoon(9 * MB);
    vi.runAllTimers();
    expect(calls).toBe(0);
    collectGarbageSoon(4 * MB);
    vi.runAllTimers();
    expect(calls).toBe(1);
    // That collection left 800 MB live: 100 MB of garbage is not enough now, 400 MB is.
    collectGarbageSoon(100 * MB);
    vi.runAllTimers();
    expect(calls).toBe(1);
    collectGarbageSoon(300 * MB);
    vi.runAllTimers();
    expect(calls).toBe(2);
  });

  it('does nothing without an exposed gc (the browser, a process started without --expose-gc)', () => {
    holder.gc = undefined;
    collectGarbageSoon();
    collectGarbageNow();
    vi.runAllTimers();
    expect(calls).toBe(0);
  });
});
