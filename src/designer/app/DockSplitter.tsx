import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { dockHeightForKey, DOCK_MIN_HEIGHT } from './dock-size.ts';
import { useDockHeight } from './use-dock-height.ts';

interface Drag {
  pointerId: number;
  startY: number;
  startHeight: number;
  height: number;
}

/**
 * The handle between canvas and results dock (WAI-ARIA window splitter): drag it with the pointer,
 * move it with the arrow keys (Page Up/Down for bigger steps, Home/End for the smallest/largest dock),
 * double-click to go back to the default height. Its value is the dock's height in pixels.
 * Place it in the grid between canvas and dock; other fixed rows of that grid carry data-dock-chrome.
 */
export function DockSplitter({ controls }: { controls: string }) {
  const self = useRef<HTMLDivElement>(null);
  const { height, max, setHeight, reset } = useDockHeight(self);
  const drag = useRef<Drag | null>(null);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    // No text selection while dragging; focus so the keyboard can fine-tune right after.
    e.preventDefault();
    e.currentTarget.focus();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { pointerId: e.pointerId, startY: e.clientY, startHeight: height, height };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    // The handle sits above the dock: moving it up makes the dock taller.
    d.height = d.startHeight - (e.clientY - d.startY);
    setHeight(d.height, false);
  };
  const endDrag = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    drag.current = null;
    if (d.height !== d.startHeight) setHeight(d.height, true);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = dockHeightForKey(e.key, height, max);
    if (next === null) return;
    e.preventDefault();
    setHeight(next, true);
  };

  return (
    <div
      ref={self}
      className="cf-dock-splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize results panel"
      aria-controls={controls}
      aria-valuenow={height}
      aria-valuemin={DOCK_MIN_HEIGHT}
      aria-valuemax={max}
      aria-valuetext={`Results panel ${height} pixels high`}
      tabIndex={0}
      title="Drag to resize the results, double-click for the default size"
      data-dock-chrome=""
      data-testid="dock-splitter"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
      onLostPointerCapture={endDrag}
      onDoubleClick={reset}
      onKeyDown={onKeyDown}
    />
  );
}
