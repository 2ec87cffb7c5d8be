import { describe, expect, it } from 'vitest';
import { checkConnection } from './connection.ts';
import { edge, node, doc, testRegistry, validPipeline } from '../runtime/testing/test-nodes.ts';

const registry = testRegistry();

describe('checkConnection', () => {
  const d = validPipeline();
  d.nodes.push(node('side', 'opaque'), node('j', 'join'));

  it('accepts a good connection, and an edge already in the document', () => {
    expect(checkConnection(d, registry, edge('source.table', 'side.table'))).toBeNull();
    expect(checkConnection(d, registry, edge('predict.predictions', 'j.left'))).toBeNull();
    expect(checkConnection(d, registry, d.edges[0])).toBeNull();
  });

  it('refuses a type mismatch (CF003)', () => {
    const p = checkConnection(d, registry, edge('train.model', 'side.table'))!;
    expect(p).toMatchObject({ code: 'CF003', nodeId: 'side', field: 'table' });
    expect(p.message).toContain('expects table but the connected output gives model');
  });

  it('refuses an occupied input (CF009)', () => {
    expect(checkConnection(d, registry, edge('source.table', 'train.train'))).toMatchObject({
      code: 'CF009',
      nodeId: 'train',
      field: 'train',
    });
  });

  it('refuses a connection that closes a cycle (CF004), naming the loop', () => {
    const p = checkConnection(d, registry, edge('adults.table', 'j.left'))!;
    expect(p).toBeNull();
    const withJoin = { ...d, edges: [...d.edges, edge('adults.table', 'j.left'), edge('j.table', 'side.table')] };
    const loop = checkConnection(withJoin, registry, edge('side.table', 'j.right'))!;
    expect(loop).toMatchObject({ code: 'CF004', nodeId: 'j', field: 'right' });
    expect(loop.message).toContain('side → j');
    const three = checkConnection(withJoin, registry, edge('predict.predictions', 'j.right'))!;
    expect(three).toBeNull();
    const self = checkConnection(withJoin, registry, edge('j.table', 'j.right'))!;
    expect(self.code).toBe('CF004');
  });

  it('refuses unknown nodes, types and ports', () => {
    expect(checkConnection(d, registry, edge('ghost.table', 'side.table'))).toMatchObject({ code: 'CF011', nodeId: 'side' });
    expect(checkConnection(d, registry, edge('source.table', 'ghost.table'))).toMatchObject({ code: 'CF011', nodeId: 'source' });
    expect(checkConnection(d, registry, edge('source.rows', 'side.table'))).toMatchObject({ code: 'CF008', nodeId: 'source', field: 'rows' });
    expect(checkConnection(d, registry, edge('source.table', 'side.input'))).toMatchObject({ code: 'CF008', nodeId: 'side', field: 'input' });
    const odd = doc([node('a', 'mystery'), node('b', 'opaque')], []);
    expect(checkConnection(odd, registry, edge('a.table', 'b.table'))).toMatchObject({ code: 'CF001', nodeId: 'a' });
  });

  it('does not treat inherited object keys as ports', () => {
    expect(checkConnection(d, registry, edge('source.constructor', 'side.table'))?.code).toBe('CF008');
  });
});
