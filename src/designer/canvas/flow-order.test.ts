import { describe, expect, it } from 'vitest';
import { builtinNodes } from '../../../nodes/index.ts';
import { createRegistry } from '../../core/registry.ts';
import { addNode, connect, emptyDocument } from '../store/doc-edits.ts';
import { flowOrderHints, flowRank, LAST_RANK } from './flow-order.ts';
import { layoutPositions } from './auto-layout.ts';

const registry = createRegistry(builtinNodes);

/** Nodes added in the reverse of the data flow, at one spot, none connected. */
function reversed(types: string[]) {
  let doc = emptyDocument();
  const ids: string[] = [];
  for (const t of types) {
    const r = addNode(doc, registry, t, { x: 0, y: 0 });
    doc = r.doc;
    ids.push(r.id);
  }
  return { doc, ids };
}

describe('flow order', () => {
  it('ranks sources first, then by CRISP-DM phase, sinks last', () => {
    const { doc, ids } = reversed(['evaluate-classifier', 'logistic-regression', 'train-test-split', 'dataset-source']);
    const [evaluate, lr, split, source] = ids.map((id) => flowRank(doc, registry, id));
    expect(source).toBe(0);
    expect(split).toBeLessThan(lr);
    expect(lr).toBeLessThan(evaluate);
    expect(evaluate).toBeLessThan(LAST_RANK + 1);
  });

  it('chains unconnected nodes along the flow and adds nothing where edges already decide', () => {
    const { doc, ids } = reversed(['evaluate-classifier', 'logistic-regression', 'train-test-split', 'dataset-source']);
    const [evaluate, lr, split, source] = ids;
    expect(flowOrderHints(doc, registry)).toEqual([
      { from: lr, to: evaluate },
      { from: split, to: lr },
      { from: source, to: split },
    ]);
    const wired = connect(doc, { from: { node: source, port: 'table' }, to: { node: split, port: 'table' } });
    expect(flowOrderHints(wired, registry).map((h) => h.to)).toEqual([evaluate, lr]);
  });

  it('never hints a cycle', () => {
    const { doc, ids } = reversed(['logistic-regression', 'train-test-split']);
    const [lr, split] = ids;
    // The split reads the model's predictions here (odd, but possible): the model may not follow the split.
    const wired = connect(doc, { from: { node: lr, port: 'predictions' }, to: { node: split, port: 'table' } });
    expect(flowOrderHints(wired, registry)).toEqual([]);
  });
});

describe('tidy up', () => {
  it('lays unconnected nodes out left to right along the data flow', async () => {
    const { doc, ids } = reversed(['evaluate-classifier', 'logistic-regression', 'train-test-split', 'dataset-source']);
    const { default: ElkBundled } = await import('elkjs/lib/elk.bundled.js');
    const pos = await layoutPositions(doc, {}, registry, new ElkBundled());
    const xs = ids.map((id) => pos[id].x);
    // evaluate right of the model, right of the split, right of the source.
    expect(xs[3]).toBeLessThan(xs[2]);
    expect(xs[2]).toBeLessThan(xs[1]);
    expect(xs[1]).toBeLessThan(xs[0]);
  });
});
