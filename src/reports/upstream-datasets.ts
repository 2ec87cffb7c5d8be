/** The dataset names upstream of a node: the data sources a report states. Pure (no DOM). */
interface DocLike {
  nodes: Array<{ id: string; type: string; params: Record<string, unknown> }>;
  edges: Array<{ from: { node: string }; to: { node: string } }>;
}

export function upstreamDatasetNames(doc: DocLike, nodeId: string): string[] {
  const parents = new Map<string, string[]>();
  for (const e of doc.edges) parents.set(e.to.node, [...(parents.get(e.to.node) ?? []), e.from.node]);
  const seen = new Set<string>();
  const stack = [nodeId];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(parents.get(id) ?? []));
  }
  return doc.nodes
    .filter((n) => seen.has(n.id) && n.type === 'dataset-source' && typeof n.params.name === 'string' && n.params.name !== '')
    .map((n) => String(n.params.name));
}
