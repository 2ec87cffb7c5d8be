/**
 * Small pure graph algorithms over node ids and directed links (upstream → downstream).
 * They know nothing about ports or node types; the compiler and the canvas build the link list.
 * Links naming ids outside `nodes` are ignored, so callers need not pre-filter dangling edges.
 */

export interface Link {
  from: string;
  to: string;
}

/** Successor lists in link order; every node has an entry. */
export function successors(nodes: readonly string[], links: readonly Link[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const n of nodes) out.set(n, []);
  for (const l of links) {
    const list = out.get(l.from);
    if (list && out.has(l.to)) list.push(l.to);
  }
  return out;
}

function predecessors(nodes: readonly string[], links: readonly Link[]): Map<string, string[]> {
  return successors(
    nodes,
    links.map((l) => ({ from: l.to, to: l.from })),
  );
}

/**
 * Topological order by Kahn's algorithm: repeatedly take a node with no remaining incoming links.
 * Ready nodes are taken in the order of `nodes`, so the result is deterministic and keeps the
 * document's order where the links allow. Nodes on or downstream of a cycle never become ready:
 * they are returned in `blocked` (empty for a DAG).
 */
export function topologicalOrder(
  nodes: readonly string[],
  links: readonly Link[],
): { order: string[]; blocked: string[] } {
  const succ = successors(nodes, links);
  const indegree = new Map<string, number>();
  for (const n of nodes) indegree.set(n, 0);
  for (const list of succ.values()) for (const t of list) indegree.set(t, indegree.get(t)! + 1);
  const position = new Map(nodes.map((n, i) => [n, i]));
  // A binary heap on document position keeps ready nodes in document order in O(E log V).
  const heap: string[] = [];
  const less = (a: string, b: string) => position.get(a)! < position.get(b)!;
  const push = (x: string) => {
    heap.push(x);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i], heap[p])) break;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
  };
  const pop = (): string => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l], heap[m])) m = l;
        if (r < heap.length && less(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  };
  const seen = new Set<string>();
  for (const n of nodes) {
    if (indegree.get(n) === 0 && !seen.has(n)) {
      seen.add(n);
      push(n);
    }
  }
  const order: string[] = [];
  while (heap.length > 0) {
    const n = pop();
    order.push(n);
    for (const t of succ.get(n)!) {
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0) push(t);
    }
  }
  const done = new Set(order);
  const blocked = [...new Set(nodes)].filter((n) => !done.has(n));
  return { order, blocked };
}

/**
 * One directed cycle, as its node ids in link order (a self-link gives [id]), or null for a DAG.
 * Iterative depth-first search with three colours: meeting a node that is still on the stack closes
 * a cycle, which is read back off the stack.
 */
export function findCycle(nodes: readonly string[], links: readonly Link[]): string[] | null {
  const succ = successors(nodes, links);
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = finished
  for (const root of nodes) {
    if (state.has(root)) continue;
    const stack: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    state.set(root, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const list = succ.get(top.node)!;
      if (top.next >= list.length) {
        state.set(top.node, 2);
        stack.pop();
        continue;
      }
      const t = list[top.next++];
      const s = state.get(t);
      if (s === 1) {
        const start = stack.findIndex((f) => f.node === t);
        return stack.slice(start).map((f) => f.node);
      }
      if (s === undefined) {
        state.set(t, 1);
        stack.push({ node: t, next: 0 });
      }
    }
  }
  return null;
}

/**
 * Every cycle worth reporting: finds one cycle, removes its nodes, and repeats, so each problem a
 * user sees names a different loop (overlapping loops are reported once).
 */
export function findCycles(nodes: readonly string[], links: readonly Link[]): string[][] {
  const cycles: string[][] = [];
  let remaining = [...nodes];
  for (;;) {
    const c = findCycle(remaining, links);
    if (!c) return cycles;
    cycles.push(c);
    const drop = new Set(c);
    remaining = remaining.filter((n) => !drop.has(n));
  }
}

/** Breadth-first reachability from `starts` along `adjacency`, excluding the starts themselves. */
function reach(starts: Iterable<string>, adjacency: Map<string, string[]>): Set<string> {
  const found = new Set<string>();
  const queue = [...starts].filter((s) => adjacency.has(s));
  for (let i = 0; i < queue.length; i++) {
    for (const t of adjacency.get(queue[i])!) {
      if (!found.has(t)) {
        found.add(t);
        queue.push(t);
      }
    }
  }
  const startSet = new Set(starts);
  // A start reached again only through a cycle is still upstream/downstream of itself; keep it out.
  for (const s of startSet) found.delete(s);
  return found;
}

/** All nodes upstream of any of `of` (not including them). */
export function ancestors(nodes: readonly string[], links: readonly Link[], of: Iterable<string>): Set<string> {
  return reach(of, predecessors(nodes, links));
}

/** All nodes downstream of any of `of` (not including them). */
export function descendants(nodes: readonly string[], links: readonly Link[], of: Iterable<string>): Set<string> {
  return reach(of, successors(nodes, links));
}

/** A shortest path of node ids from `start` to `goal` (both included) along links, or null. */
export function findPath(nodes: readonly string[], links: readonly Link[], start: string, goal: string): string[] | null {
  const succ = successors(nodes, links);
  if (!succ.has(start) || !succ.has(goal)) return null;
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i];
    if (n === goal) {
      const path: string[] = [];
      for (let p: string | null = n; p !== null; p = parent.get(p)!) path.push(p);
      return path.reverse();
    }
    for (const t of succ.get(n)!) {
      if (!parent.has(t)) {
        parent.set(t, n);
        queue.push(t);
      }
    }
  }
  return null;
}
