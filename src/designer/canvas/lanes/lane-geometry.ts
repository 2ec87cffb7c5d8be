/**
 * Phase lanes: one horizontal band per CRISP-DM phase, in process order, behind the nodes. Pure
 * geometry, no React: `placeInLanes` moves laid-out nodes (x from ELK's layered layout, left → right)
 * into their phase's band; `lanesFromNodes` derives the bands from where the nodes are, so lanes
 * follow a node a person drags and match the layout exactly after "Tidy up".
 */
import { CRISP_PHASES, type CrispPhase } from '../../../core/node-definition.ts';
import type { XY } from '../../store/doc-edits.ts';

export const LANE_PAD = 28;
export const LANE_ROW_GAP = 28;
export const EMPTY_LANE_HEIGHT = 64;
/** Room left of the nodes for the lane's label. */
export const LANE_LABEL_WIDTH = 200;

export interface LaneNode {
  id: string;
  phase: CrispPhase;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Lane {
  phase: CrispPhase;
  top: number;
  height: number;
  count: number;
}

export interface LaneBands {
  lanes: Lane[];
  left: number;
  right: number;
}

/**
 * Keeps each node's x (its layer in the flow) and stacks the nodes of one phase in rows of that phase's
 * lane: a node goes to the first row where it overlaps no other node horizontally (greedy interval
 * packing, in order of the layout's y so the layout's vertical order is kept).
 */
export function placeInLanes(nodes: readonly LaneNode[]): Record<string, XY> {
  const out: Record<string, XY> = {};
  if (nodes.length === 0) return out;
  const minX = Math.min(...nodes.map((n) => n.x));
  let top = 0;
  for (const phase of CRISP_PHASES) {
    const inLane = nodes.filter((n) => n.phase === phase).sort((a, b) => a.y - b.y || a.x - b.x);
    if (inLane.length === 0) {
      top += EMPTY_LANE_HEIGHT;
      continue;
    }
    const rows: Array<Array<[number, number]>> = [];
    const rowOf = new Map<string, number>();
    for (const n of inLane) {
      const span: [number, number] = [n.x, n.x + n.width];
      let r = rows.findIndex((row) => row.every(([a, b]) => span[1] + 20 <= a || span[0] >= b + 20));
      if (r < 0) {
        r = rows.length;
        rows.push([]);
      }
      rows[r].push(span);
      rowOf.set(n.id, r);
    }
    const rowHeight = Math.max(...inLane.map((n) => n.height)) + LANE_ROW_GAP;
    for (const n of inLane) out[n.id] = { x: n.x - minX + LANE_LABEL_WIDTH, y: top + LANE_PAD + rowOf.get(n.id)! * rowHeight };
    top += 2 * LANE_PAD + rows.length * rowHeight - LANE_ROW_GAP;
  }
  return out;
}

/** The bands for nodes where they are now; after placeInLanes they enclose each lane's rows exactly. */
export function lanesFromNodes(nodes: readonly LaneNode[]): LaneBands {
  const lanes: Lane[] = [];
  const minX = nodes.length ? Math.min(...nodes.map((n) => n.x)) : LANE_LABEL_WIDTH;
  const maxX = nodes.length ? Math.max(...nodes.map((n) => n.x + n.width)) : LANE_LABEL_WIDTH + 600;
  const firstFilled = CRISP_PHASES.findIndex((p) => nodes.some((n) => n.phase === p));
  const firstTop = firstFilled < 0 ? 0 : Math.min(...nodes.filter((n) => n.phase === CRISP_PHASES[firstFilled]).map((n) => n.y)) - LANE_PAD;
  let cursor = firstFilled < 0 ? 0 : firstTop - firstFilled * EMPTY_LANE_HEIGHT;
  for (const phase of CRISP_PHASES) {
    const inLane = nodes.filter((n) => n.phase === phase);
    if (inLane.length === 0) {
      lanes.push({ phase, top: cursor, height: EMPTY_LANE_HEIGHT, count: 0 });
      cursor += EMPTY_LANE_HEIGHT;
      continue;
    }
    // Bands are contiguous: a lane starts where the one before ends and grows to hold its nodes.
    const bottom = Math.max(cursor + EMPTY_LANE_HEIGHT, Math.max(...inLane.map((n) => n.y + n.height)) + LANE_PAD);
    lanes.push({ phase, top: cursor, height: bottom - cursor, count: inLane.length });
    cursor = bottom;
  }
  return { lanes, left: minX - LANE_LABEL_WIDTH, right: maxX + LANE_PAD * 2 };
}
