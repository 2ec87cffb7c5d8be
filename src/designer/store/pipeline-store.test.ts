import { describe, expect, it } from 'vitest';
import { defineNode } from '../../core/node-definition.ts';
import { param } from '../../core/params.ts';
import { createRegistry } from '../../core/registry.ts';
import { edgeId } from '../../core/document.ts';
import { createPipelineStore, redo, undo } from './pipeline-store.ts';
import { duplicateNodes, emptyDocument, extractFragment, insertFragment, removeElements, uniqueNodeId } from './doc-edits.ts';

const source = defineNode({
  type: 'source',
  version: 1,
  title: 'Source',
  phase: 'data-understanding',
  category: 'Sources',
  summary: 'Gives a table.',
  inputs: {},
  outputs: { table: { type: 'table' } },
  params: { name: param.string({ default: 'a.csv' }) },
  async run() {
    return { table: { nRows: 0, columns: [] } };
  },
});
const model = defineNode({
  type: 'train',
  version: 2,
  title: 'Train',
  phase: 'modeling',
  category: 'Models',
  summary: 'Trains.',
  inputs: { train: { type: 'table' } },
  outputs: { model: { type: 'model' } },
  params: { C: param.number({ default: 1, min: 0, exclusiveMin: true }), target: param.column({ from: 'train' }) },
  async run() {
    throw new Error('not used');
  },
});
const registry = createRegistry([source, model]);

function storeWithTwo() {
  const store = createPipelineStore({ registry });
  const a = store.getState().addNode('source', { x: 0, y: 0 });
  const b = store.getState().addNode('train', { x: 300.4, y: 10.6 });
  store.getState().connect({ from: { node: a, port: 'table' }, to: { node: b, port: 'train' } });
  return { store, a, b };
}

describe('pipeline store', () => {
  it('adds nodes with readable unique ids, defaults and the type version', () => {
    const { store, a, b } = storeWithTwo();
    const again = store.getState().addNode('source', { x: 5, y: 5 });
    expect([a, b, again]).toEqual(['source', 'train', 'source-2']);
    const train = store.getState().doc.nodes.find((n) => n.id === 'train')!;
    expect(train).toMatchObject({ type: 'train', version: 2, params: { C: 1, target: '' }, position: { x: 300, y: 11 } });
    expect(store.getState().selection.nodes).toEqual(['source-2']);
  });

  it('undoes and redoes every document edit but not selection changes', () => {
    const { store } = storeWithTwo();
    expect(store.getState().doc.edges).toHaveLength(1);
    store.getState().updateParams('train', { C: 0.5 });
    store.getState().select({ nodes: ['source'] });
    store.getState().select({ nodes: [] });
    undo(store);
    expect(store.getState().doc.nodes[1].params.C).toBe(1);
    undo(store);
    expect(store.getState().doc.edges).toHaveLength(0);
    undo(store);
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['source']);
    redo(store);
    redo(store);
    redo(store);
    expect(store.getState().doc.nodes[1].params.C).toBe(0.5);
    expect(store.getState().doc.edges).toHaveLength(1);
  });

  it('commits a drag as one undo step', () => {
    const { store } = storeWithTwo();
    const past = store.temporal.getState().pastStates.length;
    store.getState().setDragPositions({ train: { x: 310, y: 20 } });
    store.getState().setDragPositions({ train: { x: 320, y: 30 } });
    store.getState().setDragPositions(null);
    store.getState().moveNodes({ train: { x: 320, y: 30 } });
    expect(store.temporal.getState().pastStates.length).toBe(past + 1);
    undo(store);
    expect(store.getState().doc.nodes[1].position).toEqual({ x: 300, y: 11 });
  });

  it('removing a node removes its edges and drops it from the selection', () => {
    const { store } = storeWithTwo();
    store.getState().select({ nodes: ['source', 'train'] });
    store.getState().removeElements({ nodes: ['source'] });
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['train']);
    expect(store.getState().doc.edges).toEqual([]);
    expect(store.getState().selection.nodes).toEqual(['train']);
  });

  it('removes an edge by its id', () => {
    const { store } = storeWithTwo();
    const id = edgeId(store.getState().doc.edges[0]);
    store.getState().select({ nodes: [], edges: [id] });
    store.getState().removeSelected();
    expect(store.getState().doc.edges).toEqual([]);
    expect(store.getState().doc.nodes).toHaveLength(2);
  });

  it('duplicates the selection with its internal edges and selects the copies', () => {
    const { store } = storeWithTwo();
    store.getState().select({ nodes: ['source', 'train'] });
    const ids = store.getState().duplicateSelected();
    expect(ids).toEqual(['source-2', 'train-2']);
    const doc = store.getState().doc;
    expect(doc.edges.map(edgeId)).toContain('source-2.table->train-2.train');
    expect(doc.nodes.find((n) => n.id === 'train-2')!.position).toEqual({ x: 340, y: 51 });
    expect(store.getState().selection.nodes).toEqual(['source-2', 'train-2']);
  });

  it('loading a document clears history and run state', () => {
    const { store } = storeWithTwo();
    store.getState().beginRun(['source']);
    store.getState().loadDocument(emptyDocument('Other'));
    expect(store.getState().doc.metadata.name).toBe('Other');
    expect(store.temporal.getState().pastStates).toHaveLength(0);
    expect(store.getState().run.nodes).toEqual({});
  });

  it('tracks node run states and turns unfinished nodes into skipped when stopped', () => {
    const { store } = storeWithTwo();
    store.getState().beginRun(['source', 'train']);
    expect(store.getState().run.active).toBe(true);
    store.getState().setNodeRun('source', { status: 'ok', ms: 12 });
    store.getState().setNodeRun('train', { status: 'running', progress: 0.3 });
    store.getState().finishRun('stopped');
    const run = store.getState().run;
    expect(run.active).toBe(false);
    expect(run.nodes.source).toEqual({ status: 'ok', ms: 12 });
    expect(run.nodes.train.status).toBe('skipped');
    expect(run.lastStatus).toBe('stopped');
    // Run updates are not undo steps.
    undo(store);
    expect(store.getState().doc.edges).toHaveLength(0);
  });
});

describe('doc edits', () => {
  it('uniqueNodeId keeps readable stems', () => {
    expect(uniqueNodeId('train-lr', new Set())).toBe('train-lr');
    expect(uniqueNodeId('train-lr', new Set(['train-lr', 'train-lr-2']))).toBe('train-lr-3');
    expect(uniqueNodeId('a b/c', new Set())).toBe('a-b-c');
  });

  it('a pasted fragment drops edges to nodes outside it', () => {
    const { store } = storeWithTwo();
    const frag = extractFragment(store.getState().doc, ['train']);
    expect(frag.edges).toEqual([]);
    const r = insertFragment(store.getState().doc, frag, { x: 10, y: 0 });
    expect(r.ids).toEqual(['train-2']);
    expect(r.doc.edges).toHaveLength(1);
  });

  it('edits never mutate their input', () => {
    const { store } = storeWithTwo();
    const doc = store.getState().doc;
    const frozen = JSON.stringify(doc);
    removeElements(doc, { nodes: ['source'] });
    duplicateNodes(doc, ['source', 'train']);
    expect(JSON.stringify(doc)).toBe(frozen);
    expect(removeElements(doc, { nodes: [] })).toBe(doc);
  });
});
