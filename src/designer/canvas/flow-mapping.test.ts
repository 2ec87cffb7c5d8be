import { describe, expect, it } from 'vitest';
import { opaqueNode } from '../../runtime/testing/test-nodes.ts';
import { createRegistry } from '../../core/registry.ts';
import { addNode, connect, emptyDocument, moveNodes } from '../store/doc-edits.ts';
import { PORT_COLOR } from '../theme.ts';
import { createFlowCache, toFlowEdges, toFlowNodes } from './flow-mapping.ts';

const registry = createRegistry([opaqueNode]);
const NONE = new Set<string>();

/** a → b, and c unconnected. */
function threeNodes() {
  let doc = emptyDocument();
  for (const [x, y] of [
    [0, 0],
    [300, 0],
    [0, 200],
  ])
    doc = addNode(doc, registry, 'opaque', { x, y }).doc;
  const [a, b] = doc.nodes.map((n) => n.id);
  doc = connect(doc, { from: { node: a, port: 'table' }, to: { node: b, port: 'table' } });
  return doc;
}

describe('flow mapping', () => {
  it('keeps unchanged nodes as the same objects and rebuilds changed or (de)selected ones', () => {
    const cache = createFlowCache();
    const doc = threeNodes();
    const first = toFlowNodes(doc, NONE, null, {}, cache);
    expect(first.map((n) => [n.id, n.position])).toEqual([
      ['opaque', { x: 0, y: 0 }],
      ['opaque-2', { x: 300, y: 0 }],
      ['opaque-3', { x: 0, y: 200 }],
    ]);
    const moved = moveNodes(doc, { 'opaque-2': { x: 310, y: 5 } });
    const second = toFlowNodes(moved, new Set(['opaque-3']), null, {}, cache);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1].position).toEqual({ x: 310, y: 5 });
    expect(second[2]).not.toBe(first[2]);
    expect(second[2].selected).toBe(true);
  });

  it('rebuilds a node when its measured size arrives (React Flow counts nodes as initialised from them)', () => {
    const cache = createFlowCache();
    const doc = threeNodes();
    const first = toFlowNodes(doc, NONE, null, {}, cache);
    expect(first[0].measured).toBeUndefined();
    const sized = toFlowNodes(doc, NONE, null, { opaque: { width: 230, height: 96 } }, cache);
    expect(sized[0]).not.toBe(first[0]);
    expect(sized[0].measured).toEqual({ width: 230, height: 96 });
    expect(sized[1]).toBe(first[1]);
  });

  it('returns the same edge array while the edges are unchanged (adding a node), a new one otherwise', () => {
    const cache = createFlowCache();
    const doc = threeNodes();
    const first = toFlowEdges(doc, registry, NONE, cache);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ source: 'opaque', target: 'opaque-2', style: { stroke: PORT_COLOR.table, strokeWidth: 2 } });
    const added = addNode(doc, registry, 'opaque', { x: 600, y: 0 }).doc;
    expect(toFlowEdges(added, registry, NONE, cache)).toBe(first);
    const selected = toFlowEdges(added, registry, new Set([first[0].id]), cache);
    expect(selected).not.toBe(first);
    expect(selected[0].style).toMatchObject({ strokeWidth: 3 });
    const wired = connect(added, { from: { node: 'opaque-2', port: 'table' }, to: { node: 'opaque-3', port: 'table' } });
    const more = toFlowEdges(wired, registry, new Set([first[0].id]), cache);
    expect(more).toHaveLength(2);
    expect(more[0]).toBe(selected[0]);
  });
});
