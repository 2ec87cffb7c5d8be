/**
 * Which models a finished run trained, and what evaluated them: the metrics and fairness reports of the
 * nodes fed by a model node's other outputs (its predictions), else a matching cross-validation. Pure
 * (types only, no Node or DOM APIs): the designer's model store and the CLI's model registry both use it,
 * so a model gets the same version record wherever it was trained.
 */
import type { PipelineDocument } from '../core/document.ts';
import type { FairnessReport, Metrics, Model, PortType } from '../core/ports.ts';
import type { NodeRegistry } from '../core/registry.ts';
import type { registerModelVersion } from '../governance/registry/model-version.ts';
import { extractBusinessNote } from '../lessons/business-note.ts';

/** The port type of a node's output, or undefined when the node or port is unknown. */
export type PortTypeOf = (nodeId: string, port: string) => PortType | undefined;

/** What `registerModelVersion` needs for one trained model (everything but the clock). */
export type ModelRegistration = Omit<Parameters<typeof registerModelVersion>[1], 'now'>;

export interface TrainedModel {
  nodeId: string;
  port: string;
  registration: ModelRegistration & { name: string; model: Model; metrics: Record<string, number>; fairness: FairnessReport[]; pipeline: { name: string; nodeId: string } };
}

/** A `PortTypeOf` from the node registry's definitions. */
export function outputPortTypes(doc: PipelineDocument, registry: NodeRegistry): PortTypeOf {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  return (nodeId, port) => {
    const node = byId.get(nodeId);
    return node ? (registry.get(node.type)?.outputs[port]?.type as PortType | undefined) : undefined;
  };
}

/**
 * Cross-validation nodes and the model kind each one trains in its folds when no model is connected to
 * them: their metrics stand for a model of that kind trained on the same data (same input, target and
 * features).
 */
const CROSS_VALIDATION_KINDS: Record<string, string> = { 'time-series-cv': 'gradient-boosting' };

const sameSet = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b) && a.length === b.length && [...a].map(String).sort().join('\u0000') === [...b].map(String).sort().join('\u0000');

/**
 * Cross-validated metrics for a trainer's model, from a cross-validation node that trains the same
 * model kind on the same training input with the same target and features (e.g. the attrition
 * template's Time-series CV beside its Gradient boosting node).
 */
function crossValidatedMetrics(doc: PipelineDocument, trainerId: string, model: Model, outputs: Record<string, Record<string, unknown>>): Record<string, number> | undefined {
  const trainer = doc.nodes.find((n) => n.id === trainerId);
  const trainEdge = doc.edges.find((e) => e.to.node === trainerId && e.to.port === 'train');
  if (!trainer || !trainEdge) return undefined;
  for (const cv of doc.nodes) {
    if (!(cv.type in CROSS_VALIDATION_KINDS)) continue;
    // A cross-validation fed a trained model (its `model` input) retrains that model's kind: it stands for that node's model only.
    const validated = doc.edges.find((e) => e.to.node === cv.id && e.to.port === 'model');
    if (validated ? validated.from.node !== trainerId : CROSS_VALIDATION_KINDS[cv.type] !== model.kind) continue;
    const fed = doc.edges.some((e) => e.to.node === cv.id && e.from.node === trainEdge.from.node && e.from.port === trainEdge.from.port);
    if (!fed || cv.params.target !== trainer.params.target || !sameSet(cv.params.features, trainer.params.features)) continue;
    const m = Object.values(outputs[cv.id] ?? {}).find((v): v is Metrics => (v as Metrics)?.kind === 'cross-validation');
    if (m?.values) return m.values;
  }
  return undefined;
}

/**
 * Every model output of the run (in document order), with the name it is registered under (the node's
 * label, else "<pipeline>: <node id>") and the evaluations gathered for it.
 */
export function trainedModels(args: { doc: PipelineDocument; outputs: Record<string, Record<string, unknown>>; portType: PortTypeOf }): TrainedModel[] {
  const { doc, outputs, portType } = args;
  const found: TrainedModel[] = [];
  const business = extractBusinessNote(doc);
  for (const node of doc.nodes) {
    for (const [port, value] of Object.entries(outputs[node.id] ?? {})) {
      if (portType(node.id, port) !== 'model') continue;
      const model = value as Model;
      // Evaluations of this model: metrics and fairness outputs of nodes fed by its other outputs (predictions).
      const consumers = doc.edges.filter((e) => e.from.node === node.id && e.from.port !== port).map((e) => e.to.node);
      let metrics: Record<string, number> = {};
      const fairness: FairnessReport[] = [];
      for (const c of new Set(consumers)) {
        for (const [p, v] of Object.entries(outputs[c] ?? {})) {
          const t = portType(c, p);
          if (t === 'metrics') metrics = { ...metrics, ...((v as Metrics).values ?? {}) };
          if (t === 'fairness') fairness.push(v as FairnessReport);
        }
      }
      // No held-out evaluation of its own: fall back to a matching cross-validation, labelled as such.
      const cv = Object.keys(metrics).length === 0 ? crossValidatedMetrics(doc, node.id, model, outputs) : undefined;
      if (cv) metrics = cv;
      found.push({
        nodeId: node.id,
        port,
        registration: {
          name: node.label ?? `${doc.metadata.name}: ${node.id}`,
          model,
          metrics,
          ...(cv ? { metricsSource: 'cross-validated' as const } : {}),
          fairness,
          pipeline: { name: doc.metadata.name, nodeId: node.id },
          ...(business ? { business } : {}),
        },
      });
    }
  }
  return found;
}
