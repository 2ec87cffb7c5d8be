/** Pipeline documents a hostile or careless file could hold: odd node ids, deep nesting, huge size (issue 12, item 4). */
import { describe, expect, it } from 'vitest';
import { parsePipeline } from './document-io.ts';
import { MAX_DOCUMENT_BYTES, MAX_NESTING_DEPTH } from './document-limits.ts';
import { NODE_ID_PATTERN, nodeIdProblem, RESERVED_NODE_IDS, suggestNodeId } from './document.ts';
import { validPipeline } from '../runtime/testing/test-nodes.ts';

/** `{ key: { key: … leaf … } }`, `levels` objects deep, built without recursion. */
function nested(levels: number, key = 'a', leaf: unknown = 1): unknown {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = { [key]: v };
  return v;
}

function withNodeId(id: string) {
  const d = validPipeline();
  d.nodes[1].id = id; // "adults"
  for (const e of d.edges) {
    if (e.from.node === 'adults') e.from.node = id;
    if (e.to.node === 'adults') e.to.node = id;
  }
  return d;
}

describe('node ids', () => {
  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'])('refuse the reserved name %s', (id) => {
    const r = parsePipeline(withNodeId(id));
    expect(r.doc).toBeUndefined();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'CF012', field: 'nodes[1].id', nodeId: id });
    expect(r.problems[0].message).toContain(`"${id}" is not a usable node id`);
    expect(r.problems[0].message).toContain('reserved name');
    // …and say what to use instead.
    expect(r.problems[0].message).toMatch(/Rename the node \(e\.g\. to "[A-Za-z][\w-]*"\)/);
  });

  it.each([
    ['1st-split', 'must start with a letter', 'st-split'],
    ['train lr', 'only letters, digits', 'train-lr'],
    ['../../etc', 'must start with a letter', 'etc'],
    ['a'.repeat(65), '65 characters long; 64 at most', 'a'.repeat(64)],
    ['größe', 'only letters, digits', 'gr-e'],
  ])('refuse %s (%s) and suggest a safe id', (id, why, suggestion) => {
    const r = parsePipeline(withNodeId(id));
    expect(r.doc).toBeUndefined();
    expect(r.problems[0].field).toBe('nodes[1].id');
    expect(r.problems[0].message).toContain(why);
    expect(suggestNodeId(id)).toBe(suggestion);
    expect(nodeIdProblem(suggestion)).toBeUndefined();
  });

  it('accept readable ids up to 64 characters', () => {
    for (const id of ['a', 'train-lr', 'Split_2', `x${'y'.repeat(63)}`]) {
      expect(parsePipeline(withNodeId(id)).problems, id).toEqual([]);
    }
  });

  it('reserve every property of Object.prototype the pattern would let through', () => {
    const inherited = Object.getOwnPropertyNames(Object.prototype).filter((name) => NODE_ID_PATTERN.test(name));
    expect(inherited.length).toBeGreaterThan(0);
    for (const name of inherited) expect(RESERVED_NODE_IDS).toContain(name);
  });
});

describe('nesting depth', () => {
  it(`stops deeply nested metadata at parse time, naming where (more than ${MAX_NESTING_DEPTH} levels)`, () => {
    const d = validPipeline() as unknown as { metadata: Record<string, unknown> };
    const text = JSON.stringify(d).replace('"metadata":{', `"metadata":{"extra":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)},`);
    d.metadata.extra = nested(5_000);
    for (const input of [d, text]) {
      const r = parsePipeline(input);
      expect(r.doc).toBeUndefined();
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0].code).toBe('CF012');
      expect(r.problems[0].field).toBe('metadata.extra.a.a.a.a…a.a');
      expect(r.problems[0].message).toContain(`more than ${MAX_NESTING_DEPTH} levels deep`);
    }
  });

  it('names the node whose parameter nests too deeply', () => {
    const d = validPipeline();
    d.nodes[2].params.C = nested(100, 'b') as never; // "train"
    const r = parsePipeline(d);
    expect(r.problems[0]).toMatchObject({ code: 'CF012', nodeId: 'train' });
    expect(r.problems[0].field).toMatch(/^nodes\[2\]\.params\.C\.b\.b…b\.b$/);
  });

  it('counts lists too, and lets documents nest up to the limit', () => {
    const d = validPipeline();
    // document → nodes → node → params → value: 4 levels before the value itself.
    d.nodes[0].params.deep = JSON.parse(`${'['.repeat(MAX_NESTING_DEPTH - 4)}1${']'.repeat(MAX_NESTING_DEPTH - 4)}`);
    expect(parsePipeline(d).problems).toEqual([]);
    d.nodes[0].params.deep = [d.nodes[0].params.deep];
    expect(parsePipeline(d).problems[0].message).toContain('levels deep');
  });

  it('survives a cyclic object handed in by code', () => {
    const d = validPipeline() as unknown as { metadata: Record<string, unknown> };
    d.metadata.self = d.metadata;
    expect(parsePipeline(d).problems[0].message).toContain('levels deep');
  });

  it('does not overflow the stack on a million open brackets', () => {
    const text = `{"schemaVersion":1,"metadata":{"name":"x","deep":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}},"nodes":[],"edges":[]}`;
    const r = parsePipeline(text);
    expect(r.doc).toBeUndefined();
    expect(r.problems[0].code).toBe('CF012');
  });
});

describe('"__proto__" keys', () => {
  it('are refused where they appear, instead of vanishing on the way in', () => {
    const text = JSON.stringify(validPipeline()).replace('"params":{"name":"people.csv"}', '"params":{"name":"people.csv","__proto__":{"polluted":true}}');
    expect(text).toContain('__proto__');
    const r = parsePipeline(text);
    expect(r.doc).toBeUndefined();
    expect(r.problems[0]).toMatchObject({ code: 'CF012', field: 'nodes[0].params', nodeId: 'source' });
    expect(r.problems[0].message).toContain('key "__proto__"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('document size', () => {
  it(`refuses files over ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB before parsing them`, () => {
    const d = validPipeline() as unknown as { metadata: Record<string, unknown> };
    d.metadata.description = 'x'.repeat(MAX_DOCUMENT_BYTES);
    const r = parsePipeline(JSON.stringify(d));
    expect(r.doc).toBeUndefined();
    expect(r.problems[0]).toMatchObject({ code: 'CF012', field: '(document)' });
    expect(r.problems[0].message).toMatch(/it is 5\.0 MB, more than the 5\.0 MB a pipeline may have/);
    // Multi-byte text counts in UTF-8 bytes: 2 million "é" are 4 MB, under the limit.
    d.metadata.description = 'é'.repeat(2_000_000);
    expect(parsePipeline(JSON.stringify(d)).problems).toEqual([]);
  });

  it('refuses an in-memory document of the same size', () => {
    const d = validPipeline();
    d.nodes[0].params.list = Array.from({ length: 1_000 }, () => 'y'.repeat(6_000));
    expect(parsePipeline(d).problems[0].message).toContain('more than the 5.0 MB');
  });
});
