/**
 * Pure edits of the PipelineDocument. The store's actions are thin wrappers around these, so every
 * edit is testable without React or a browser, and each returns a new document (never mutates).
 */
import { CURRENT_SCHEMA_VERSION, edgeId, type PipelineDocument, type PipelineEdge, type PipelineNode } from '../../core/document.ts';
import { withDefaults } from '../../core/params.ts';
import type { NodeRegistry } from '../../core/registry.ts';

export interface XY {
  x: number;
  y: number;
}

export function emptyDocument(name = 'Untitled pipeline'): PipelineDocument {
  const now = new Date().toISOString();
  return { schemaVersion: CURRENT_SCHEMA_VERSION, metadata: { name, seed: 42, createdAt: now, updatedAt: now }, nodes: [], edges: [] };
}

/** A readable id unique in `taken`: "logistic-regression", then "logistic-regression-2", ... */
export function uniqueNodeId(base: string, taken: ReadonlySet<string>): string {
  const clean = base.replace(/[^a-zA-Z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'node';
  if (!taken.has(clean)) return clean;
  const stem = clean.replace(/-\d+$/, '');
  for (let i = 2; ; i++) {
    const id = `${stem}-${i}`;
    if (!taken.has(id)) return id;
  }
}

function nodeIds(doc: PipelineDocument): Set<string> {
  return new Set(doc.nodes.map((n) => n.id));
}

/** Adds a node of `type` at `position` with every param at its default. */
export function addNode(
  doc: PipelineDocument,
  registry: NodeRegistry,
  type: string,
  position: XY,
): { doc: PipelineDocument; id: string } {
  const def = registry.get(type);
  if (!def) throw new Error(`Unknown node type "${type}".`);
  const id = uniqueNodeId(def.type, nodeIds(doc));
  const node: PipelineNode = {
    id,
    type: def.type,
    version: def.version,
    params: withDefaults(def.params, {}) as Record<string, unknown>,
    position: { x: Math.round(position.x), y: Math.round(position.y) },
  };
  return { doc: { ...doc, nodes: [...doc.nodes, node] }, id };
}

/** Moves nodes to absolute positions (only those listed). */
export function moveNodes(doc: PipelineDocument, positions: Record<string, XY>): PipelineDocument {
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    const p = positions[n.id];
    if (!p || (p.x === n.position.x && p.y === n.position.y)) return n;
    changed = true;
    return { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } };
  });
  return changed ? { ...doc, nodes } : doc;
}

/** Adds an edge (no checks: the canvas calls checkConnection first). Duplicates are ignored. */
export function connect(doc: PipelineDocument, edge: PipelineEdge): PipelineDocument {
  const id = edgeId(edge);
  if (doc.edges.some((e) => edgeId(e) === id)) return doc;
  return { ...doc, edges: [...doc.edges, { from: { ...edge.from }, to: { ...edge.to } }] };
}

/** Removes nodes (with every edge touching them) and edges by id. */
export function removeElements(
  doc: PipelineDocument,
  sel: { nodes?: readonly string[]; edges?: readonly string[] },
): PipelineDocument {
  const goneNodes = new Set(sel.nodes ?? []);
  const goneEdges = new Set(sel.edges ?? []);
  if (goneNodes.size === 0 && goneEdges.size === 0) return doc;
  const nodes = doc.nodes.filter((n) => !goneNodes.has(n.id));
  const edges = doc.edges.filter(
    (e) => !goneEdges.has(edgeId(e)) && !goneNodes.has(e.from.node) && !goneNodes.has(e.to.node),
  );
  if (nodes.length === doc.nodes.length && edges.length === doc.edges.length) return doc;
  return { ...doc, nodes, edges };
}

/** Sets some params of one node (others keep their values). */
export function updateParams(doc: PipelineDocument, nodeId: string, patch: Record<string, unknown>): PipelineDocument {
  return mapNode(doc, nodeId, (n) => ({ ...n, params: { ...n.params, ...patch } }));
}

/** Sets a node's display label ('' removes it, so the type's title shows). */
export function setLabel(doc: PipelineDocument, nodeId: string, label: string): PipelineDocument {
  return mapNode(doc, nodeId, (n) => {
    const next = { ...n };
    if (label.trim()) next.label = label.trim();
    else delete next.label;
    return next;
  });
}

export function renamePipeline(doc: PipelineDocument, name: string): PipelineDocument {
  return { ...doc, metadata: { ...doc.metadata, name } };
}

function mapNode(doc: PipelineDocument, nodeId: string, f: (n: PipelineNode) => PipelineNode): PipelineDocument {
  let found = false;
  const nodes = doc.nodes.map((n) => {
    if (n.id !== nodeId) return n;
    found = true;
    return f(n);
  });
  return found ? { ...doc, nodes } : doc;
}

/** The chosen nodes and the edges between them, as a standalone document (for copy and duplicate). */
export function extractFragment(doc: PipelineDocument, ids: readonly string[]): PipelineDocument {
  const keep = new Set(ids);
  return {
    schemaVersion: doc.schemaVersion,
    metadata: { name: doc.metadata.name },
    nodes: doc.nodes.filter((n) => keep.has(n.id)).map((n) => structuredClone(n)),
    edges: doc.edges.filter((e) => keep.has(e.from.node) && keep.has(e.to.node)).map((e) => structuredClone(e)),
  };
}

/**
 * Inserts a fragment's nodes and internal edges with fresh ids, shifted by `offset`.
 * Edges to nodes outside the fragment are dropped. Returns the new ids (to select them).
 */
export function insertFragment(
  doc: PipelineDocument,
  fragment: Pick<PipelineDocument, 'nodes' | 'edges'>,
  offset: XY,
): { doc: PipelineDocument; ids: string[] } {
  const taken = nodeIds(doc);
  const rename = new Map<string, string>();
  const added: PipelineNode[] = [];
  for (const n of fragment.nodes) {
    const id = uniqueNodeId(n.id, taken);
    taken.add(id);
    rename.set(n.id, id);
    added.push({
      ...structuredClone(n),
      id,
      position: { x: Math.round(n.position.x + offset.x), y: Math.round(n.position.y + offset.y) },
    });
  }
  const edges: PipelineEdge[] = [];
  for (const e of fragment.edges) {
    const from = rename.get(e.from.node);
    const to = rename.get(e.to.node);
    if (from && to) edges.push({ from: { node: from, port: e.from.port }, to: { node: to, port: e.to.port } });
  }
  return { doc: { ...doc, nodes: [...doc.nodes, ...added], edges: [...doc.edges, ...edges] }, ids: added.map((n) => n.id) };
}

/** Copies nodes (and the edges among them) next to the originals. */
export function duplicateNodes(doc: PipelineDocument, ids: readonly string[]): { doc: PipelineDocument; ids: string[] } {
  return insertFragment(doc, extractFragment(doc, ids), { x: 40, y: 40 });
}

/** The input edge feeding `nodeId`.`port`, if any. */
export function incomingEdge(doc: PipelineDocument, nodeId: string, port: string): PipelineEdge | undefined {
  return doc.edges.find((e) => e.to.node === nodeId && e.to.port === port);
}
