/**
 * Trains the model `serve` will serve, by running the pipeline up to the model node (only the nodes it
 * needs), and computes the training ranges from the table on that node's `train` input.
 */
import { compile } from '../../core/compiler.ts';
import type { Model } from '../../core/ports.ts';
import type { Table } from '../../core/table/table.ts';
import { createRunner } from '../../runtime/runner.ts';
import { hasScorer } from '../../ml/models/scorers.ts';
import { registryWithNodePackages } from '../node-packages-option.ts';
import { cliSecretStore } from '../pseudonym-key.ts';
import { createNodePool } from '../../runtime/node/node-pool.ts';
import { cliDatasetProvider, formatProblem, loadPipelineFile, schemaEnvFor } from '../load-pipeline.ts';
import { computeTrainingRanges, type TrainingRanges } from './training-ranges.ts';
import { withScoringPipelines } from '../../monitoring/scoring-pipeline.ts';

export interface TrainOptions {
  file: string;
  dataDir?: string;
  /** Id of the node whose model to serve (default: the last node in the pipeline whose models have a scorer). */
  modelNode?: string;
  workers?: number;
  /** Node packages whose nodes join the built-in ones (`--nodes`); the workers load them too. */
  nodePackages?: string[];
}

export interface TrainedModel {
  model?: Model;
  nodeId?: string;
  ranges?: TrainingRanges;
  errors: string[];
}

const isModel = (v: unknown): v is Model => typeof v === 'object' && v !== null && 'featurizer' in v && 'kind' in v;
const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && 'nRows' in v && Array.isArray((v as Table).columns);

/** Trains the model by running the pipeline up to the model node. */
export async function trainPipelineModel(o: TrainOptions): Promise<TrainedModel> {
  const { doc, errors } = await loadPipelineFile(o.file);
  if (!doc) return { errors };
  const { registry, workerModules } = await registryWithNodePackages(o.nodePackages);
  const candidates = doc.nodes.filter((n) => Object.values(registry.get(n.type)?.outputs ?? {}).some((p) => (p as { type: string }).type === 'model'));
  // By default the last node whose models serve can score (a k-means model assigns clusters, it has no scorer).
  const scoring = candidates.filter((n) => Object.keys(registry.get(n.type)?.scorers ?? {}).length > 0);
  const chosen = o.modelNode ? candidates.find((n) => n.id === o.modelNode) : scoring[scoring.length - 1];
  if (!chosen) {
    return {
      errors: [
        o.modelNode
          ? `Node "${o.modelNode}" does not produce a model (model nodes: ${candidates.map((n) => n.id).join(', ') || 'none'}).`
          : 'The pipeline has no node that trains a model. Add a model node (e.g. Gradient boosting) first.',
      ],
    };
  }
  const datasets = cliDatasetProvider(o.file, o.dataDir);
  const env = await schemaEnvFor(doc, registry, datasets);
  const checked = compile(doc, registry, { env, targets: [chosen.id] });
  const blocking = checked.problems.filter((p) => p.severity === 'error');
  if (blocking.length) return { errors: blocking.map(formatProblem) };
  const pool = createNodePool({ size: o.workers, extraNodeModules: workerModules });
  try {
    const runner = createRunner({ registry, pool, datasets });
    const result = await runner.run(doc, { targets: [chosen.id], secrets: cliSecretStore() }).done;
    const failed = Object.entries(result.nodes).find(([, r]) => r.status === 'error');
    if (failed) return { errors: [`Node "${failed[0]}" failed: ${failed[1].error?.message ?? 'unknown error'}`] };
    const model = Object.values(result.outputs[chosen.id] ?? {}).find(isModel);
    if (!model) return { errors: [`Node "${chosen.id}" produced no model.`] };
    if (!hasScorer(model.kind)) {
      return { errors: [`Node "${chosen.id}" makes a "${model.kind}" model, which gives no scores to serve. Choose a node that trains a scoring model (model nodes: ${scoring.map((n) => n.id).join(', ') || 'none'}).`] };
    }
    const trainEdge = doc.edges.find((e) => e.to.node === chosen.id && e.to.port === 'train');
    const trainTable = trainEdge ? result.outputs[trainEdge.from.node]?.[trainEdge.from.port] : undefined;
    // Saved with its scoring pipeline, as `run --registry` saves it: serve then scores raw rows (or names the node that cannot be replayed).
    const [withScoring] = await withScoringPipelines([{ nodeId: chosen.id, registration: { model } }], { doc, registry, outputs: result.outputs });
    const served = withScoring.registration.model;
    return { model: served, nodeId: chosen.id, ranges: isTable(trainTable) ? computeTrainingRanges(served, trainTable) : undefined, errors: [] };
  } finally {
    await pool.close();
  }
}
