/**
 * Size rules for the results dock under the canvas: limits that keep both the canvas and the dock
 * usable, the keyboard steps of its splitter, and the height saved between sessions.
 * Pure (no React, no DOM) so the rules are tested without a browser.
 */

/** Smallest dock: the port tabs and a few lines of a result stay visible. */
export const DOCK_MIN_HEIGHT = 120;
/** Height on first start and after a double-click on the splitter. */
export const DOCK_DEFAULT_HEIGHT = 380;
/** The canvas keeps at least this much, so a tall dock cannot hide the pipeline. */
export const CANVAS_MIN_HEIGHT = 160;
/** One arrow-key press moves the splitter by this many pixels. */
export const DOCK_KEY_STEP = 16;
/** Page Up / Page Down move it by this much. */
export const DOCK_PAGE_STEP = 96;

export const DOCK_HEIGHT_KEY = 'crispflow.dockHeight';

/** Largest dock for `available` pixels shared by canvas and dock; never below the dock's minimum. */
export function maxDockHeight(available: number): number {
  return Math.max(DOCK_MIN_HEIGHT, Math.floor(available - CANVAS_MIN_HEIGHT));
}

export function clampDockHeight(height: number, max: number): number {
  return Math.round(Math.min(Math.max(height, DOCK_MIN_HEIGHT), Math.max(max, DOCK_MIN_HEIGHT)));
}

/**
 * The dock height after a key press on the horizontal splitter, or null when the key does nothing.
 * The splitter sits above the dock: moving it up (ArrowUp) makes the dock taller. Home/End give the
 * dock its smallest/largest size, as in the WAI-ARIA window-splitter pattern.
 */
export function dockHeightForKey(key: string, height: number, max: number): number | null {
  switch (key) {
    case 'ArrowUp':
      return clampDockHeight(height + DOCK_KEY_STEP, max);
    case 'ArrowDown':
      return clampDockHeight(height - DOCK_KEY_STEP, max);
    case 'PageUp':
      return clampDockHeight(height + DOCK_PAGE_STEP, max);
    case 'PageDown':
      return clampDockHeight(height - DOCK_PAGE_STEP, max);
    case 'Home':
      return DOCK_MIN_HEIGHT;
    case 'End':
      return clampDockHeight(max, max);
    default:
      return null;
  }
}

type HeightStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The saved height, or the default when nothing (or nothing sensible) was saved. */
export function loadDockHeight(storage: HeightStorage | undefined): number {
  const raw = storage?.getItem(DOCK_HEIGHT_KEY);
  const saved = raw == null ? NaN : Number(raw);
  return Number.isFinite(saved) && saved >= DOCK_MIN_HEIGHT ? Math.round(saved) : DOCK_DEFAULT_HEIGHT;
}

export function saveDockHeight(storage: HeightStorage | undefined, height: number): void {
  try {
    storage?.setItem(DOCK_HEIGHT_KEY, String(Math.round(height)));
  } catch {
    // Storage full or blocked (private mode): the size simply is not remembered.
  }
}
