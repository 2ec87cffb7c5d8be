/**
 * Derives React Flow's nodes and edges from the PipelineDocument (the one model), the selection,
 * the drag overlay and measured sizes. Unchanged nodes keep their object identity between calls,
 * so React Flow and the memoised cards skip them (this keeps 300-node pipelines smooth). Measured
 * sizes must come back in the node objects: React Flow's "all nodes initialised" (fit on load) is
 * only recomputed from the nodes it is given.
 */
import type { Edge, Node } from '@xyflow/react';
import { edgeId, type PipelineDocument, type PipelineNode } from '../../core/document.ts';
import type { PortType } from '../../core/ports.ts';
import type { NodeRegistry } from '../../core/registry.ts';
import type { XY } from '../store/doc-edits.ts';
import { PORT_COLOR } from '../theme.ts';

export type CardData = { node: PipelineNode };
export type CardNode = Node<CardData, 'card'>;

export type Measured = Record<string, { width: number; height: number }>;

export interface FlowCache {
  nodes: Map<string, { src: PipelineNode; selected: boolean; pos?: XY; size?: { width: number; height: number }; out: CardNode }>;
  edges: Map<string, { key: string; out: Edge }>;
  /** The last edge list returned. */
  edgeList: Edge[];
}

export function createFlowCache(): FlowCache {
  return { nodes: new Map(), edges: new Map(), edgeList: [] };
}

export function toFlowNodes(
  doc: PipelineDocument,
  selected: ReadonlySet<string>,
  drag: Record<string, XY> | null,
  measured: Measured,
  cache: FlowCache,
): CardNode[] {
  const next = new Map<string, FlowCache['nodes'] extends Map<string, infer V> ? V : never>();
  const out = doc.nodes.map((n) => {
    const isSel = selected.has(n.id);
    const pos = drag?.[n.id];
    const size = measured[n.id];
    const hit = cache.nodes.get(n.id);
    if (hit && hit.src === n && hit.selected === isSel && hit.pos === pos && hit.size === size) {
      next.set(n.id, hit);
      return hit.out;
    }
    const node: CardNode = {
      id: n.id,
      type: 'card',
      position: pos ?? n.position,
      data: { node: n },
      selected: isSel,
      ...(size ? { measured: size } : {}),
    };
    next.set(n.id, { src: n, selected: isSel, pos, size, out: node });
    return node;
  });
  cache.nodes = next;
  return out;
}

export function toFlowEdges(
  doc: PipelineDocument,
  registry: NodeRegistry,
  selected: ReadonlySet<string>,
  cache: FlowCache,
): Edge[] {
  const types = new Map(doc.nodes.map((n) => [n.id, n.type]));
  const next = new Map<string, { key: string; out: Edge }>();
  const prev = cache.edgeList;
  let same = prev.length === doc.edges.length;
  const out = doc.edges.map((e, i) => {
    const id = edgeId(e);
    const fromType = types.get(e.from.node);
    const portType: PortType | undefined = fromType ? registry.get(fromType)?.outputs[e.from.port]?.type : undefined;
    const isSel = selected.has(id);
    const key = `${portType}|${isSel}`;
    const hit = cache.edges.get(id);
    if (hit && hit.key === key) {
      next.set(id, hit);
      if (prev[i] !== hit.out) same = false;
      return hit.out;
    }
    same = false;
    const color = portType ? PORT_COLOR[portType] : '#888';
    const edge: Edge = {
      id,
      source: e.from.node,
      sourceHandle: e.from.port,
      target: e.to.node,
      targetHandle: e.to.port,
      selected: isSel,
      style: { stroke: color, strokeWidth: isSel ? 3 : 2 },
      ariaLabel: `Connection from ${e.from.node} ${e.from.port} to ${e.to.node} ${e.to.port}`,
    };
    next.set(id, { key, out: edge });
    return edge;
  });
  cache.edges = next;
  // Unchanged edges (adding or moving a node): the same array, so React Flow skips its edge update
  // (connection lookup over every edge, a store update that every edge and listener re-checks).
  if (same) return prev;
  cache.edgeList = out;
  return out;
}
