/**
 * The models of a CLI run, kept as the designer keeps them: for every model output, `<out>/models/
 * <nodeId>.model.json` (loadable by `crispflow serve --model`), `<nodeId>.card.md` (the model card of
 * its version record) and `<nodeId>.onnx` when the model has an exact ONNX form; with `--registry <dir>`, also a version in the folder registry.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { PipelineDocument } from '../core/document.ts';
import type { NodeRegistry } from '../core/registry.ts';
import { modelCardMarkdown } from '../governance/registry/model-card.ts';
import { registerModelVersion } from '../governance/registry/model-version.ts';
import { outputPortTypes, trainedModels } from '../runtime/model-evaluations.ts';
import { withScoringPipelines } from '../monitoring/scoring-pipeline.ts';
import type { AuditMacKey } from '../governance/audit/mac.ts';
import { removeStaleTempFiles, writeFileAtomic } from '../fs/atomic-write.ts';
import { registerInFolder } from './model-registry-folder.ts';
import { saveModelFile } from './model-file.ts';

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
}): Promise<Record<string, Record<string, ModelFilesSummary>>> {
  // Each model is saved with its scoring pipeline (the fitted preparation of its input, src/monitoring/scoring-pipeline.ts).
  const models = await withScoringPipelines(trainedModels({ doc: args.doc, outputs: args.outputs, portType: outputPortTypes(args.doc, args.registry) }), args);
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
      const file = `${MODELS_DIR}/${base}.model.json`;
      const card = `${MODELS_DIR}/${base}.card.md`;
      const entry: ModelFilesSummary = { name: version.name, file, card, version: version.version };
      const written = [saveModelFile(path.join(args.outDir, file), m.registration.model), writeFileAtomic(path.join(args.outDir, card), modelCardMarkdown(version))];
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
