import { describe, expect, it } from 'vitest';
import { MAX_SCROLL_HEIGHT, rowWindow, scrollTopForRow } from './row-window.ts';

describe('row window', () => {
  it('is the plain window when the table fits under the height cap', () => {
    const w = rowWindow({ scrollTop: 2600, viewportHeight: 260, count: 1000, rowHeight: 26, overscan: 2 });
    expect(w.totalHeight).toBe(26_000);
    expect(w.offset).toBe(2600);
    expect([w.first, w.last]).toEqual([98, 112]); // rows 100..109 visible, 2 rows of overscan each side
    expect(w.top(100)).toBe(2600);
    expect(w.top(101)).toBe(2626);
  });

  it('clamps at both ends and handles short and empty tables', () => {
    const end = rowWindow({ scrollTop: 1e9, viewportHeight: 260, count: 1000, rowHeight: 26, overscan: 0 });
    expect(end.last).toBe(1000);
    expect(end.top(999) + 26).toBe(26_000); // last row's bottom on the viewport's bottom edge
    const short = rowWindow({ scrollTop: 50, viewportHeight: 500, count: 3, rowHeight: 26 });
    expect([short.first, short.last, short.totalHeight]).toEqual([0, 3, 78]);
    const empty = rowWindow({ scrollTop: 0, viewportHeight: 500, count: 0, rowHeight: 26 });
    expect([empty.first, empty.last]).toEqual([0, 0]);
  });

  it('compresses tables taller than the cap and still reaches every row', () => {
    const count = 10_000_000;
    const vh = 520;
    const top = rowWindow({ scrollTop: 0, viewportHeight: vh, count, rowHeight: 26, overscan: 0 });
    expect(top.totalHeight).toBe(MAX_SCROLL_HEIGHT);
    expect([top.first, top.last]).toEqual([0, 20]);
    const bottom = rowWindow({ scrollTop: MAX_SCROLL_HEIGHT - vh, viewportHeight: vh, count, rowHeight: 26, overscan: 0 });
    expect(bottom.last).toBe(count);
    expect(bottom.first).toBe(count - 20);
    // rows are drawn inside the viewport, contiguous
    expect(bottom.top(count - 20)).toBe(MAX_SCROLL_HEIGHT - vh);
    expect(bottom.top(count - 19) - bottom.top(count - 20)).toBe(26);
    // the middle of the scrollbar is the middle of the table
    const mid = rowWindow({ scrollTop: (MAX_SCROLL_HEIGHT - vh) / 2, viewportHeight: vh, count, rowHeight: 26, overscan: 0 });
    expect(Math.abs(mid.first - (count - 20) / 2)).toBeLessThanOrEqual(1);
  });

  it('finds the scrollTop that shows a given row first', () => {
    for (const count of [1000, 10_000_000]) {
      const st = scrollTopForRow({ row: 777, viewportHeight: 520, count, rowHeight: 26 });
      const w = rowWindow({ scrollTop: st, viewportHeight: 520, count, rowHeight: 26, overscan: 0 });
      expect(w.first).toBe(777);
    }
  });
});
