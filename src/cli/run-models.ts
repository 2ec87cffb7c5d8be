/**
 * The models of a CLI run, kept as the designer keeps them: for every model output, `<out>/models/
 * <nodeId>.model.json` (loadable by `crispflow serve --model`), `<nodeId>.card.md` (the model card of
 * its version record) and `<nodeId>.onnx` when the model has an exact ONNX form; with `--registry <dir>`, also a version in the folder registry.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { PipelineDocument } from '../core/document.ts';
import type { NodeRegistry } from '../core/registry.ts';
import type { Model } from '../core/ports.ts';
import { modelCardMarkdown } from '../governance/registry/model-card.ts';
import { registerModelVersion } from '../governance/registry/model-version.ts';
import { outputPortTypes, trainedModels, type TrainedModel } from '../runtime/model-evaluations.ts';
import { withScoringPipelines } from '../monitoring/scoring-pipeline.ts';
import type { AuditMacKey } from '../governance/audit/mac.ts';
import { removeStaleTempFiles, writeFileAtomic, writeFilePending, type PendingFile } from '../fs/atomic-write.ts';
import { registerInFolder } from './model-registry-folder.ts';
import { modelFileBytes, saveModelFile } from './model-file.ts';

export const MODELS_DIR = 'models';

/** What summary.json adds to a model output's summary. */
export interface ModelFilesSummary {
  /** The name the model is registered under (node label, else "<pipeline>: <node id>"). */
  name: string;
  /** Paths relative to --out. */
  file: string;
  card: string;
  /** `models/<node>.onnx` when the model has an exact ONNX form (docs/export.md), else why not. */
  onnx?: string;
  onnxRefused?: string;
  version: number;
  /** Set with --registry: the version's folder, and whether this run created it. */
  registry?: string;
  newVersion?: boolean;
}

const fileBase = (nodeId: string, port: string) => (port === 'model' ? nodeId : `${nodeId}.${port}`).replace(/[^\w.-]+/g, '_');
const modelFilePath = (nodeId: string, port: string) => `${MODELS_DIR}/${fileBase(nodeId, port)}.model.json`;

/** A model file written ahead (prepareModelFile), waiting to be put in place by saveRunModels. */
export interface PreparedModelFile {
  nodeId: string;
  port: string;
  /** The model output it was made from. */
  trained: Model;
  /** That model with its scoring pipeline: what the file holds. */
  model: Model;
  file: PendingFile;
}

const modelKey = (nodeId: string, port: string) => `${nodeId}\u0000${port}`;

/**
 * Writes a model's file as soon as its node has finished (the other steps still run): its scoring pipeline
 * (fitted from `outputs`, which must hold what scoringOutputsToKeep names upstream of the node) and the
 * file's bytes, to a synced temp file in <out>/models; saveRunModels then only renames it into place. The
 * file holds exactly what saveRunModels would write at the end.
 */
export async function prepareModelFile(args: {
  outDir: string;
  doc: PipelineDocument;
  registry: NodeRegistry;
  outputs: Record<string, Record<string, unknown>>;
  nodeId: string;
  port: string;
  model: Model;
}): Promise<PreparedModelFile> {
  const [withScoring] = await withScoringPipelines([{ nodeId: args.nodeId, registration: { model: args.model } }], args);
  const model = withScoring.registration.model;
  // Without its pipeline (an input not in `outputs`), the end of the run builds it from all the outputs instead.
  if (model === args.model) throw new Error(`The scoring pipeline of ${args.nodeId} could not be built ahead.`);
  await mkdir(path.join(args.outDir, MODELS_DIR), { recursive: true });
  const file = await writeFilePending(path.join(args.outDir, modelFilePath(args.nodeId, args.port)), modelFileBytes(model));
  return { nodeId: args.nodeId, port: args.port, trained: args.model, model, file };
}

/**
 * The trained models with their scoring pipelines: those written ahead (for the same model output) keep the
 * pipeline their file holds; the others get theirs now. In the order of `trained`.
 */
async function withScoringOrPrepared(trained: TrainedModel[], prepared: Map<string, PreparedModelFile>, args: { doc: PipelineDocument; registry: NodeRegistry; outputs: Record<string, Record<string, unknown>> }): Promise<TrainedModel[]> {
  const ahead = (t: TrainedModel) => prepared.get(modelKey(t.nodeId, t.port));
  const rest = await withScoringPipelines(trained.filter((t) => !ahead(t)), args);
  let next = 0;
  return trained.map((t) => {
    const p = ahead(t);
    return p ? { ...t, registration: { ...t.registration, model: p.model } } : rest[next++];
  });
}

