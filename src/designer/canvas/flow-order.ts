/**
 * Where a node belongs along the data flow when its edges do not say it yet, so "Tidy up" puts
 * sources left and outputs right even before anything is connected.
 *
 * A node's flow rank: 0 for a node without inputs (a source); otherwise 1 + its CRISP-DM phase's
 * index (preparation before modelling before evaluation…); a node with inputs and no outputs (a
 * report, a review) comes last. Each node that has no incoming edge but a rank above 0 gets one
 * ordering hint: an edge from a node of the highest lower rank, one that does not depend on it
 * (no cycle), for the layered layout to respect; the hints are never added to the document.
 */
import type { PipelineDocument } from '../../core/document.ts';
import { CRISP_PHASES } from '../../core/node-definition.ts';
import type { NodeRegistry } from '../../core/registry.ts';

export const LAST_RANK = CRISP_PHASES.length + 1;

export function flowRank(doc: PipelineDocument, registry: NodeRegistry, nodeId: string): number {
  const node = doc.nodes.find((n) => n.id === nodeId);
  const def = node ? registry.get(node.type) : undefined;
  if (!def) return LAST_RANK;
  if (Object.keys(def.inputs).length === 0) return 0;
  if (Object.keys(def.outputs).length === 0) return LAST_RANK;
  return 1 + CRISP_PHASES.indexOf(def.phase);
}

/** Ordering hints (from → to node ids) for nodes whose position along the flow their edges leave open. */
export function flowOrderHints(doc: PipelineDocument, registry: NodeRegistry): { from: string; to: string }[] {
  const rank = new Map(doc.nodes.map((n) => [n.id, flowRank(doc, registry, n.id)]));
  const hasIncoming = new Set(doc.edges.map((e) => e.to.node));
  const next = new Map<string, string[]>();
  for (const e of doc.edges) next.set(e.from.node, [...(next.get(e.from.node) ?? []), e.to.node]);
  const downstream = (start: string): Set<string> => {
    const seen = new Set<string>([start]);
    const stack = [start];
    while (stack.length)
      for (const m of next.get(stack.pop()!) ?? [])
        if (!seen.has(m)) {
          seen.add(m);
          stack.push(m);
        }
    return seen;
  };
  const hints: { from: string; to: string }[] = [];
  for (const n of doc.nodes) {
    const r = rank.get(n.id)!;
    if (r === 0 || hasIncoming.has(n.id)) continue;
    const after = downstream(n.id);
    let best: string | undefined;
    let bestRank = -1;
    for (const m of doc.nodes) {
      const rm = rank.get(m.id)!;
      if (rm < r && rm > bestRank && !after.has(m.id)) {
        best = m.id;
        bestRank = rm;
      }
    }
    if (best) hints.push({ from: best, to: n.id });
  }
  return hints;
}
