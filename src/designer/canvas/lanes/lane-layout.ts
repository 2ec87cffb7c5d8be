/** "Tidy up" with phase lanes on: ELK's layered layout for the flow order, then each node into its phase's lane. */
import type { PipelineDocument } from '../../../core/document.ts';
import type { NodeRegistry } from '../../../core/registry.ts';
import type { XY } from '../../store/doc-edits.ts';
import { layoutPositions } from '../auto-layout.ts';
import { placeInLanes, type LaneNode } from './lane-geometry.ts';

const DEFAULT_SIZE = { width: 220, height: 110 };

export async function laneLayoutPositions(
  doc: PipelineDocument,
  sizes: Record<string, { width: number; height: number } | undefined>,
  registry: NodeRegistry,
): Promise<Record<string, XY>> {
  const flow = await layoutPositions(doc, sizes);
  const nodes: LaneNode[] = doc.nodes.map((n) => ({
    id: n.id,
    // A type no registry knows (a missing node package) still gets a lane: the one for preparation.
    phase: registry.get(n.type)?.phase ?? 'data-preparation',
    x: flow[n.id]?.x ?? n.position.x,
    y: flow[n.id]?.y ?? n.position.y,
    ...(sizes[n.id] ?? DEFAULT_SIZE),
  }));
  return placeInLanes(nodes);
}
