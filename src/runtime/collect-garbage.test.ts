import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { collectGarbageNow, collectGarbageSoon } from './collect-garbage.ts';

const MB = 2 ** 20;
const holder = globalThis as { gc?: () => void };
let calls = 0;
let saved: (() => void) | undefined;

beforeEach(() => {
  vi.useFakeTimers();
  saved = holder.gc;
  calls = 0;
  holder.gc = () => void calls++;
  // A collection from an earlier test resets what is pending.
  collectGarbageNow();
  calls = 0;
});
afterEach(() => {
  vi.useRealTimers();
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

  it('puts off collecting a little garbage until enough has piled up', () => {
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

  it('does nothing without an exposed gc (the browser, a process started without --expose-gc)', () => {
    holder.gc = undefined;
    collectGarbageSoon();
    collectGarbageNow();
    vi.runAllTimers();
    expect(calls).toBe(0);
  });
});
