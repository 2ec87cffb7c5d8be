/**
 * How "Fit view" frames the pipeline: a margin all round, and at the bottom enough room for the
 * minimap (bottom-right corner), so it never covers the last nodes of a large template.
 *
 * A large pipeline is never shrunk below MIN_READABLE_ZOOM: fitting 20 nodes into a laptop canvas
 * would make card text about 6 px high. Past that limit the view starts where the data starts (the
 * left edge of the pipeline, sources first) and the rest is a pan or the minimap away. Below
 * COMPACT_ZOOM the cards switch to their compact form (large title and status only).
 */
import type { FitViewOptions, Rect } from '@xyflow/react';

/** The minimap's size in px (smaller than the library's 200×150 default). */
export const MINIMAP_SIZE = { width: 168, height: 112 } as const;
/** React Flow's panel margin around the minimap, plus a little air. */
const MINIMAP_MARGIN = 15 + 12;

export const FIT_VIEW_PADDING: FitViewOptions['padding'] = {
  top: '8%',
  left: '6%',
  right: '6%',
  bottom: `${MINIMAP_SIZE.height + MINIMAP_MARGIN}px`,
};

export const FIT_VIEW_OPTIONS = { padding: FIT_VIEW_PADDING, maxZoom: 1 } satisfies FitViewOptions;

/** The smallest zoom a fit goes to: compact card titles (20 px) are then 11 px high on screen. */
export const MIN_READABLE_ZOOM = 0.55;
/** Below this zoom cards show their compact form. */
export const COMPACT_ZOOM = 0.75;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** Margins of a fit in screen px. */
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const FIT_MARGIN: Margin = { top: 32, right: 32, bottom: MINIMAP_SIZE.height + MINIMAP_MARGIN, left: 32 };

/**
 * The viewport showing `bounds` (flow coordinates) in a `size` px canvas: centred and as large as fits
 * up to `maxZoom`; when that would be below `minZoom`, at `minZoom` with the pipeline's left edge
 * (and its top, if it is too tall) at the margin.
 */
export function readableViewport(
  bounds: Rect,
  size: { width: number; height: number },
  opts: { minZoom?: number; maxZoom?: number; margin?: Margin } = {},
): Viewport {
  const { minZoom = MIN_READABLE_ZOOM, maxZoom = 1, margin = FIT_MARGIN } = opts;
  const availW = Math.max(1, size.width - margin.left - margin.right);
  const availH = Math.max(1, size.height - margin.top - margin.bottom);
  const w = Math.max(1, bounds.width);
  const h = Math.max(1, bounds.height);
  const fit = Math.min(maxZoom, availW / w, availH / h);
  const zoom = Math.max(fit, Math.min(minZoom, maxZoom));
  const x = w * zoom <= availW ? margin.left + (availW - w * zoom) / 2 - bounds.x * zoom : margin.left - bounds.x * zoom;
  const y = h * zoom <= availH ? margin.top + (availH - h * zoom) / 2 - bounds.y * zoom : margin.top - bounds.y * zoom;
  return { x, y, zoom };
}
