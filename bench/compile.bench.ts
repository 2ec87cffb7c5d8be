/**
 * Compile and schedule a 200-node pipeline (issue 2 target ≤ 50 ms): parse + migrate + validate,
 * schema propagation, param and column checks, topological plan with cache keys. Also the live
 * connection check the canvas runs while dragging, and dataset fingerprinting of 100 MB.
 */
import { checkConnection } from '../src/core/connection.ts';
import { compile } from '../src/core/compiler.ts';
import type { PipelineDocument, PipelineEdge, PipelineNode } from '../src/core/document.ts';
import { edge, node, testRegistry } from '../src/runtime/testing/test-nodes.ts';
import { hashBytes } from '../src/core/hash.ts';
import type { Bench } from './harness.ts';
import { timeIt } from './harness.ts';

/** 25 branches of 8 nodes; each branch's join also reads the previous branch (so the DAG is connected). */
export function bigPipeline(branches = 25): PipelineDocument {
  const nodes: PipelineNode[] = [];
  const edges: PipelineEdge[] = [];
  for (let b = 0; b < branches; b++) {
    const id = (s: string) => `${s}-${b}`;
    nodes.push(
      node(id('source'), 'source', { name: 'people.csv' }),
      node(id('adults'), 'filter', { column: 'age', threshold: 18 + b }),
      node(id('select'), 'select', { columns: ['id', 'age', 'gender', 'label'] }),
      node(id('join'), 'join', { key: 'id' }),
      node(id('train'), 'train', { target: 'label', C: 0.1 * (b + 1) }, 3),
      node(id('predict'), 'predict'),
      node(id('evaluate'), 'evaluate', { threshold: 0.5 }),
      node(id('report'), 'opaque'),
    );
    edges.push(
      edge(`${id('source')}.table`, `${id('adults')}.table`),
      edge(`${id('adults')}.table`, `${id('select')}.table`),
      edge(`${id('select')}.table`, `${id('join')}.left`),
      edge(`${id('join')}.table`, `${id('train')}.train`),
      edge(`${id('train')}.model`, `${id('predict')}.model`),
      edge(`${id('join')}.table`, `${id('predict')}.table`),
      edge(`${id('predict')}.predictions`, `${id('evaluate')}.predictions`),
      edge(`${id('predict')}.predictions`, `${id('report')}.table`),
    );
    if (b > 0) edges.push(edge(`select-${b - 1}.table`, `${id('join')}.right`));
  }
  return { schemaVersion: 1, metadata: { name: 'bench-200', seed: 1 }, nodes, edges };
}

const bench: Bench = async (record) => {
  const registry = testRegistry();
  const doc = bigPipeline();
  const json = JSON.stringify(doc);
  const check = compile(json, registry, { fingerprints: { 'file:people.csv': 'abc' } });
  if (!check.ok || check.plan!.steps.length !== 200) {
    throw new Error(`bench pipeline should compile cleanly: ${check.problems.map((p) => p.message).join('; ')}`);
  }
  const ms = await timeIt(() => compile(json, registry, { fingerprints: { 'file:people.csv': 'abc' } }), 30, 5);
  record({
    name: 'compile + schedule 200-node pipeline (JSON text → plan)',
    ms,
    targetMs: 50,
    extra: { nodes: doc.nodes.length, edges: doc.edges.length },
  });

  // A refused drag (closes a cycle) and an accepted one, 50 times each.
  const refused = edge('report-0.table', 'join-0.right');
  const accepted = edge('report-24.table', 'join-0.right');
  const msConn = await timeIt(() => {
    for (let i = 0; i < 50; i++) {
      checkConnection(doc, registry, refused);
      checkConnection(doc, registry, accepted);
    }
  }, 10, 2);
  record({ name: 'checkConnection × 100 on the 200-node pipeline (live drag check)', ms: msConn });

  const bytes = new Uint8Array(100 << 20);
  for (let i = 0; i < bytes.length; i += 4093) bytes[i] = i & 255;
  const msHash = await timeIt(() => hashBytes(bytes), 5, 1);
  record({ name: 'hashBytes 100 MB (dataset fingerprint)', ms: msHash, extra: { 'MB/s': Math.round(100 / (msHash / 1000)) } });
};

export default bench;
