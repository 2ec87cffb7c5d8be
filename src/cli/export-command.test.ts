/**
 * `crispflow export` and `run --out`'s ONNX files, through the real command: a run writes models/<node>.onnx,
 * the registry version exports to ONNX and to an MLflow model directory whose MLmodel, signature, input
 * example, requirements and card are checked, and whose model.onnx scores the input example as Crispflow does
 * (onnxruntime-web); models without an exact ONNX form and bad references are refused with exit 2.
 */
import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Model } from '../core/ports.ts';
import type { Table } from '../core/table/table.ts';
import { createBuiltinRegistry } from '../../nodes/index.ts';
import { installScorers, scoreTable } from '../ml/models/scorers.ts';
import { decodeModelProto } from '../export/onnx/onnx-proto.ts';
import { feedsFor, runOnnx } from '../export/onnx/testing/onnx-runtime.ts';
import { OnnxType } from '../export/onnx/onnx-proto.ts';
import { crispflow, examplePipeline, tempDir } from './testing/run-cli.ts';
import { loadModelFile, modelFileText } from './model-file.ts';

installScorers(createBuiltinRegistry().scorers());

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

type DecodedIo = { name: string; type: { tensor_type: { elem_type: number } } };

describe('crispflow export and run --out ONNX files', () => {
  const registry = tempDir('crispflow-export-reg-');
  const out = tempDir('crispflow-export-run-');
  const run = crispflow(['run', examplePipeline('promotion-baseline'), '--out', out, '--registry', registry]);

  it('run --out writes models/<node>.onnx beside the model file, the same bytes as export --target onnx', () => {
    expect(run.code, run.stderr).toBe(0);
    const entry = readJson(path.join(out, 'summary.json')).nodes['train-lr'].outputs.model;
    expect(entry.onnx).toBe('models/train-lr.onnx');
    const fromRun = readFileSync(path.join(out, entry.onnx));
    const dir = tempDir('crispflow-export-onnx-');
    const r = crispflow(['export', path.join(out, 'models/train-lr.model.json'), '--target', 'onnx', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Wrote .*model\.onnx \(logistic-regression, \d+ bytes; inputs: /);
    expect(Buffer.compare(readFileSync(path.join(dir, 'model.onnx')), fromRun)).toBe(0);
  });

  it('a registry version exports as an MLflow model directory that matches its ONNX graph and scores as Crispflow does', async () => {
    const dir = path.join(tempDir('crispflow-export-mlflow-'), 'model');
    const r = crispflow(['export', 'registry:Logistic regression@v1', '--registry', registry, '--target', 'mlflow', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`mlflow models serve -m ${dir}`);
    expect(readdirSync(dir).sort()).toEqual(['MLmodel', 'card.md', 'conda.yaml', 'input_example.json', 'model.onnx', 'python_env.yaml', 'requirements.txt']);

    const mlmodel = parse(readFileSync(path.join(dir, 'MLmodel'), 'utf8'));
    expect(mlmodel.flavors.onnx).toMatchObject({ data: 'model.onnx', onnx_version: '1.17.0', providers: ['CPUExecutionProvider'] });
    expect(mlmodel.flavors.python_function).toMatchObject({ loader_module: 'mlflow.onnx', data: 'model.onnx', env: { conda: 'conda.yaml', virtualenv: 'python_env.yaml' } });
    expect(mlmodel.flavors.python_function.python_version).toMatch(/^3\.\d+\.\d+$/);
    expect(mlmodel.saved_input_example_info).toEqual({ artifact_path: 'input_example.json', pandas_orient: 'split', type: 'dataframe' });
    expect(mlmodel.metadata).toMatchObject({ crispflow_kind: 'logistic-regression', registered_name: 'Logistic regression', registered_version: 1 });

    // The signature's columns are the ONNX graph's inputs and outputs, with matching types.
    const graph = (decodeModelProto(readFileSync(path.join(dir, 'model.onnx'))) as { graph: { input: DecodedIo[]; output: DecodedIo[] } }).graph;
    const mlType = (t: number) => ({ [OnnxType.DOUBLE]: 'double', [OnnxType.STRING]: 'string', [OnnxType.INT64]: 'long' })[t];
    const inputs = JSON.parse(mlmodel.signature.inputs);
    const outputs = JSON.parse(mlmodel.signature.outputs);
    expect(inputs).toEqual(graph.input.map((i) => ({ type: mlType(i.type.tensor_type.elem_type), name: i.name, required: true })));
    expect(outputs).toEqual([
      { type: 'long', name: 'label', required: true },
      { type: 'double', name: 'probability', required: true },
    ]);
    expect(graph.output.map((o) => o.name)).toEqual(['label', 'probability']);
    const model = await loadModelFile(path.join(registry, 'logistic-regression', 'v1', 'model.json'));
    expect(inputs.map((c: { name: string }) => c.name)).toEqual((model.featurizer as { columns: Array<{ name: string }> }).columns.map((c) => c.name));

    // The input example (split orientation) has the signature's columns and scores through the graph as Crispflow scores it.
    const example = readJson(path.join(dir, 'input_example.json')) as { columns: string[]; data: Array<Array<number | string>> };
    expect(example.columns).toEqual(inputs.map((c: { name: string }) => c.name));
    const table = exampleTable(example, inputs);
    const scored = await runOnnx(readFileSync(path.join(dir, 'model.onnx')), feedsFor(graphIo(graph.input), table));
    const own = scoreTable(model, table);
    const p = scored.probability.data as Float64Array;
    for (let i = 0; i < own.length; i++) expect(Math.abs(p[i] - own[i])).toBeLessThan(1e-12);

    expect(readFileSync(path.join(dir, 'requirements.txt'), 'utf8')).toBe('mlflow==2.22.0\nonnx==1.17.0\nonnxruntime==1.22.0\n');
    expect(parse(readFileSync(path.join(dir, 'python_env.yaml'), 'utf8'))).toMatchObject({ dependencies: ['-r requirements.txt'] });
    expect(parse(readFileSync(path.join(dir, 'conda.yaml'), 'utf8')).dependencies[2].pip).toContain('onnxruntime==1.22.0');
    expect(readFileSync(path.join(dir, 'card.md'), 'utf8')).toBe(readFileSync(path.join(registry, 'logistic-regression', 'v1', 'card.md'), 'utf8'));
  });

  it('refuses a model with no exact ONNX form (TF-IDF) with the reason, exit 2, and writes nothing', () => {
    const dir = tempDir('crispflow-export-refused-');
    const file = path.join(dir, 'screening.model.json');
    const tfidf: Model = {
      kind: 'logistic-regression',
      hyperParams: {},
      featureNames: ['years', 'resume:python'],
      featurizer: { version: 1, columns: [{ name: 'years', kind: 'numeric', type: 'number' }], sparse: { name: 'resume', nCols: 1, featureNames: ['python'] } },
      state: { coef: Float64Array.from([0.5, 2]), intercept: -1 },
      target: { column: 'hired', positive: 'yes' },
      fingerprint: 'f1',
    };
    writeFileSync(file, modelFileText(tfidf));
    const target = path.join(dir, 'export');
    const r = crispflow(['export', file, '--target', 'mlflow', '--out', target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot export .*screening\.model\.json to ONNX: The model uses the text features "resume" \(1 TF-IDF terms\)/);
    expect(r.stderr).toMatch(/No ONNX file was written rather than an approximation/);
    expect(existsSync(target)).toBe(false);
  });

  it('names an unknown model kind, an unknown target and an unknown version (exit 2)', () => {
    const dir = tempDir('crispflow-export-bad-');
    const file = path.join(dir, 'odd.model.json');
    writeFileSync(file, modelFileText({ kind: 'isolation-forest', hyperParams: {}, featureNames: ['x'], featurizer: { version: 1, columns: [{ name: 'x', kind: 'numeric', type: 'number' }] }, state: {}, target: { column: 'y', positive: '1' }, fingerprint: 'f' }));
    const kind = crispflow(['export', file, '--target', 'onnx', '--out', path.join(dir, 'o')]);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/kind "isolation-forest" have no ONNX export \(kinds with one: logistic-regression/);
    const target = crispflow(['export', file, '--target', 'pmml', '--out', path.join(dir, 'o')]);
    expect(target.code).toBe(2);
    expect(target.stderr).toMatch(/Unknown export target "pmml"\. Choose one of: onnx, mlflow/);
    const version = crispflow(['export', 'Logistic regression@v9', '--registry', registry, '--target', 'onnx', '--out', path.join(dir, 'o')]);
    expect(version.code).toBe(2);
    expect(version.stderr).toMatch(/"Logistic regression" has no version 9/);
  });
});

function graphIo(input: DecodedIo[]) {
  return input.map((i) => ({ name: i.name, type: i.type.tensor_type.elem_type as 11, shape: input.length > 1 ? ['N'] : ['N', 1] }));
}

function exampleTable(example: { columns: string[]; data: Array<Array<number | string>> }, inputs: Array<{ name: string; type: string }>): Table {
  const n = example.data.length;
  return {
    nRows: n,
    columns: inputs.map((c, j) => {
      if (c.type === 'string') {
        const categories = [...new Set(example.data.map((r) => String(r[j])))];
        return { name: c.name, type: 'category' as const, categories, codes: Int32Array.from(example.data, (r) => categories.indexOf(String(r[j]))) };
      }
      return { name: c.name, type: 'number' as const, values: Float64Array.from(example.data, (r) => Number(r[j])) };
    }),
  };
}
