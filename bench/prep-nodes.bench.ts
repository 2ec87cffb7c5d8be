/**
 * Issue 17's per-node target: each preparation node of the attrition template at most 300 ms on the 10×
 * panel (200,000 employees: 1.18M panel rows with the current generator). The tables come straight from
 * the seeded generator (src/samples/attrition.ts, no CSV parsing) and each node runs as the template
 * configures it (examples/attrition.pipeline.json), in this thread, on its real upstream output: median
 * of 3 runs after one warm-up, with the median process CPU time (wall time is inflated when
 * other work shares the machine; CPU time much less so).
 *
 *   npm run bench prep-nodes            10×
 *   npm run bench prep-nodes 1x         20,000 employees
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinNodes } from '../nodes/index.ts';
import type { PipelineDocument } from '../src/core/document.ts';
import { withDefaults } from '../src/core/params.ts';
import { createRegistry } from '../src/core/registry.ts';
import type { Table } from '../src/core/table/table.ts';
import { createNodeContext } from '../src/runtime/node-context.ts';
import { generateAttrition } from '../src/samples/attrition.ts';
import type { Bench } from './harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_MS = 300;
/** The template's preparation nodes, in order; each reads its upstream nodes' outputs. */
const PREPARATION = ['sentiment', 'survey-trends', 'review-trends', 'panel', 'with-surveys', 'with-reviews', 'with-pay', 'tenure', 'sales', 'labelled', 'current'];
/**
 * The template has no plain join or group-by: these two run on the full panel (the `tenure` output) as
 * an analyst might add them: who left and why (a many-to-one left join), and one row per employee.
 */
const EXTRA: Array<{ id: string; type: string; inputs: Record<string, string>; params: Record<string, unknown> }> = [
  { id: 'join-terminations', type: 'join', inputs: { left: 'tenure', right: 'terminations' }, params: { how: 'left', leftOn: ['employee_id'], rightOn: ['employee_id'] } },
  {
    id: 'per-employee',
    type: 'group-aggregate',
    inputs: { table: 'tenure' },
    params: { by: ['employee_id'], columns: ['engagement_score', 'rating', 'market_ratio'], operations: 'mean,max,last,distinct', orderBy: 'snapshot_date' },
  },
];

const bench: Bench = async (record) => {
  const employees = process.argv[3] === '1x' ? 20_000 : 200_000;
  const doc = JSON.parse(readFileSync(path.join(root, 'examples', 'attrition.pipeline.json'), 'utf8')) as PipelineDocument;
  const registry = createRegistry(builtinNodes);
  process.stderr.write(`  generating ${employees.toLocaleString('en')} employees × 2 years…\n`);
  const tables = generateAttrition({ employees, years: 2 }) as unknown as Record<string, Table>;
  const outputs: Record<string, Table> = {};
  for (const id of ['employees', 'surveys', 'performance', 'compensation', 'terminations']) outputs[id] = tables[id];
  const steps = PREPARATION.map((id) => {
    const node = doc.nodes.find((n) => n.id === id);
    if (!node) throw new Error(`examples/attrition.pipeline.json has no node "${id}" any more: update bench/prep-nodes.bench.ts.`);
    const inputs = Object.fromEntries(doc.edges.filter((x) => x.to.node === id).map((e) => [e.to.port, e.from.node]));
    return { id, type: node.type, inputs, params: node.params ?? {} };
  });
  for (const { id, type, inputs: from, params: given } of [...steps, ...EXTRA]) {
    const def = registry.get(type)!;
    const inputs = Object.fromEntries(Object.entries(from).map(([port, source]) => [port, outputs[source]]));
    const params = withDefaults(def.params, given);
    const ctx = createNodeContext({ nodeId: id, pipelineSeed: doc.metadata.seed, kernels: registry.kernel });
    const runOnce = async () => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const out = (await def.run({ inputs, params, ctx })) as Record<string, Table>;
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      return { out, ms, cpuMs: (c.user + c.system) / 1000 };
    };
    await runOnce();
    const runs = [await runOnce(), await runOnce(), await runOnce()];
    const median = runs.map((r) => r.ms).sort((a, b) => a - b)[1];
    const medianCpu = runs.map((r) => r.cpuMs).sort((a, b) => a - b)[1];
    const out = runs[2].out.table;
    outputs[id] = out;
    const rowsIn = Object.values(inputs).map((t) => (t as Table).nRows.toLocaleString('en')).join(' + ');
    record({
      name: `${id} (${type}), ${employees === 200_000 ? '10×' : '1×'} attrition`,
      ms: median,
      targetMs: TARGET_MS,
      notes: `rows in ${rowsIn}, out ${out.nRows.toLocaleString('en')}; in this thread, no copies between threads`,
      extra: { cpuMs: Math.round(medianCpu), load: os.loadavg()[0].toFixed(1) },
    });
  }
};
export default bench;
