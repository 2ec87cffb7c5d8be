/**
 * The results dock's height: what the person chose (saved between sessions), clamped to what the
 * container can give while the canvas keeps its minimum. The chosen height is kept when the window
 * shrinks, so making it larger again brings the dock back to its old size.
 *
 * The height reaches the layout as the CSS variable --cf-dock-height on the splitter's parent (the
 * grid holding canvas and dock), set here directly, so dragging re-renders only the splitter and not
 * the whole shell with its canvas. The parent is found from the splitter's own ref because a parent's
 * ref is not yet attached when a child's layout effects run.
 */
import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';
import { clampDockHeight, DOCK_DEFAULT_HEIGHT, loadDockHeight, maxDockHeight, saveDockHeight } from './dock-size.ts';

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // access denied (sandboxed frame)
  }
}

/** Pixels of the container shared by canvas and dock: everything except children marked data-dock-chrome. */
function availableHeight(container: HTMLElement): number {
  // Fractional sizes (a 46.2px header): rounding here could let the dock push the canvas below its minimum.
  let chrome = 0;
  for (const child of container.querySelectorAll(':scope > [data-dock-chrome]')) chrome += child.getBoundingClientRect().height;
  return container.getBoundingClientRect().height - chrome;
}

export interface DockHeight {
  /** The height in use (chosen height within the limits). */
  height: number;
  max: number;
  /** Shows a height now; saves it when `persist` is set (end of a drag, key press, reset). */
  setHeight(height: number, persist: boolean): void;
  reset(): void;
}

export function useDockHeight(splitterRef: RefObject<HTMLElement | null>): DockHeight {
  const [chosen, setChosen] = useState(() => loadDockHeight(storage()));
  const [max, setMax] = useState(Number.POSITIVE_INFINITY);
  const height = clampDockHeight(chosen, max);

  // Measure before the first paint and whenever the window (so the container) changes size.
  useLayoutEffect(() => {
    const container = splitterRef.current?.parentElement;
    if (!container) return;
    const measure = () => setMax(maxDockHeight(availableHeight(container)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(container);
    return () => observer.disconnect();
  }, [splitterRef]);

  useLayoutEffect(() => {
    splitterRef.current?.parentElement?.style.setProperty('--cf-dock-height', `${height}px`);
  }, [splitterRef, height]);

  const setHeight = useCallback(
    (next: number, persist: boolean) => {
      const clamped = clampDockHeight(next, max);
      setChosen(clamped);
      if (persist) saveDockHeight(storage(), clamped);
    },
    [max],
  );
  // The default is saved as such (not clamped), so it applies in full once the window is tall enough.
  const reset = useCallback(() => {
    setChosen(DOCK_DEFAULT_HEIGHT);
    saveDockHeight(storage(), DOCK_DEFAULT_HEIGHT);
  }, []);
  return { height, max: Number.isFinite(max) ? max : height, setHeight, reset };
}
