import { describe, expect, it } from 'vitest';
import { ancestors, descendants, findCycle, findCycles, findPath, topologicalOrder, type Link } from './graph.ts';

const L = (s: string): Link[] =>
  s
    .split(' ')
    .filter(Boolean)
    .map((p) => {
      const [from, to] = p.split('>');
      return { from, to };
    });

function isCycle(cycle: string[], links: Link[]): boolean {
  return cycle.every((n, i) => links.some((l) => l.from === n && l.to === cycle[(i + 1) % cycle.length]));
}

describe('topologicalOrder', () => {
  it('orders a diamond and keeps document order between independent nodes', () => {
    const { order, blocked } = topologicalOrder(['d', 'c', 'b', 'a'], L('a>b a>c b>d c>d'));
    expect(order).toEqual(['a', 'c', 'b', 'd']);
    expect(blocked).toEqual([]);
  });
  it('blocks the nodes on and after a cycle, and ignores dangling links', () => {
    const { order, blocked } = topologicalOrder(['a', 'b', 'c', 'd', 'e'], L('a>b b>c c>b c>d x>a e>y'));
    expect(order).toEqual(['a', 'e']);
    expect(blocked).toEqual(['b', 'c', 'd']);
  });
  it('treats parallel links as separate in-degrees', () => {
    expect(topologicalOrder(['b', 'a'], L('a>b a>b')).order).toEqual(['a', 'b']);
  });
});

describe('findCycle / findCycles', () => {
  it('returns null for a DAG', () => {
    expect(findCycle(['a', 'b', 'c'], L('a>b b>c a>c'))).toBeNull();
  });
  it('returns the nodes of a real cycle in link order', () => {
    const links = L('a>b b>c c>d d>b');
    const c = findCycle(['a', 'b', 'c', 'd'], links)!;
    expect(c).toEqual(['b', 'c', 'd']);
    expect(isCycle(c, links)).toBe(true);
  });
  it('finds a self loop', () => {
    expect(findCycle(['a'], L('a>a'))).toEqual(['a']);
  });
  it('reports disjoint cycles separately', () => {
    const links = L('a>b b>a c>d d>e e>c');
    const cycles = findCycles(['a', 'b', 'c', 'd', 'e'], links);
    expect(cycles.map((c) => [...c].sort())).toEqual([['a', 'b'], ['c', 'd', 'e']]);
    for (const c of cycles) expect(isCycle(c, links)).toBe(true);
  });
});

describe('ancestors / descendants / findPath', () => {
  const nodes = ['a', 'b', 'c', 'd', 'e'];
  const links = L('a>b b>c a>d e>d');
  it('walks upstream and downstream, not including the start', () => {
    expect([...ancestors(nodes, links, ['c'])].sort()).toEqual(['a', 'b']);
    expect([...ancestors(nodes, links, ['d'])].sort()).toEqual(['a', 'e']);
    expect([...descendants(nodes, links, ['a'])].sort()).toEqual(['b', 'c', 'd']);
    expect([...descendants(nodes, links, ['c'])]).toEqual([]);
  });
  it('finds a shortest path or null', () => {
    expect(findPath(nodes, links, 'a', 'c')).toEqual(['a', 'b', 'c']);
    expect(findPath(nodes, links, 'c', 'a')).toBeNull();
    expect(findPath(nodes, links, 'a', 'a')).toEqual(['a']);
  });
});
