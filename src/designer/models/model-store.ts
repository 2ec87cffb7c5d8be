/**
 * Model versions in IndexedDB (`models` store): after a run, every trained model is registered with
 * the metrics and fairness reports computed on its predictions; identical training is not a new version.
 */
import type { PipelineDocument } from '../../core/document.ts';
import type { FairnessReport, Metrics, Model, PortType } from '../../core/ports.ts';
import type { NodeRegistry } from '../../core/registry.ts';
import { registerModelVersion, type ModelVersion } from '../../ml/registry/model-version.ts';
import type { RunResult } from '../../runtime/runner.ts';
import type { CrispflowDatabase, StoredModel } from '../persistence/db.ts';

export type StoredModelVersion = StoredModel & { record: ModelVersion };

export async function listModelVersions(db: CrispflowDatabase, pipelineId?: string): Promise<ModelVersion[]> {
  const all = (pipelineId ? await db.getAllFromIndex('models', 'pipelineId', pipelineId) : await db.getAll('models')) as StoredModelVersion[];
  return all
    .filter((m) => m.record)
    .map((m) => m.record)
    .sort((a, b) => (a.name === b.name ? b.version - a.version : a.name < b.name ? -1 : 1));
}

/** Registers the models of a finished run; returns the versions created. */
export async function recordModelVersions(
  db: CrispflowDatabase,
  args: { pipelineId: string; doc: PipelineDocument; registry: NodeRegistry; result: Pick<RunResult, 'outputs'>; now?: Date },
): Promise<ModelVersion[]> {
  const { doc, registry, result } = args;
  const typeOf = (nodeId: string, port: string): PortType | undefined => {
    const node = doc.nodes.find((n) => n.id === nodeId);
    return node ? (registry.get(node.type)?.outputs[port]?.type as PortType | undefined) : undefined;
  };
  const existing = await listModelVersions(db);
  const created: ModelVersion[] = [];
  for (const node of doc.nodes) {
    for (const [port, value] of Object.entries(result.outputs[node.id] ?? {})) {
      if (typeOf(node.id, port) !== 'model') continue;
      const model = value as Model;
      // Evaluations of this model: metrics and fairness outputs of nodes fed by its other outputs (predictions).
      const consumers = doc.edges.filter((e) => e.from.node === node.id && e.from.port !== port).map((e) => e.to.node);
      let metrics: Record<string, number> = {};
      const fairness: FairnessReport[] = [];
      for (const c of new Set(consumers)) {
        for (const [p, v] of Object.entries(result.outputs[c] ?? {})) {
          const t = typeOf(c, p);
          if (t === 'metrics') metrics = { ...metrics, ...((v as Metrics).values ?? {}) };
          if (t === 'fairness') fairness.push(v as FairnessReport);
        }
      }
      const name = node.label ?? `${doc.metadata.name}: ${node.id}`;
      const { version, created: isNew } = registerModelVersion(existing, {
        name,
        model,
        metrics,
        fairness,
        pipeline: { name: doc.metadata.name, nodeId: node.id },
        now: args.now,
      });
      if (!isNew) continue;
      const stored: StoredModelVersion = {
        id: version.id,
        pipelineId: args.pipelineId,
        nodeId: node.id,
        kind: version.kind,
        fingerprint: version.fingerprint,
        createdAt: Date.parse(version.createdAt),
        record: version,
      };
      await db.put('models', stored);
      existing.push(version);
      created.push(version);
    }
  }
  return created;
}
