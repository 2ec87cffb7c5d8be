import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_MIGRATIONS,
  migrateDocument,
  parsePipeline,
  pipelineJsonSchema,
  serializePipeline,
} from './document-io.ts';
import { CURRENT_SCHEMA_VERSION } from './document.ts';
import { node, testRegistry, validPipeline } from '../runtime/testing/test-nodes.ts';

describe('parsePipeline: validation', () => {
  it('accepts a valid document unchanged', () => {
    const d = validPipeline();
    const r = parsePipeline(d);
    expect(r.problems).toEqual([]);
    expect(r.doc).toEqual(d);
  });

  it('names the path and the node of a wrong type', () => {
    const d = validPipeline() as unknown as { nodes: Array<Record<string, unknown>> };
    d.nodes[3].position = { x: 'left', y: 0 };
    const r = parsePipeline(d);
    expect(r.doc).toBeUndefined();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'CF012', field: 'nodes[3].position.x', nodeId: 'predict' });
    expect(r.problems[0].message).toContain('nodes[3].position.x must be a number, found text "left"');
  });

  it('lists every shape problem at once, and says what is missing', () => {
    const d = validPipeline() as unknown as Record<string, unknown> & { nodes: Array<Record<string, unknown>>; edges: unknown[] };
    delete d.nodes[0].type;
    d.nodes[1].version = 1.5;
    d.edges[2] = { from: { node: 'train' }, to: { node: 'predict', port: 'model' } };
    const r = parsePipeline(d);
    expect(r.problems.map((p) => p.field)).toEqual(['nodes[0].type', 'nodes[1].version', 'edges[2].from.port']);
    expect(r.problems[0].message).toContain('nodes[0].type is missing (expected text)');
    expect(r.problems[0].nodeId).toBe('source');
    expect(r.problems[1].message).toMatch(/nodes\[1\]\.version/);
  });

  it('rejects non-objects, bad JSON text and a newer schema version with a clear field', () => {
    expect(parsePipeline(42).problems[0]).toMatchObject({ code: 'CF012', field: '(document)' });
    expect(parsePipeline('{"nodes": [').problems[0].message).toContain('JSON cannot be read');
    const newer = parsePipeline({ ...validPipeline(), schemaVersion: CURRENT_SCHEMA_VERSION + 1 });
    expect(newer.problems[0]).toMatchObject({ code: 'CF012', field: 'schemaVersion' });
    expect(newer.problems[0].message).toContain('newer Crispflow');
    expect(parsePipeline({ ...validPipeline(), schemaVersion: 'one' }).problems[0].field).toBe('schemaVersion');
  });

  it('reads JSON text, with or without a byte order mark', () => {
    const text = serializePipeline(validPipeline());
    expect(parsePipeline(text).doc).toEqual(validPipeline());
    expect(parsePipeline(`\uFEFF${text}`).doc).toEqual(validPipeline());
  });
});

describe('document migrations', () => {
  const legacy = {
    name: 'Old prototype pipeline',
    description: 'saved before schemaVersion existed',
    nodes: [
      { id: 'src', type: 'source', params: { name: 'people.csv' }, x: 10, y: 20 },
      { id: 'sel', type: 'select', x: 200, y: 20 },
    ],
    links: [{ source: 'src', sourcePort: 'table', target: 'sel', targetPort: 'table' }],
  };

  it('are ordered and contiguous from 0 to the current version', () => {
    expect(DOCUMENT_MIGRATIONS.map((m) => m.from)).toEqual([...Array(CURRENT_SCHEMA_VERSION).keys()]);
  });

  it('lift the v0 prototype format (links, x/y, top-level name) to v1', () => {
    const r = parsePipeline(legacy);
    expect(r.problems).toEqual([]);
    expect(r.doc).toEqual({
      schemaVersion: 1,
      metadata: { name: 'Old prototype pipeline', description: 'saved before schemaVersion existed' },
      nodes: [
        { id: 'src', type: 'source', version: 1, params: { name: 'people.csv' }, position: { x: 10, y: 20 } },
        { id: 'sel', type: 'select', version: 1, params: {}, position: { x: 200, y: 20 } },
      ],
      edges: [{ from: { node: 'src', port: 'table' }, to: { node: 'sel', port: 'table' } }],
    });
  });

  it('leave shapes they do not understand for validation to report', () => {
    const r = parsePipeline({ ...legacy, links: [{ source: 'src' }, 'junk'] });
    expect(r.doc).toBeUndefined();
    expect(r.problems.map((p) => p.field)).toEqual(['edges[0].from.port', 'edges[0].to.node', 'edges[0].to.port', 'edges[1]']);
  });

  it('report a migration that throws instead of throwing', () => {
    const r = migrateDocument({ schemaVersion: 0 }, [
      {
        from: 0,
        description: 'broken',
        migrate: () => {
          throw new Error('boom');
        },
      },
    ]);
    expect(r.raw).toBeUndefined();
    expect(r.problems[0].message).toContain('boom');
  });
});

describe('node upgrades (with a registry)', () => {
  const registry = testRegistry();
  const withNodes = (...nodes: ReturnType<typeof node>[]) => ({ ...validPipeline(), nodes, edges: [] });

  it('runs param migrations in order from the saved version', () => {
    const r = parsePipeline(withNodes(node('t1', 'train', { reg: 0.25, solver: 'newton' }, 1)), registry);
    expect(r.problems).toEqual([]);
    expect(r.doc!.nodes[0]).toMatchObject({ version: 3, params: { C: 0.25, solver: 'lbfgs' } });
    const v2 = parsePipeline(withNodes(node('t2', 'train', { C: 2, solver: 'newton' }, 2)), registry);
    expect(v2.doc!.nodes[0]).toMatchObject({ version: 3, params: { C: 2, solver: 'lbfgs' } });
  });

  it('resolves type aliases to the current type', () => {
    const r = parsePipeline(withNodes(node('t', 'train-logreg', { target: 'label' }, 3)), registry);
    expect(r.doc!.nodes[0].type).toBe('train');
  });

  it('reports a node saved by a newer version (CF013) and keeps the document', () => {
    const r = parsePipeline(withNodes(node('t', 'train', {}, 9)), registry);
    expect(r.doc).toBeDefined();
    expect(r.problems).toEqual([
      expect.objectContaining({ code: 'CF013', nodeId: 't', field: 'version' }),
    ]);
    expect(r.problems[0].message).toContain('node version 9, newer than this Crispflow supports (3)');
  });

  it('reports a failing param migration (CF016) with its reason', () => {
    const r = parsePipeline(withNodes(node('t', 'train', { solver: 'explode' }, 2)), registry);
    expect(r.problems[0]).toMatchObject({ code: 'CF016', nodeId: 't', field: 'params' });
    expect(r.problems[0].message).toContain('solver "explode" has no equivalent');
  });

  it('leaves unknown types for the compiler', () => {
    const r = parsePipeline(withNodes(node('x', 'no-such-type')), registry);
    expect(r.problems).toEqual([]);
    expect(r.doc!.nodes[0].type).toBe('no-such-type');
  });
});

describe('public/pipeline.schema.json', () => {
  it('is the JSON Schema generated from the zod schema (run scripts/gen-pipeline-schema.ts)', () => {
    const file = JSON.parse(readFileSync(new URL('../../public/pipeline.schema.json', import.meta.url), 'utf8'));
    expect(file).toEqual(pipelineJsonSchema());
    expect(file.required).toEqual(['schemaVersion', 'metadata', 'nodes', 'edges']);
  });
});
