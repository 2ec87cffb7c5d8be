/**
 * Live check of one proposed connection, for the canvas while the user drags an edge: says why a
 * connection is refused (unknown node or port, type mismatch, input already connected, cycle).
 */
import type { PipelineDocument, PipelineEdge } from './document.ts';
import { problem, type Problem } from './errors.ts';
import { findPath } from './graph.ts';
import { canConnect } from './ports.ts';
import type { NodeRegistry } from './registry.ts';

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * The reason `edge` cannot be added to `doc`, or null when it can. Edges already in the document
 * with the same id (or the same ends) are ignored, so re-validating an existing edge works too.
 */
export function checkConnection(doc: PipelineDocument, registry: NodeRegistry, edge: PipelineEdge): Problem | null {
  try {
    const fromNode = doc.nodes.find((n) => n.id === edge.from.node);
    const toNode = doc.nodes.find((n) => n.id === edge.to.node);
    if (!fromNode) return problem('CF011', { node: edge.from.node }, { nodeId: toNode?.id, field: 'from.node' });
    if (!toNode) return problem('CF011', { node: edge.to.node }, { nodeId: fromNode.id, field: 'to.node' });
    const fromDef = registry.get(fromNode.type);
    const toDef = registry.get(toNode.type);
    if (!fromDef) return problem('CF001', { type: fromNode.type }, { nodeId: fromNode.id, field: 'type' });
    if (!toDef) return problem('CF001', { type: toNode.type }, { nodeId: toNode.id, field: 'type' });
    const out = has(fromDef.outputs, edge.from.port) ? fromDef.outputs[edge.from.port] : undefined;
    if (!out)
      return problem(
        'CF008',
        { port: edge.from.port, side: 'output', available: Object.keys(fromDef.outputs) },
        { nodeId: fromNode.id, field: edge.from.port },
      );
    const inp = has(toDef.inputs, edge.to.port) ? toDef.inputs[edge.to.port] : undefined;
    if (!inp)
      return problem(
        'CF008',
        { port: edge.to.port, side: 'input', available: Object.keys(toDef.inputs) },
        { nodeId: toNode.id, field: edge.to.port },
      );
    if (!canConnect(out.type, inp.type))
      return problem('CF003', { from: out.type, to: inp.type, port: edge.to.port }, { nodeId: toNode.id, field: edge.to.port });

    const sameEdge = (e: PipelineEdge) =>
      (edge.id !== undefined && e.id === edge.id) ||
      (e.from.node === edge.from.node &&
        e.from.port === edge.from.port &&
        e.to.node === edge.to.node &&
        e.to.port === edge.to.port);
    const others = doc.edges.filter((e) => !sameEdge(e));
    if (others.some((e) => e.to.node === edge.to.node && e.to.port === edge.to.port))
      return problem('CF009', { port: edge.to.port }, { nodeId: toNode.id, field: edge.to.port });

    // The new edge closes a cycle when its target already reaches its source.
    const path = findPath(
      doc.nodes.map((n) => n.id),
      others.map((e) => ({ from: e.from.node, to: e.to.node })),
      edge.to.node,
      edge.from.node,
    );
    if (path) {
      const cycle = edge.from.node === edge.to.node ? [edge.from.node] : [edge.from.node, ...path.slice(0, -1)];
      return problem('CF004', { cycle }, { nodeId: toNode.id, field: edge.to.port });
    }
    return null;
  } catch (e) {
    return problem('CF014', { detail: `Cannot check this connection: ${e instanceof Error ? e.message : String(e)}` }, { field: 'edge' });
  }
}
