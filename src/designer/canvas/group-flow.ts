/**
 * Adds node groups (groups.ts) to what React Flow draws: a frame behind the members of an open
 * group, and for a folded group one card in place of its members, with the edges that cross its
 * border redirected to it. Without groups the node and edge lists pass through unchanged (the
 * same arrays), so ordinary and 300-node pipelines pay nothing.
 */
import type { Edge, Node } from '@xyflow/react';
import { edgeId, type NodeGroup, type PipelineDocument } from '../../core/document.ts';
import type { XY } from '../store/doc-edits.ts';
import type { CardNode, Measured } from './flow-mapping.ts';
import { foldView, groupBox, moveGroup } from './groups.ts';

export type GroupFrameNode = Node<{ group: NodeGroup }, 'groupFrame'>;
export type GroupCardNode = Node<{ group: NodeGroup }, 'groupCard'>;
export type CanvasNode = CardNode | GroupFrameNode | GroupCardNode;

/** Room around the members inside a frame; the top holds the frame's title bar. */
const FRAME_PAD = { side: 16, top: 40 };
/** Port handles of a folded card. */
export const GROUP_IN = 'in';
export const GROUP_OUT = 'out';

export function isGroupNode(n: { type?: string }): boolean {
  return n.type === 'groupFrame' || n.type === 'groupCard';
}

export function withGroups(
  doc: PipelineDocument,
  groups: readonly NodeGroup[],
  nodes: CardNode[],
  edges: Edge[],
  measured: Measured,
  drag: Record<string, XY> | null,
): { nodes: CanvasNode[]; edges: Edge[] } {
  if (groups.length === 0) return { nodes, edges };
  const view = foldView(doc, groups);
  const out: CanvasNode[] = [];
  for (const g of groups) {
    const box = groupBox(doc, g, measured);
    // React Flow shows a node only once its measured size comes back in the node object.
    const size = measured[g.id] ? { measured: measured[g.id] } : {};
    if (g.folded) {
      out.push({
        id: g.id,
        type: 'groupCard',
        position: drag?.[g.id] ?? { x: box.x, y: box.y },
        data: { group: g },
        selectable: false,
        deletable: false,
        ...size,
      });
    } else {
      out.push({
        id: g.id,
        type: 'groupFrame',
        position: { x: box.x - FRAME_PAD.side, y: box.y - FRAME_PAD.top },
        style: { width: box.width + 2 * FRAME_PAD.side, height: box.height + FRAME_PAD.top + FRAME_PAD.side },
        data: { group: g },
        draggable: false,
        selectable: false,
        deletable: false,
        focusable: false,
        zIndex: -1,
        ...size,
      });
    }
  }
  for (const n of nodes) if (!view.hiddenIn.has(n.id)) out.push(n);
  if (view.folded.length === 0) return { nodes: out, edges };
  const byId = new Map(edges.map((e) => [e.id, e]));
  const seen = new Set<string>();
  const shownEdges: Edge[] = [];
  for (const { edge, from, to } of view.edges) {
    const flow = byId.get(edgeId(edge));
    if (!flow) continue;
    if (from === edge.from.node && to === edge.to.node) {
      shownEdges.push(flow);
      continue;
    }
    const sourceHandle = from === edge.from.node ? edge.from.port : GROUP_OUT;
    const targetHandle = to === edge.to.node ? edge.to.port : GROUP_IN;
    const id = `${from}.${sourceHandle}->${to}.${targetHandle}`;
    if (seen.has(id)) continue;
    seen.add(id);
    shownEdges.push({ ...flow, id, source: from, sourceHandle, target: to, targetHandle, selectable: false, deletable: false });
  }
  return { nodes: out, edges: shownEdges };
}

/** Final drag positions with each folded card's move turned into moves of its members. */
export function expandGroupMoves(doc: PipelineDocument, groups: readonly NodeGroup[], moves: Record<string, XY>, measured: Measured): Record<string, XY> {
  const out: Record<string, XY> = {};
  for (const [id, p] of Object.entries(moves)) {
    const g = groups.find((x) => x.id === id && x.folded);
    if (!g) {
      if (doc.nodes.some((n) => n.id === id)) out[id] = p;
      continue;
    }
    const box = groupBox(doc, g, measured);
    Object.assign(out, moveGroup(doc, g, { x: box.x, y: box.y }, p));
  }
  return out;
}
