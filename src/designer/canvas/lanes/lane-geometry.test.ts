import { describe, expect, it } from 'vitest';
import { CRISP_PHASES } from '../../../core/node-definition.ts';
import { EMPTY_LANE_HEIGHT, LANE_LABEL_WIDTH, LANE_PAD, lanesFromNodes, placeInLanes, type LaneNode } from './lane-geometry.ts';

const n = (id: string, phase: LaneNode['phase'], x: number, y: number): LaneNode => ({ id, phase, x, y, width: 200, height: 100 });

/** promotion-baseline as ELK lays it out (one row, left to right), plus a note and a fairness node. */
const flow = [
  n('note', 'business-understanding', 0, 300),
  n('source', 'data-understanding', 0, 0),
  n('split', 'data-preparation', 270, 0),
  n('train-lr', 'modeling', 540, 0),
  n('evaluate', 'evaluation', 810, 0),
  n('fair', 'evaluation', 810, 140),
];

describe('phase lanes', () => {
  it('keeps flow order in x and puts every node inside its own lane, lanes in CRISP-DM order', () => {
    const pos = placeInLanes(flow);
    const placed = flow.map((f) => ({ ...f, ...pos[f.id] }));
    expect(pos.source.x).toBe(LANE_LABEL_WIDTH);
    expect(pos.split.x - pos.source.x).toBe(270);
    const { lanes } = lanesFromNodes(placed);
    expect(lanes.map((l) => l.phase)).toEqual([...CRISP_PHASES]);
    for (const p of placed) {
      const lane = lanes.find((l) => l.phase === p.phase)!;
      expect(p.y).toBeGreaterThanOrEqual(lane.top + LANE_PAD);
      expect(p.y + p.height).toBeLessThanOrEqual(lane.top + lane.height - LANE_PAD + 1e-9);
    }
    // Lanes are contiguous and the empty deployment lane has the empty height.
    for (let i = 1; i < lanes.length; i++) expect(lanes[i].top).toBe(lanes[i - 1].top + lanes[i - 1].height);
    expect(lanes[5]).toMatchObject({ phase: 'deployment', count: 0, height: EMPTY_LANE_HEIGHT });
  });

  it('stacks nodes of one lane that would overlap in x into rows, and leaves side-by-side ones in one row', () => {
    const pos = placeInLanes(flow);
    expect(pos.fair.y).toBeGreaterThan(pos.evaluate.y + 100);
    const wide = placeInLanes([n('a', 'modeling', 0, 0), n('b', 'modeling', 300, 50)]);
    expect(wide.a.y).toBe(wide.b.y);
  });

  it('draws six labelled empty lanes on an empty canvas', () => {
    const { lanes } = lanesFromNodes([]);
    expect(lanes).toHaveLength(6);
    expect(lanes.every((l) => l.height === EMPTY_LANE_HEIGHT)).toBe(true);
  });
});
