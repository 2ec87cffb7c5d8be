/**
 * How "Fit view" frames the pipeline: a margin all round, and at the bottom enough room for the
 * minimap (bottom-right corner), so it never covers the last nodes of a large template.
 */
import type { FitViewOptions } from '@xyflow/react';

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
