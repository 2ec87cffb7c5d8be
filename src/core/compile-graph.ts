/**
 * Compiler, first pass: the document's nodes and edges as a graph. Unknown node types, duplicate ids,
 * edges to missing nodes or ports, type mismatches, doubly connected and unconnected inputs, and
 * cycles are reported; what is left is what later passes may trust.
 */
import type { PipelineDocument, PipelineEdge, PipelineNode, PortRef } from './document.ts';
import { problem } from './errors.ts';
import { findCycles, topologicalOrder, type Link } from './graph.ts';
import type { AnyNodeDefinition, PortSpecs } from './node-definition.ts';
import { canConnect } from './ports.ts';
import type { NodeRegistry } from './registry.ts';
import type { Report } from './compile-problems.ts';

export interface GraphNode {
  node: PipelineNode;
  /** Absent for an unknown type (reported). */
  def?: AnyNodeDefinition;
}

export interface PipelineGraph {
  /** Node id → node; the first node with an id wins. */
  byId: Map<string, GraphNode>;
  ids: string[];
  /** Every edge between existing nodes, valid or not: cycles and ancestry follow them all. */
  links: Link[];
  /** Node ids in topological order; `blocked` are the nodes on or after a cycle. */
  order: string[];
  blocked: string[];
  /** The upstream output feeding an input (the first, when several do: already reported). */
  source(nodeId: string, port: string): PortRef | undefined;
}

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Nodes: the first occurrence of an id wins; later duplicates are reported and ignored. */
function indexNodes(doc: PipelineDocument, registry: NodeRegistry, report: Report): Map<string, GraphNode> {
  const byId = new Map<string, GraphNode>();
  doc.nodes.forEach((node, i) => {
    if (byId.has(node.id)) {
      report(problem('CF010', { id: node.id }, { nodeId: node.id, field: `nodes[${i}].id` }));
      return;
    }
    const def = registry.get(node.type);
    if (!def) report(problem('CF001', { type: node.type }, { nodeId: node.id, field: 'type' }));
    byId.set(node.id, { node, def });
  });
  return byId;
}

/** Edges: structural links for the graph; valid connections per (node, input port). */
function connectEdges(doc: PipelineDocument, byId: Map<string, GraphNode>, report: Report) {
  const links: Link[] = [];
  const wired = new Set<string>(); // "node\u0000port" of every input some edge points at
  const connections = new Map<string, Map<string, PipelineEdge[]>>();
  doc.edges.forEach((edge, i) => {
    const from = byId.get(edge.from.node);
    const to = byId.get(edge.to.node);
    if (!from)
      report(problem('CF011', { node: edge.from.node }, { nodeId: to ? edge.to.node : undefined, field: `edges[${i}].from.node` }));
    if (!to)
      report(problem('CF011', { node: edge.to.node }, { nodeId: from ? edge.from.node : undefined, field: `edges[${i}].to.node` }));
    if (!from || !to) return;
    links.push({ from: edge.from.node, to: edge.to.node });
    wired.add(`${edge.to.node}\u0000${edge.to.port}`);
    if (!from.def || !to.def) return; // unknown type already reported
    const out = has(from.def.outputs, edge.from.port) ? from.def.outputs[edge.from.port] : undefined;
    const inp = has(to.def.inputs, edge.to.port) ? to.def.inputs[edge.to.port] : undefined;
    if (!out)
      report(
        problem('CF008', { port: edge.from.port, side: 'output', available: Object.keys(from.def.outputs) }, { nodeId: edge.from.node, field: edge.from.port }),
        [edge.from.node, edge.to.node],
      );
    if (!inp)
      report(
        problem('CF008', { port: edge.to.port, side: 'input', available: Object.keys(to.def.inputs) }, { nodeId: edge.to.node, field: edge.to.port }),
      );
    if (!out || !inp) return;
    if (!canConnect(out.type, inp.type)) {
      report(
        problem('CF003', { from: out.type, to: inp.type, port: edge.to.port }, { nodeId: edge.to.node, field: edge.to.port }),
        [edge.from.node, edge.to.node],
      );
      return;
    }
    let ports = connections.get(edge.to.node);
    if (!ports) connections.set(edge.to.node, (ports = new Map()));
    const list = ports.get(edge.to.port) ?? [];
    if (list.length > 0) report(problem('CF009', { port: edge.to.port }, { nodeId: edge.to.node, field: edge.to.port }));
    list.push(edge);
    ports.set(edge.to.port, list);
  });
  return { links, wired, connections };
}

export function buildGraph(doc: PipelineDocument, registry: NodeRegistry, report: Report): PipelineGraph {
  const byId = indexNodes(doc, registry, report);
  const ids = [...byId.keys()];
  const { links, wired, connections } = connectEdges(doc, byId, report);

  for (const [id, { def }] of byId) {
    if (!def) continue;
    for (const [port, spec] of Object.entries(def.inputs as PortSpecs)) {
      if (!spec.optional && !wired.has(`${id}\u0000${port}`)) report(problem('CF002', { port }, { nodeId: id, field: port }));
    }
  }

  const { order, blocked } = topologicalOrder(ids, links);
  if (blocked.length > 0) {
    for (const cycle of findCycles(blocked, links)) report(problem('CF004', { cycle }, { nodeId: cycle[0] }), cycle);
  }
  return {
    byId,
    ids,
    links,
    order,
    blocked,
    source: (nodeId, port) => connections.get(nodeId)?.get(port)?.[0]?.from,
  };
}
