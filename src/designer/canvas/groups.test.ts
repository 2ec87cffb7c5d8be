import { describe, expect, it } from 'vitest';
import { builtinNodes } from '../../../nodes/index.ts';
import { parsePipeline, serializePipeline } from '../../core/document-io.ts';
import { createRegistry } from '../../core/registry.ts';
import { addNode, connect, emptyDocument } from '../store/doc-edits.ts';
import { foldView, groupBox, groupNodes, moveGroup, readGroups, setGroupFolded, ungroup } from './groups.ts';

const registry = createRegistry(builtinNodes);

/** source → split → lr → evaluate (split.test → lr.test as well). */
function chain() {
  let doc = emptyDocument();
  const ids: string[] = [];
  for (const [i, t] of ['dataset-source', 'train-test-split', 'logistic-regression', 'evaluate-classifier'].entries()) {
    const r = addNode(doc, registry, t, { x: i * 300, y: 0 });
    doc = r.doc;
    ids.push(r.id);
  }
  const [s, sp, lr, ev] = ids;
  doc = connect(doc, { from: { node: s, port: 'table' }, to: { node: sp, port: 'table' } });
  doc = connect(doc, { from: { node: sp, port: 'train' }, to: { node: lr, port: 'train' } });
  doc = connect(doc, { from: { node: sp, port: 'test' }, to: { node: lr, port: 'test' } });
  doc = connect(doc, { from: { node: lr, port: 'predictions' }, to: { node: ev, port: 'predictions' } });
  return { doc, ids };
}

describe('node groups', () => {
  it('groups nodes, folds and unfolds them, and survives saving and opening the file', () => {
    const { doc, ids } = chain();
    const g = groupNodes(doc, [ids[1], ids[2]], 'Model training')!;
    expect(readGroups(g.doc)).toEqual([{ id: 'group-1', label: 'Model training', nodes: [ids[1], ids[2]], folded: false }]);
    const folded = setGroupFolded(g.doc, g.id, true);
    const reopened = parsePipeline(serializePipeline(folded), registry);
    expect(reopened.problems).toEqual([]);
    expect(readGroups(reopened.doc!)[0].folded).toBe(true);
    expect(ungroup(folded, g.id).metadata.ui).toBeUndefined();
  });

  it('refuses a group of fewer than two nodes and moves a node out of its old group', () => {
    const { doc, ids } = chain();
    expect(groupNodes(doc, [ids[0]], 'x')).toBeNull();
    const a = groupNodes(doc, [ids[0], ids[1], ids[2]], 'A')!;
    const b = groupNodes(a.doc, [ids[2], ids[3]], 'B')!;
    expect(readGroups(b.doc).map((g) => [g.label, g.nodes])).toEqual([
      ['A', [ids[0], ids[1]]],
      ['B', [ids[2], ids[3]]],
    ]);
  });

  it('ignores groups that are malformed or name nodes that are gone', () => {
    const { doc, ids } = chain();
    const bad = { ...doc, metadata: { ...doc.metadata, ui: { groups: [{ id: 'g', label: 'x', nodes: 'all' }, { id: 'h', label: 'y', nodes: [ids[0], 'gone'] }] } } };
    expect(readGroups(bad as never)).toEqual([]);
    // The document check refuses the malformed one with its path.
    const parsed = parsePipeline(JSON.stringify({ ...bad, schemaVersion: doc.schemaVersion }), registry);
    expect(parsed.problems.map((p) => p.field ?? p.message).join(' ')).toMatch(/metadata\.ui\.groups\[0\]\.nodes/);
  });

  it('a folded group hides its members; edges in and out meet its card, inner edges disappear', () => {
    const { doc, ids } = chain();
    const [s, sp, lr, ev] = ids;
    const g = groupNodes(doc, [sp, lr], 'Training')!;
    const view = foldView(setGroupFolded(g.doc, g.id, true), readGroups(setGroupFolded(g.doc, g.id, true)));
    expect([...view.hiddenIn.keys()]).toEqual([sp, lr]);
    expect(view.edges.map((e) => `${e.from}->${e.to}`)).toEqual([`${s}->group-1`, `group-1->${ev}`]);
    // Unfolded, every edge is drawn as it is.
    expect(foldView(g.doc, readGroups(g.doc)).edges).toHaveLength(4);
  });

  it('measures the group box and moves members with the folded card', () => {
    const { doc, ids } = chain();
    const g = groupNodes(doc, [ids[1], ids[2]], 'T')!;
    const group = readGroups(g.doc)[0];
    expect(groupBox(g.doc, group, { [ids[2]]: { width: 200, height: 80 } })).toEqual({ x: 300, y: 0, width: 500, height: 110 });
    expect(moveGroup(g.doc, group, { x: 300, y: 0 }, { x: 350, y: 40 })).toEqual({ [ids[1]]: { x: 350, y: 40 }, [ids[2]]: { x: 650, y: 40 } });
  });
});
