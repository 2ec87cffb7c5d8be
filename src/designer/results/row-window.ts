/**
 * Which rows of a fixed-row-height grid are in view, in O(1): no per-row measurements, so a table
 * of any length costs the same (a generic virtualiser keeps one measurement object per row, which
 * is 1,000,000 objects for a 1M-row table).
 *
 * Browsers cap an element's height (about 33.5M px in Chromium, 17.9M px in Firefox), so past
 * `maxHeight` the scroll range is compressed: the scrollbar position maps linearly onto the rows
 * and the visible rows are drawn relative to the viewport.
 */

export const MAX_SCROLL_HEIGHT = 15_000_000;

export interface RowWindow {
  /** Height of the scrollable area (≤ maxHeight). */
  totalHeight: number;
  /** First row to render (inclusive) and last (exclusive), overscan included. */
  first: number;
  last: number;
  /** Content pixels above the viewport's top edge (row i starts at i * rowHeight). */
  offset: number;
  /** Where row i goes inside the scrollable area (add any header height). */
  top(i: number): number;
}

export function rowWindow(args: {
  scrollTop: number;
  viewportHeight: number;
  count: number;
  rowHeight: number;
  overscan?: number;
  maxHeight?: number;
}): RowWindow {
  const { count, rowHeight, overscan = 6, maxHeight = MAX_SCROLL_HEIGHT } = args;
  const vh = Math.max(0, args.viewportHeight);
  const contentHeight = count * rowHeight;
  const totalHeight = Math.min(contentHeight, maxHeight);
  const scrollable = Math.max(0, totalHeight - vh);
  const contentScrollable = Math.max(0, contentHeight - vh);
  const scrollTop = Math.min(Math.max(0, args.scrollTop), scrollable);
  const offset = scrollable > 0 ? (scrollTop / scrollable) * contentScrollable : 0;
  const first = Math.max(0, Math.floor(offset / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((offset + vh) / rowHeight) + overscan);
  return {
    totalHeight,
    first,
    last,
    offset,
    top: (i) => scrollTop + i * rowHeight - offset,
  };
}

/** The scrollTop that brings row `i` to the top of the viewport (inverse of the mapping above). */
export function scrollTopForRow(args: { row: number; viewportHeight: number; count: number; rowHeight: number; maxHeight?: number }): number {
  const { row, count, rowHeight, maxHeight = MAX_SCROLL_HEIGHT } = args;
  const vh = Math.max(0, args.viewportHeight);
  const contentHeight = count * rowHeight;
  const scrollable = Math.max(0, Math.min(contentHeight, maxHeight) - vh);
  const contentScrollable = Math.max(0, contentHeight - vh);
  if (contentScrollable === 0) return 0;
  return (Math.min(row * rowHeight, contentScrollable) / contentScrollable) * scrollable;
}
