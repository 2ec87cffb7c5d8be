/**
 * Node groups: a named set of nodes shown with a frame, which can be folded into one card so a
 * large pipeline reads as a few steps. Groups live in the document's `metadata.ui.groups`
 * (optional, checked by NodeGroupSchema in core/document.ts); runs ignore them. Pure functions:
 * edits return a new document, `foldView` says what the canvas shows.
 */
import { NodeGroupSchema, type NodeGroup, type PipelineDocument, type PipelineEdge } from '../../core/document.ts';
import type { XY } from '../store/doc-edits.ts';

/** The groups of `doc` that are valid and still name at least two existing nodes (members that are gone are left out). */
export function readGroups(doc: PipelineDocument): NodeGroup[] {
  const raw = doc.metadata.ui?.groups;
  if (!Array.isArray(raw)) return [];
  const ids = new Set(doc.nodes.map((n) => n.id));
  const taken = new Set<string>();
  const out: NodeGroup[] = [];
  for (const g of raw) {
    const parsed = NodeGroupSchema.safeParse(g);
    if (!parsed.success) continue;
    const nodes = parsed.data.nodes.filter((id) => ids.has(id) && !taken.has(id));
    if (nodes.length < 2 || out.some((o) => o.id === parsed.data.id)) continue;
    for (const id of nodes) taken.add(id);
    out.push({ ...parsed.data, nodes });
  }
  return out;
}

function withGroups(doc: PipelineDocument, groups: NodeGroup[]): PipelineDocument {
  const { groups: _old, ...otherUi } = doc.metadata.ui ?? {};
  const ui = groups.length ? { ...otherUi, groups } : otherUi;
  const { ui: _oldUi, ...otherMetadata } = doc.metadata;
  return { ...doc, metadata: Object.keys(ui).length ? { ...otherMetadata, ui } : otherMetadata };
}

/** Groups `nodeIds` (taking them out of any other group) under `label`; null when fewer than two nodes. */
export function groupNodes(doc: PipelineDocument, nodeIds: readonly string[], label: string): { doc: PipelineDocument; id: string } | null {
  const existing = new Set(doc.nodes.map((n) => n.id));
  const members = [...new Set(nodeIds)].filter((id) => existing.has(id));
  if (members.length < 2) return null;
  const groups = readGroups(doc)
    .map((g) => ({ ...g, nodes: g.nodes.filter((id) => !members.includes(id)) }))
    .filter((g) => g.nodes.length >= 2);
  let n = groups.length + 1;
  while (groups.some((g) => g.id === `group-${n}`)) n++;
  const id = `group-${n}`;
  return { doc: withGroups(doc, [...groups, { id, label: label.trim() || `Group ${n}`, nodes: members, folded: false }]), id };
}

export function setGroupFolded(doc: PipelineDocument, groupId: string, folded: boolean): PipelineDocument {
  return withGroups(
    doc,
    readGroups(doc).map((g) => (g.id === groupId ? { ...g, folded } : g)),
  );
}

export function ungroup(doc: PipelineDocument, groupId: string): PipelineDocument {
  return withGroups(
    doc,
    readGroups(doc).filter((g) => g.id !== groupId),
  );
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The box around a group's members (their measured sizes, or a default card size). */
export function groupBox(doc: PipelineDocument, group: NodeGroup, sizes: Record<string, { width: number; height: number } | undefined>): Box {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const n of doc.nodes) {
    if (!group.nodes.includes(n.id)) continue;
    const s = sizes[n.id] ?? { width: 250, height: 110 };
    x0 = Math.min(x0, n.position.x);
    y0 = Math.min(y0, n.position.y);
    x1 = Math.max(x1, n.position.x + s.width);
    y1 = Math.max(y1, n.position.y + s.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** What a folded group looks like from outside: edges into or out of it, each kept once. */
export interface FoldView {
  /** Node id → the folded group that hides it. */
  hiddenIn: Map<string, string>;
  folded: NodeGroup[];
  /** Edges with hidden ends redirected to their group; edges inside one folded group are dropped. */
  edges: { edge: PipelineEdge; from: string; to: string }[];
}

export function foldView(doc: PipelineDocument, groups: readonly NodeGroup[]): FoldView {
  const folded = groups.filter((g) => g.folded);
  const hiddenIn = new Map<string, string>();
  for (const g of folded) for (const id of g.nodes) hiddenIn.set(id, g.id);
  const edges: FoldView['edges'] = [];
  for (const edge of doc.edges) {
    const from = hiddenIn.get(edge.from.node) ?? edge.from.node;
    const to = hiddenIn.get(edge.to.node) ?? edge.to.node;
    if (from === to && hiddenIn.has(edge.from.node)) continue;
    edges.push({ edge, from, to });
  }
  return { hiddenIn, folded, edges };
}

/** Member positions after the folded card of `group` was dragged from `before` to `after`. */
export function moveGroup(doc: PipelineDocument, group: NodeGroup, before: XY, after: XY): Record<string, XY> {
  const dx = after.x - before.x;
  const dy = after.y - before.y;
  const out: Record<string, XY> = {};
  for (const n of doc.nodes) if (group.nodes.includes(n.id)) out[n.id] = { x: n.position.x + dx, y: n.position.y + dy };
  return out;
}
