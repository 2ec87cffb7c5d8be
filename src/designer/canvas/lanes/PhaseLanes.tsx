/**
 * The phase-lanes view: a toggle in the toolbar beside Tidy up and, when on, one labelled band per
 * CRISP-DM phase drawn behind the nodes (it moves and zooms with the canvas). Turning lanes on tidies
 * the nodes into their lanes once; after that "Tidy up" keeps them there.
 */
import { useMemo } from 'react';
import { useNodes, useViewport } from '@xyflow/react';
import { useStore } from 'zustand';
import { useRegistry } from '../../store/context.tsx';
import { PHASE_COLOR, PHASE_LABEL } from '../../theme.ts';
import type { CardNode } from '../flow-mapping.ts';
import { useCanvasActions } from '../use-canvas-actions.ts';
import { lanesFromNodes, type LaneNode } from './lane-geometry.ts';
import { lanesView, setLanesOn } from './lanes-store.ts';
import './lanes.css';

const FALLBACK = { width: 220, height: 110 };

/** The lanes drawn behind the nodes when the view is on (rendered inside React Flow). */
export function PhaseLanes() {
  const on = useStore(lanesView, (s) => s.on);
  return on ? <LaneBands /> : null;
}

/** The toolbar toggle: turning lanes on tidies the nodes into their lanes once. */
export function LanesToggle() {
  const on = useStore(lanesView, (s) => s.on);
  const { autoLayout } = useCanvasActions();
  return (
    <button
      type="button"
      className="cf-btn cf-btn-quiet cf-lanes-toggle"
      aria-pressed={on}
      data-testid="lanes-toggle"
      title="Show one lane per CRISP-DM phase behind the nodes; Tidy up keeps nodes in their lanes"
      onClick={() => {
        setLanesOn(!on);
        if (!on) void autoLayout();
      }}
    >
      Phase lanes
    </button>
  );
}

function LaneBands() {
  const registry = useRegistry();
  const nodes = useNodes<CardNode>();
  const { x, y, zoom } = useViewport();
  const bands = useMemo(() => {
    const laneNodes: LaneNode[] = nodes.map((n) => ({
      id: n.id,
      phase: registry.get(n.data.node.type)?.phase ?? 'data-preparation',
      x: n.position.x,
      y: n.position.y,
      width: n.measured?.width ?? FALLBACK.width,
      height: n.measured?.height ?? FALLBACK.height,
    }));
    return lanesFromNodes(laneNodes);
  }, [nodes, registry]);
  const width = bands.right - bands.left;
  // Labels are drawn unscaled and stick to the canvas' left edge, so they stay readable at any zoom and pan.
  const labelLeft = Math.max(8, x + bands.left * zoom + 10);
  return (
    <div className="cf-lanes" data-testid="phase-lanes" aria-hidden="true">
      <div className="cf-lanes-plane" style={{ transform: `translate(${x}px, ${y}px) scale(${zoom})` }}>
        {bands.lanes.map((lane, i) => (
          <div
            key={lane.phase}
            className="cf-lane"
            data-phase={lane.phase}
            style={{
              left: bands.left,
              top: lane.top,
              width,
              height: lane.height,
              borderLeftColor: PHASE_COLOR[lane.phase],
              background: `color-mix(in srgb, ${PHASE_COLOR[lane.phase]} ${i % 2 ? 13 : 9}%, white)`,
            }}
          />
        ))}
      </div>
      {bands.lanes.map((lane) => (
        <span
          key={lane.phase}
          className="cf-lane-label"
          data-phase={lane.phase}
          style={{ left: labelLeft, top: y + lane.top * zoom + 6, borderLeftColor: PHASE_COLOR[lane.phase] }}
        >
          {PHASE_LABEL[lane.phase]}
        </span>
      ))}
    </div>
  );
}
