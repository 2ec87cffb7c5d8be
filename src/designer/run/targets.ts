import type { PipelineDocument } from '../../core/document.ts';

/** The given nodes and everything upstream of them (what "Run to here" runs). */
export function ancestorsOf(doc: PipelineDocument, targets: readonly string[]): string[] {
  const upstream = new Map<string, string[]>();
  for (const e of doc.edges) {
    const list = upstream.get(e.to.node);
    if (list) list.push(e.from.node);
    else upstream.set(e.to.node, [e.from.node]);
  }
  const seen = new Set<string>();
  const stack = [...targets];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const u of upstream.get(id) ?? []) stack.push(u);
  }
  return doc.nodes.map((n) => n.id).filter((id) => seen.has(id));
}
