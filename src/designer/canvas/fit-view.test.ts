import { describe, expect, it } from 'vitest';
import { FIT_MARGIN, MIN_READABLE_ZOOM, readableViewport } from './fit-view.ts';

const size = { width: 800, height: 500 };

describe('readableViewport', () => {
  it('centres a small pipeline at most at zoom 1', () => {
    const v = readableViewport({ x: 0, y: 0, width: 300, height: 100 }, size);
    expect(v.zoom).toBe(1);
    const availW = size.width - FIT_MARGIN.left - FIT_MARGIN.right;
    expect(v.x).toBeCloseTo(FIT_MARGIN.left + (availW - 300) / 2);
  });

  it('shrinks a medium pipeline to fit when that stays readable', () => {
    const v = readableViewport({ x: 100, y: 50, width: 1000, height: 300 }, size);
    expect(v.zoom).toBeCloseTo((800 - 64) / 1000);
    expect(v.zoom).toBeGreaterThanOrEqual(MIN_READABLE_ZOOM);
  });

  it('never goes below the readable zoom: a wide pipeline starts at its left edge', () => {
    const v = readableViewport({ x: 200, y: 0, width: 4000, height: 500 }, size);
    expect(v.zoom).toBe(MIN_READABLE_ZOOM);
    // The left edge of the pipeline (its sources) sits at the left margin.
    expect(v.x + 200 * v.zoom).toBeCloseTo(FIT_MARGIN.left);
    // 500 px tall at the readable zoom fits the height: centred vertically.
    const availH = size.height - FIT_MARGIN.top - FIT_MARGIN.bottom;
    expect(v.y).toBeCloseTo(FIT_MARGIN.top + (availH - 500 * MIN_READABLE_ZOOM) / 2);
  });

  it('puts the top at the margin when the pipeline is too tall even at the readable zoom', () => {
    const v = readableViewport({ x: 0, y: -100, width: 400, height: 3000 }, size);
    expect(v.zoom).toBe(MIN_READABLE_ZOOM);
    expect(v.y + -100 * v.zoom).toBeCloseTo(FIT_MARGIN.top);
  });
});
