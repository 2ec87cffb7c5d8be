/**
 * Property tests with a seeded generator: random valid DAGs always compile to a plan that respects
 * every edge; random damage to a valid document never makes compile throw, and every problem it
 * reports names a node or a field.
 */
import { describe, expect, it } from 'vitest';
import { compile } from './compiler.ts';
import type { PipelineDocument, PipelineEdge, PipelineNode } from './document.ts';
import { PROBLEMS } from './errors.ts';
import type { PortSpecs } from './node-definition.ts';
import { testNodes, testRegistry } from '../runtime/testing/test-nodes.ts';
import { canConnect } from './ports.ts';
import { createRng, type Rng } from './rng.ts';

const registry = testRegistry();
const defs = new Map(testNodes.map((d) => [d.type, d]));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

/** Params valid for any upstream in these DAGs (every table keeps id, age and label). */
function paramsFor(type: string, rng: Rng): Record<string, unknown> {
  switch (type) {
    case 'source':
      return { name: 'people.csv' };
    case 'filter':
      return { column: 'age', threshold: rng.int(100), op: pick(rng, ['gt', 'lt']) };
    case 'select':
      return { columns: rng.next() < 0.5 ? ['id', 'age', 'label'] : ['label', 'id', 'age'] };
    case 'train':
      return { target: 'label', C: 0.1 + rng.next() };
    case 'evaluate':
      return { threshold: rng.next() };
    default:
      return {};
  }
}

/** A random valid DAG of n nodes: each input is fed from an earlier compatible output. */
function randomDag(rng: Rng, n: number): PipelineDocument {
  const nodes: PipelineNode[] = [];
  const edges: PipelineEdge[] = [];
  const types = ['source', 'filter', 'select', 'join', 'train', 'predict', 'evaluate', 'opaque', 'picky'];
  for (let i = 0; i < n; i++) {
    const id = `n${i}`;
    let type = i === 0 ? 'source' : pick(rng, types);
    let wiring: PipelineEdge[] = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      const def = defs.get(type)!;
      wiring = [];
      let satisfied = true;
      for (const [port, spec] of Object.entries(def.inputs as PortSpecs)) {
        const candidates = nodes.flatMap((u) =>
          Object.entries(defs.get(u.type)!.outputs as PortSpecs)
            .filter(([, o]) => canConnect(o.type, spec.type))
            .map(([op]) => ({ node: u.id, port: op })),
        );
        if (candidates.length === 0 || (spec.optional && rng.next() < 0.4)) {
          if (!spec.optional) satisfied = false;
          continue;
        }
        wiring.push({ from: pick(rng, candidates), to: { node: id, port } });
      }
      if (satisfied) break;
      type = 'source';
    }
    nodes.push({ id, type, version: defs.get(type)!.version, params: paramsFor(type, rng), position: { x: i * 10, y: 0 } });
    edges.push(...wiring);
  }
  rng.shuffle(nodes);
  rng.shuffle(edges);
  return { schemaVersion: 1, metadata: { name: 'random', seed: rng.int(1000) }, nodes, edges };
}

function expectOrderRespectsEdges(doc: PipelineDocument, steps: Array<{ nodeId: string }>) {
  const index = new Map(steps.map((s, i) => [s.nodeId, i]));
  for (const e of doc.edges) {
    if (index.has(e.from.node) && index.has(e.to.node)) expect(index.get(e.from.node)!).toBeLessThan(index.get(e.to.node)!);
  }
}

describe('property: random DAGs compile', () => {
  it('to a plan covering every node in an order that respects every edge (300 pipelines)', () => {
    const rng = createRng(20240601);
    for (let trial = 0; trial < 300; trial++) {
      const doc = randomDag(rng, 1 + rng.int(40));
      const r = compile(doc, registry);
      expect(r.problems, `trial ${trial}`).toEqual([]);
      expect(r.plan!.steps).toHaveLength(doc.nodes.length);
      expectOrderRespectsEdges(doc, r.plan!.steps);
      for (const [i, s] of r.plan!.steps.entries()) {
        for (const ref of Object.values(s.inputs)) {
          expect(r.plan!.steps.findIndex((x) => x.nodeId === ref.node)).toBeLessThan(i);
        }
      }
    }
  });

  it('with cache keys that do not depend on the order of nodes and edges in the file', () => {
    const rng = createRng(99);
    for (let trial = 0; trial < 50; trial++) {
      const doc = randomDag(rng, 2 + rng.int(30));
      const shuffled = { ...doc, nodes: rng.shuffle([...doc.nodes]), edges: rng.shuffle([...doc.edges]) };
      const keys = (d: PipelineDocument) =>
        Object.fromEntries(compile(d, registry).plan!.steps.map((s) => [s.nodeId, s.cacheKey]));
      expect(keys(shuffled)).toEqual(keys(doc));
    }
  });

  it('planning only a target and its ancestors', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 50; trial++) {
      const doc = randomDag(rng, 2 + rng.int(30));
      const target = pick(rng, doc.nodes).id;
      const steps = compile(doc, registry, { targets: [target] }).plan!.steps;
      expect(steps[steps.length - 1].nodeId).toBe(target);
      // every planned step other than the target feeds some later planned step
      for (const s of steps.slice(0, -1)) {
        expect(doc.edges.some((e) => e.from.node === s.nodeId && steps.some((t) => t.nodeId === e.to.node))).toBe(true);
      }
    }
  });
});

