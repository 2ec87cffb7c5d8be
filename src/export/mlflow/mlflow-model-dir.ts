/**
 * An MLflow model directory for an exported ONNX model, as `mlflow.onnx.save_model` lays it out:
 *   MLmodel            flavours `onnx` (onnx_version, data, providers) and `python_function` (loader_module
 *                      mlflow.onnx, the environment files), the signature, the input example's description
 *   model.onnx         the ONNX model (src/export/onnx)
 *   conda.yaml, python_env.yaml, requirements.txt   the Python environment that scores it
 *   input_example.json two rows in pandas "split" orientation
 *   card.md            the model card of the version (src/governance/registry/model-card.ts)
 * Every file is written atomically. The pins are the versions whose opsets match the export (ONNX 1.17:
 * IR 10, ai.onnx 22, ai.onnx.ml 5); MLflow itself could not be run on the machine that built this.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Model } from '../../core/ports.ts';
import type { FeaturizerSpec } from '../../ml/features/featurizer.ts';
import { writeFileAtomic } from '../../fs/atomic-write.ts';
import type { GraphIo } from '../onnx/graph-builder.ts';
import { OnnxType } from '../onnx/onnx-proto.ts';
import type { OnnxExport } from '../onnx/export-onnx.ts';

/** Python packages and versions the directory asks for (see docs/export.md). */
export const PYTHON_PINS = { python: '3.11.9', mlflow: '2.22.0', onnx: '1.17.0', onnxruntime: '1.22.0' } as const;
export const ONNX_PROVIDERS = ['CPUExecutionProvider'];

export const MLFLOW_FILES = ['MLmodel', 'model.onnx', 'conda.yaml', 'python_env.yaml', 'requirements.txt', 'input_example.json', 'card.md'] as const;

/** MLflow's column types for the ONNX element types used here. */
function mlflowType(t: GraphIo['type']): 'double' | 'string' | 'long' {
  if (t === OnnxType.DOUBLE) return 'double';
  if (t === OnnxType.STRING) return 'string';
  if (t === OnnxType.INT64) return 'long';
  throw new Error(`Internal error: ONNX type ${t} has no MLflow column type here.`);
}

export interface ColumnSpec {
  name: string;
  type: 'double' | 'string' | 'long';
  required: true;
}

/** The column-based signature of the graph: one input column per graph input, one output column per output. */
export function mlflowSignature(onnx: Pick<OnnxExport, 'inputs' | 'outputs'>): { inputs: ColumnSpec[]; outputs: ColumnSpec[] } {
  const col = (io: GraphIo): ColumnSpec => ({ type: mlflowType(io.type), name: io.name, required: true });
  return { inputs: onnx.inputs.map(col), outputs: onnx.outputs.map(col) };
}

/**
 * Two example rows for the input columns: for a number 0 and 1 (a date: 2020-01-01 and 2021-01-01 in
 * milliseconds), for a category its first and last known value. Illustrative values, not training data.
 */
export function inputExample(spec: FeaturizerSpec, inputs: GraphIo[]): { columns: string[]; data: Array<Array<number | string>> } {
  const columns = inputs.map((io) => io.name);
  const rows: Array<Array<number | string>> = [[], []];
  for (const name of columns) {
    const c = spec.columns.find((x) => x.name === name);
    if (!c) throw new Error(`Internal error: input "${name}" is not a featurizer column.`);
    const pair: Array<number | string> =
      c.kind === 'one-hot'
        ? [c.categories[0] ?? '', c.categories[c.categories.length - 1] ?? '']
        : c.type === 'date'
          ? [Date.UTC(2020, 0, 1), Date.UTC(2021, 0, 1)]
          : [0, 1];
    rows[0].push(pair[0]);
    rows[1].push(pair[1]);
  }
  return { columns, data: rows };
}

export interface MlmodelArgs {
  model: Model;
  onnx: OnnxExport;
  /** Registry name and version, when exported from a registry. */
  registered?: { name: string; version: number };
  now: Date;
  modelSizeBytes: number;
}

/** The MLmodel document (YAML object). MLflow stores the signature's columns as JSON text inside the YAML. */
export function mlmodelDocument(a: MlmodelArgs): Record<string, unknown> {
  const sig = mlflowSignature(a.onnx);
  return {
    flavors: {
      onnx: { code: null, data: 'model.onnx', onnx_version: PYTHON_PINS.onnx, providers: ONNX_PROVIDERS },
      python_function: {
        data: 'model.onnx',
        env: { conda: 'conda.yaml', virtualenv: 'python_env.yaml' },
        loader_module: 'mlflow.onnx',
        python_version: PYTHON_PINS.python,
      },
    },
    metadata: {
      crispflow_kind: a.model.kind,
      crispflow_fingerprint: a.model.fingerprint,
      target: a.model.target.column,
      positive_class: a.model.target.positive,
      ...(a.registered ? { registered_name: a.registered.name, registered_version: a.registered.version } : {}),
      model_card: 'card.md',
    },
    mlflow_version: PYTHON_PINS.mlflow,
    model_size_bytes: a.modelSizeBytes,
    saved_input_example_info: { artifact_path: 'input_example.json', pandas_orient: 'split', type: 'dataframe' },
    signature: { inputs: JSON.stringify(sig.inputs), outputs: JSON.stringify(sig.outputs), params: null },
    utc_time_created: a.now.toISOString().replace('T', ' ').replace('Z', '000'),
  };
}

export function requirementsTxt(): string {
  return [`mlflow==${PYTHON_PINS.mlflow}`, `onnx==${PYTHON_PINS.onnx}`, `onnxruntime==${PYTHON_PINS.onnxruntime}`].join('\n') + '\n';
}

function condaYaml(): string {
  return stringify({
    channels: ['conda-forge'],
    dependencies: [`python=${PYTHON_PINS.python}`, 'pip', { pip: requirementsTxt().trim().split('\n') }],
    name: 'mlflow-env',
  });
}

function pythonEnvYaml(): string {
  return stringify({ python: PYTHON_PINS.python, build_dependencies: ['pip', 'setuptools', 'wheel'], dependencies: ['-r requirements.txt'] });
}

/** Writes the directory; returns the files written (relative names). */
export async function writeMlflowModelDir(
  dir: string,
  a: { model: Model; onnx: OnnxExport; cardMarkdown: string; registered?: { name: string; version: number }; now?: Date },
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const example = JSON.stringify(inputExample(a.model.featurizer as FeaturizerSpec, a.onnx.inputs));
  const others: Record<string, string | Uint8Array> = {
    'model.onnx': a.onnx.bytes,
    'conda.yaml': condaYaml(),
    'python_env.yaml': pythonEnvYaml(),
    'requirements.txt': requirementsTxt(),
    'input_example.json': example,
    'card.md': a.cardMarkdown,
  };
  let size = 0;
  for (const v of Object.values(others)) size += typeof v === 'string' ? Buffer.byteLength(v) : v.byteLength;
  for (const [name, data] of Object.entries(others)) await writeFileAtomic(path.join(dir, name), data);
  // MLmodel last: a directory with an MLmodel is complete.
  const mlmodel = stringify(mlmodelDocument({ model: a.model, onnx: a.onnx, registered: a.registered, now: a.now ?? new Date(), modelSizeBytes: size }));
  await writeFileAtomic(path.join(dir, 'MLmodel'), mlmodel);
  return [...Object.keys(others), 'MLmodel'];
}
