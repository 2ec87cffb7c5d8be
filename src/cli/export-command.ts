/**
 * crispflow export <model.json | <model>@v<N> | registry:<model>@v<N> | <registry>/<model>/v<N>> --target onnx|mlflow --out <dir> [--registry <dir>]
 *
 * One command for every export target, dispatched on --target through EXPORT_TARGETS: a target is a
 * function from the parsed options to an exit code, so another target (argo, kfp: pipelines rather than
 * models) is one more entry in that table. Model targets share `loadModelRef`.
 *   onnx    <out>/model.onnx (src/export/onnx; refused with the reason, exit 2, when there is no exact form)
 *   mlflow  an MLflow model directory in <out> (src/export/mlflow): MLmodel, model.onnx, environment files,
 *           input_example.json, card.md
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Model } from '../core/ports.ts';
import type { ModelVersion } from '../governance/registry/model-version.ts';
import { registerModelVersion } from '../governance/registry/model-version.ts';
import { modelCardMarkdown } from '../governance/registry/model-card.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { exportModelToOnnx, OnnxExportRefused } from '../export/onnx/export-onnx.ts';
import { writeMlflowModelDir } from '../export/mlflow/mlflow-model-dir.ts';
import { EXIT } from './exit-codes.ts';
import { modelFromFileJson } from './model-file.ts';
import { RegistryFileError } from './model-registry-folder.ts';

export interface ExportOptions {
  /** The first positional: a model file, a registry version, or (for pipeline targets) a pipeline file. */
  ref?: string;
  target?: string;
  out?: string;
  registry?: string;
  /** Options of other targets (e.g. --image for argo/kfp) pass through untouched. */
  [option: string]: string | string[] | boolean | undefined;
}

type ExportTarget = (o: ExportOptions & { ref: string; out: string }) => Promise<number>;

/** --target → implementation. Add a target here (and its options in main.ts). */
export const EXPORT_TARGETS: Record<string, ExportTarget> = {
  onnx: exportOnnxTarget,
  mlflow: exportMlflowTarget,
  argo: async (o) => (await import('./export-pipeline.ts')).exportPipelineCommand({ ...o, target: 'argo' }),
  kfp: async (o) => (await import('./export-pipeline.ts')).exportPipelineCommand({ ...o, target: 'kfp' }),
};

const USAGE = 'Usage: crispflow export <model.json | <model>@v<N> | registry:<model>@v<N>> --target onnx|mlflow --out <dir> [--registry <dir>]';

export async function exportCommand(o: ExportOptions): Promise<number> {
  const targets = Object.keys(EXPORT_TARGETS);
  if (!o.ref || !o.target || !o.out) {
    console.error(`${USAGE}\n(--target one of: ${targets.join(', ')})`);
    return EXIT.usage;
  }
  const target = Object.hasOwn(EXPORT_TARGETS, o.target) ? EXPORT_TARGETS[o.target] : undefined;
  if (!target) {
    console.error(`Unknown export target "${o.target}". Choose one of: ${targets.join(', ')}.`);
    return EXIT.usage;
  }
  return target({ ...o, ref: o.ref, out: o.out });
}

/** A loaded model with the version record its card describes. */
export interface LoadedModel {
  model: Model;
  version: ModelVersion;
  /** The registry's card text when there is one (kept as the registry wrote it). */
  card?: string;
  registered?: { name: string; version: number };
  source: string;
}

class ModelRefError extends Error {}

async function readModelJson(file: string, source: string): Promise<Model> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ModelRefError(`Cannot read ${source} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  try {
    // The export reads the model's parameters only; it need not be able to score the kind.
    return modelFromFileJson(JSON.parse(text), source, { requireScorer: false });
  } catch (e) {
    throw new ModelRefError((e as Error).message);
  }
}

const readIfExists = (file: string) => readFile(file, 'utf8').catch(() => undefined);

/**
 * A model file path (`*.json`, e.g. out/models/<node>.model.json, whose `<node>.card.md` beside it is used
 * as the card), else a registry version as `crispflow score`/`monitor` take it (`<model>@v<N>` with
 * --registry, a version folder), optionally written `registry:<model>@v<N>`.
 */
export async function loadModelRef(ref: string, registry?: string): Promise<LoadedModel> {
  if (!ref.startsWith('registry:') && ref.toLowerCase().endsWith('.json')) {
    const model = await readModelJson(ref, `"${ref}"`);
    const name = path.basename(ref).replace(/\.model\.json$|\.json$/i, '');
    const version = registerModelVersion([], { name, model, now: model.trainedAt ? new Date(model.trainedAt) : undefined }).version;
    return { model, version, card: await readIfExists(ref.replace(/\.model\.json$/i, '.card.md')), source: ref };
  }
  const { resolveModelVersion, ModelVersionRefError } = await import('../monitoring/registry-versions.ts');
  try {
    const r = await resolveModelVersion(ref.replace(/^registry:/, ''), registry);
    const model = await readModelJson(path.join(r.folder, 'model.json'), `the model of "${r.version.name}" v${r.version.version}`);
    return {
      model,
      version: r.version,
      card: await readIfExists(path.join(r.folder, 'card.md')),
      registered: { name: r.version.name, version: r.version.version },
      source: `${r.version.name}@v${r.version.version}`,
    };
  } catch (e) {
    if (e instanceof ModelVersionRefError) throw new ModelRefError(e.message);
    throw e;
  }
}

/** Loads and converts; exit 2 with the message when the reference is bad or the model has no exact ONNX form. */
async function withOnnx(o: { ref: string; registry?: string }, then: (m: LoadedModel, onnx: ReturnType<typeof exportModelToOnnx>) => Promise<void>): Promise<number> {
  let loaded: LoadedModel;
  try {
    loaded = await loadModelRef(o.ref, o.registry);
  } catch (e) {
    if (!(e instanceof ModelRefError) && !(e instanceof RegistryFileError)) throw e;
    console.error((e as Error).message);
    return EXIT.usage;
  }
  let onnx;
  try {
    onnx = exportModelToOnnx(loaded.model, {
      metadata: loaded.registered ? { 'crispflow.registry_name': loaded.registered.name, 'crispflow.registry_version': String(loaded.registered.version) } : {},
    });
  } catch (e) {
    if (!(e instanceof OnnxExportRefused)) throw e;
    console.error(`Cannot export ${loaded.source} to ONNX: ${e.message}`);
    return EXIT.usage;
  }
  await then(loaded, onnx);
  return EXIT.ok;
}

async function exportOnnxTarget(o: ExportOptions & { ref: string; out: string }): Promise<number> {
  return withOnnx(o, async (m, onnx) => {
    await mkdir(o.out, { recursive: true });
    const file = path.join(o.out, 'model.onnx');
    await writeFileAtomic(file, onnx.bytes);
    console.log(`Wrote ${file} (${m.model.kind}, ${onnx.bytes.byteLength} bytes; inputs: ${onnx.inputs.map((i) => i.name).join(', ')}; outputs: ${onnx.outputs.map((x) => x.name).join(', ')}).`);
  });
}

async function exportMlflowTarget(o: ExportOptions & { ref: string; out: string }): Promise<number> {
  return withOnnx(o, async (m, onnx) => {
    const files = await writeMlflowModelDir(o.out, { model: m.model, onnx, cardMarkdown: m.card ?? modelCardMarkdown(m.version), registered: m.registered });
    console.log(`Wrote the MLflow model ${o.out} (${files.join(', ')}). Serve it with: mlflow models serve -m ${o.out}`);
  });
}