// ---- random damage ----

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

function slots(value: unknown, out: Slot[] = []): Slot[] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push({ parent: value, key: i });
      slots(v, out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push({ parent: value as Record<string, unknown>, key: k });
      slots(v, out);
    }
  }
  return out;
}

function randomString(rng: Rng): string {
  const alphabet = ['a', 'Z', '0', ' ', '.', '→', '"', '\\', '\u0000', 'é', 'constructor', '__proto__', 'table', 'n1'];
  let s = '';
  const len = rng.int(6);
  for (let i = 0; i < len; i++) s += pick(rng, alphabet);
  return s;
}

function randomJson(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 2 ? 6 : 8)) {
    case 0:
      return null;
    case 1:
      return rng.next() < 0.5;
    case 2:
      return pick(rng, [0, -1, 1.5, 1e308, -0, 3, 2 ** 53]);
    case 3:
    case 4:
      return randomString(rng);
    case 5:
      return undefined;
    case 6:
      return Array.from({ length: rng.int(3) }, () => randomJson(rng, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: rng.int(3) }, () => [randomString(rng), randomJson(rng, depth + 1)]));
  }
}

function mutate(doc: Record<string, unknown>, rng: Rng): void {
  const nodes = Array.isArray(doc.nodes) ? (doc.nodes as Array<Record<string, unknown>>) : [];
  const edges = Array.isArray(doc.edges) ? (doc.edges as unknown[]) : [];
  const anyNode = () => (nodes.length ? pick(rng, nodes) : undefined);
  const idOf = (n: Record<string, unknown> | undefined) => (n && typeof n.id === 'string' ? n.id : 'x');
  switch (rng.int(9)) {
    case 0: {
      const all = slots(doc);
      if (!all.length) return;
      const s = pick(rng, all);
      if (Array.isArray(s.parent)) s.parent.splice(s.key as number, 1);
      else delete s.parent[s.key as string];
      return;
    }
    case 1:
    case 2: {
      const all = slots(doc);
      if (!all.length) return;
      const s = pick(rng, all);
      (s.parent as Record<string | number, unknown>)[s.key] = randomJson(rng);
      return;
    }
    case 3: // dangling edge
      edges.push({ from: { node: randomString(rng), port: 'table' }, to: { node: idOf(anyNode()), port: 'table' } });
      return;
    case 4: {
      // reversed edge: a cycle
      const e = pick(rng, edges.length ? edges : [undefined]) as PipelineEdge | undefined;
      if (e && typeof e === 'object' && e.from && e.to) edges.push({ from: { node: e.to.node, port: 'table' }, to: { node: e.from.node, port: 'table' } });
      return;
    }
    case 5: {
      const n = anyNode();
      if (n) nodes.push(structuredClone(n)); // duplicate id
      return;
    }
    case 6: {
      const n = anyNode();
      if (n && typeof n.params === 'object' && n.params !== null) {
        const keys = [...Object.keys(n.params), 'column', 'columns', 'C', 'name', 'target'];
        (n.params as Record<string, unknown>)[pick(rng, keys)] = randomJson(rng);
      }
      return;
    }
    case 7: {
      const n = anyNode();
      if (n) n[pick(rng, ['type', 'version', 'id'])] = pick(rng, ['train-logreg', 'nope', 0, 99, '', randomString(rng)]);
      return;
    }
    default: {
      const e = pick(rng, edges.length ? edges : [undefined]) as Record<string, Record<string, unknown>> | undefined;
      if (e && typeof e === 'object' && e.to && typeof e.to === 'object') e.to.port = pick(rng, ['model', 'right', 'left', 'x', 'predictions']);
    }
  }
}

function expectWellFormedProblems(r: ReturnType<typeof compile>, label: string) {
  expect(Array.isArray(r.problems), label).toBe(true);
  for (const p of r.problems) {
    expect(Object.keys(PROBLEMS), label).toContain(p.code);
    expect(typeof p.message === 'string' && p.message.length > 10, label).toBe(true);
    expect(Boolean(p.nodeId) || Boolean(p.field), `${label}: ${p.code} ${p.message}`).toBe(true);
  }
  if (!r.ok) expect(r.problems.length, label).toBeGreaterThan(0);
  else expect(r.plan, label).toBeDefined();
}

describe('property: damaged documents', () => {
  it('never make compile throw, and every problem names a node or a field (1000 documents)', () => {
    const rng = createRng(77);
    let invalid = 0;
    for (let trial = 0; trial < 1000; trial++) {
      const doc = structuredClone(randomDag(rng, 1 + rng.int(12))) as unknown as Record<string, unknown>;
      const k = 1 + rng.int(4);
      for (let i = 0; i < k; i++) mutate(doc, rng);
      const r = compile(doc, registry);
      expectWellFormedProblems(r, `trial ${trial}`);
      if (r.ok) expectOrderRespectsEdges(doc as unknown as PipelineDocument, r.plan!.steps);
      else invalid++;
    }
    // the mutations really do break documents most of the time
    expect(invalid).toBeGreaterThan(600);
  });

  it('never make compile throw on arbitrary JSON values', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 500; trial++) {
      const value = randomJson(rng);
      const r = compile(value, registry);
      expect(r.ok).toBe(false);
      expectWellFormedProblems(r, `value ${JSON.stringify(value)}`);
    }
  });
});