/** Writes the run's model files (and registers them when `registryDir` is set); keyed by `nodeId` then port. */
export async function saveRunModels(args: {
  outDir: string;
  doc: PipelineDocument;
  registry: NodeRegistry;
  outputs: Record<string, Record<string, unknown>>;
  registryDir?: string;
  /** Needed with registryDir: the registry's audit log records each registration. */
  auditKey?: AuditMacKey;
  now?: Date;
  /** Model files written ahead by prepareModelFile: put in place instead of written again; the unused ones are removed. */
  prepared?: Array<Promise<PreparedModelFile>>;
}): Promise<Record<string, Record<string, ModelFilesSummary>>> {
  const prepared = new Map<string, PreparedModelFile>();
  for (const p of args.prepared ?? []) {
    try {
      const f = await p;
      await prepared.get(modelKey(f.nodeId, f.port))?.file.discard(); // one per model output
      prepared.set(modelKey(f.nodeId, f.port), f);
    } catch {
      // Not written ahead (e.g. the disk refused): written below like any other, and a failure is reported there.
    }
  }
  const used = new Set<PreparedModelFile>();
  try {
    return await saveModels(args, prepared, used);
  } finally {
    await Promise.all([...prepared.values()].filter((p) => !used.has(p)).map((p) => p.file.discard()));
  }
}

async function saveModels(
  args: Parameters<typeof saveRunModels>[0],
  preparedByKey: Map<string, PreparedModelFile>,
  used: Set<PreparedModelFile>,
): Promise<Record<string, Record<string, ModelFilesSummary>>> {
  const trained = trainedModels({ doc: args.doc, outputs: args.outputs, portType: outputPortTypes(args.doc, args.registry) });
  // A file written ahead counts only for the very model output it was made from.
  const prepared = new Map([...preparedByKey].filter(([key, p]) => trained.some((t) => modelKey(t.nodeId, t.port) === key && t.registration.model === p.trained)));
  // Each model is saved with its scoring pipeline (the fitted preparation of its input, src/monitoring/scoring-pipeline.ts).
  const models = await withScoringOrPrepared(trained, prepared, args);
  if (models.length === 0) return {};
  const now = args.now ?? new Date();
  if (args.registryDir && !args.auditKey) throw new Error('Registering models needs the audit key.');
  const registered = args.registryDir ? await registerInFolder(args.registryDir, models.map((m) => m.registration), { now, auditKey: args.auditKey! }) : undefined;
  await mkdir(path.join(args.outDir, MODELS_DIR), { recursive: true });
  await removeStaleTempFiles(path.join(args.outDir, MODELS_DIR)); // left by a run killed mid-write
  // Loaded here, not at start-up: protobufjs is needed only by runs that train models.
  const { exportModelToOnnx, OnnxExportRefused } = await import('../export/onnx/export-onnx.ts');
  // The models are written side by side: each file's fsync overlaps the next one's encoding.
  const entries = await Promise.all(
    models.map(async (m, i): Promise<ModelFilesSummary> => {
      // Without a registry this run's record stands alone (version 1); with one, it is the registry's version.
      const version = registered?.[i].version ?? registerModelVersion([], { ...m.registration, now }).version;
      const base = fileBase(m.nodeId, m.port);
      const file = modelFilePath(m.nodeId, m.port);
      const card = `${MODELS_DIR}/${base}.card.md`;
      const entry: ModelFilesSummary = { name: version.name, file, card, version: version.version };
      const ahead = prepared.get(modelKey(m.nodeId, m.port));
      if (ahead) used.add(ahead);
      const written = [ahead ? ahead.file.commit() : saveModelFile(path.join(args.outDir, file), m.registration.model), writeFileAtomic(path.join(args.outDir, card), modelCardMarkdown(version))];
      try {
        const onnx = `${MODELS_DIR}/${base}.onnx`;
        written.push(writeFileAtomic(path.join(args.outDir, onnx), exportModelToOnnx(m.registration.model).bytes));
        entry.onnx = onnx;
      } catch (e) {
        if (!(e instanceof OnnxExportRefused)) throw e;
        entry.onnxRefused = e.message; // e.g. TF-IDF features: no exact ONNX form, so no file
        written.push(rm(path.join(args.outDir, MODELS_DIR, `${base}.onnx`), { force: true })); // not one of an earlier run
      }
      await Promise.all(written);
      if (registered) Object.assign(entry, { registry: path.resolve(registered[i].folder), newVersion: registered[i].created });
      return entry;
    }),
  );
  const out: Record<string, Record<string, ModelFilesSummary>> = {};
  models.forEach((m, i) => ((out[m.nodeId] ??= {})[m.port] = entries[i]));
  return out;
}
