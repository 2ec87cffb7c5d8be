/**
 * Runs a pipeline document in this thread, node after node, up to some targets: for tests and fixture
 * scripts that need a template's intermediate tables without a worker pool. Not a replacement for the
 * runtime (no cache, no cancellation); ctx.parallel runs the registry's kernels here, one task after
 * another, and the registry's model scorers are installed in this thread.
 */
import type { PipelineDocument } from '../../core/document.ts';
import type { DatasetProvider } from '../../core/node-definition.ts';
import { withDefaults } from '../../core/params.ts';
import type { NodeRegistry } from '../../core/registry.ts';
import { installScorers } from '../../ml/models/scorers.ts';
import { createNodeContext } from '../node-context.ts';

export async function runInProcess(
  doc: PipelineDocument,
  registry: NodeRegistry,
  datasets: DatasetProvider,
  targets: string[],
): Promise<Record<string, Record<string, unknown>>> {
  installScorers(registry.scorers());
  const outputs: Record<string, Record<string, unknown>> = {};
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const run = async (id: string): Promise<void> => {
    if (outputs[id]) return;
    const node = byId.get(id);
    if (!node) throw new Error(`No node "${id}" in the pipeline.`);
    const def = registry.get(node.type);
    if (!def) throw new Error(`Unknown node type "${node.type}".`);
    const inputs: Record<string, unknown> = {};
    for (const e of doc.edges.filter((x) => x.to.node === id)) {
      await run(e.from.node);
      inputs[e.to.port] = outputs[e.from.node][e.from.port];
    }
    for (const port of Object.keys(def.inputs)) if (!(port in inputs)) inputs[port] = undefined;
    const ctx = createNodeContext({ nodeId: id, pipelineSeed: doc.metadata.seed, readDataset: (ref) => datasets.read(ref), kernels: registry.kernel });
    outputs[id] = (await def.run({ inputs, params: withDefaults(def.params, node.params ?? {}), ctx })) as Record<string, unknown>;
  };
  for (const t of targets) await run(t);
  return outputs;
}
