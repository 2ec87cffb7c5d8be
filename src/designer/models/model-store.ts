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

/**
 * Cross-validation nodes and the model kind each one trains in its folds: their metrics stand for a
 * model of that kind trained on the same data (same input, target and features).
 */
const CROSS_VALIDATION_KINDS: Record<string, string> = { 'time-series-cv': 'gradient-boosting' };

const sameSet = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b) && a.length === b.length && [...a].map(String).sort().join('\u0000') === [...b].map(String).sort().join('\u0000');

/**
 * Cross-validated metrics for a trainer's model, from a cross-validation node that trains the same
 * model kind on the same training input with the same target and features (e.g. the attrition
 * template's Time-series CV beside its Gradient boosting node).
 */
function crossValidatedMetrics(doc: PipelineDocument, trainerId: string, model: Model, result: Pick<RunResult, 'outputs'>): Record<string, number> | undefined {
  const trainer = doc.nodes.find((n) => n.id === trainerId);
  const trainEdge = doc.edges.find((e) => e.to.node === trainerId && e.to.port === 'train');
  if (!trainer || !trainEdge) return undefined;
  for (const cv of doc.nodes) {
    if (CROSS_VALIDATION_KINDS[cv.type] !== model.kind) continue;
    const fed = doc.edges.some((e) => e.to.node === cv.id && e.from.node === trainEdge.from.node && e.from.port === trainEdge.from.port);
    if (!fed || cv.params.target !== trainer.params.target || !sameSet(cv.params.features, trainer.params.features)) continue;
    const m = Object.values(result.outputs[cv.id] ?? {}).find((v): v is Metrics => (v as Metrics)?.kind === 'cross-validation');
    if (m?.values) return m.values;
  }
  return undefined;
}

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
      // No held-out evaluation of its own: fall back to a matching cross-validation, labelled as such.
      const cv = Object.keys(metrics).length === 0 ? crossValidatedMetrics(doc, node.id, model, result) : undefined;
      if (cv) metrics = cv;
      const name = node.label ?? `${doc.metadata.name}: ${node.id}`;
      const { version, created: isNew } = registerModelVersion(existing, {
        name,
        model,
        metrics,
        ...(cv ? { metricsSource: 'cross-validated' as const } : {}),
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
