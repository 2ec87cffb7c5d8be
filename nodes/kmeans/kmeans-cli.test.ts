/**
 * The k-means model through the real CLI: `crispflow run --out` saves models/<node>.model.json (and its
 * card) and models/<node>.onnx; `crispflow export <model.json> --target onnx` exports it; onnxruntime
 * scoring of that ONNX assigns 1,000 rows to the same clusters as the node did in the run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.ts';
import { modelFromFileJson } from '../../src/cli/model-file.ts';
import { crispflow, repoRoot, tempDir } from '../../src/cli/testing/run-cli.ts';
import { decodeModelProto } from '../../src/export/onnx/onnx-proto.ts';
import { exportModelToOnnx } from '../../src/export/onnx/export-onnx.ts';
import type { GraphIo } from '../../src/export/onnx/graph-builder.ts';
import { feedsFor, runOnnx } from '../../src/export/onnx/testing/onnx-runtime.ts';
import type { Table } from '../../src/core/table/table.ts';
import { trainPipelineModel } from '../../src/cli/serve/train-model.ts';

const ROWS = 1000;
const FEATURES = ['department', 'tenure_years', 'kpi_score', 'training_score', 'peer_rating'];

function setup(): { dir: string; pipeline: string; csv: string } {
  const dir = tempDir('crispflow-kmeans-');
  const lines = readFileSync(path.join(repoRoot, 'public/samples/promotion.csv'), 'utf8').trim().split('\n');
  const csv = lines.slice(0, ROWS + 1).join('\n') + '\n';
  writeFileSync(path.join(dir, 'people.csv'), csv);
  const doc = {
    schemaVersion: 1,
    metadata: { name: 'K-means export', seed: 7 },
    nodes: [
      { id: 'source', type: 'dataset-source', version: 1, params: { source: 'file', name: 'people.csv' }, position: { x: 0, y: 0 } },
      { id: 'clusters', type: 'kmeans', version: 1, params: { features: FEATURES, k: 5, nInit: 3 }, position: { x: 200, y: 0 } },
      { id: 'out', type: 'export-table', version: 1, params: { fileName: 'clustered.csv' }, position: { x: 400, y: 0 } },
    ],
    edges: [
      { from: { node: 'source', port: 'table' }, to: { node: 'clusters', port: 'table' } },
      { from: { node: 'clusters', port: 'table' }, to: { node: 'out', port: 'table' } },
    ],
  };
  const pipeline = path.join(dir, 'kmeans.pipeline.json');
  writeFileSync(pipeline, JSON.stringify(doc, null, 2));
  return { dir, pipeline, csv };
}

const table = (text: string): Table => parseCsv(text).table;

/** ONNX cluster index c → the node's "Cluster c+1", per row. `inputs`: the graph's inputs (names, types). */
async function onnxAssignments(bytes: Uint8Array, inputs: GraphIo[], rows: Table): Promise<string[]> {
  const out = await runOnnx(bytes, feedsFor(inputs, rows));
  expect(out.distances.dims).toEqual([rows.nRows, 5]);
  return Array.from(out.cluster.data as BigInt64Array, (c) => `Cluster ${Number(c) + 1}`);
}

describe('crispflow run and export: the k-means model', () => {
  it('writes models/clusters.model.json and .onnx; the exported ONNX assigns 1,000 rows as the node did', async () => {
    const { dir, pipeline, csv } = setup();
    const out = tempDir('crispflow-kmeans-out-');
    const r = crispflow(['run', pipeline, '--data', dir, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    const entry = summary.nodes.clusters.outputs.model;
    expect(entry).toMatchObject({ kind: 'kmeans', file: 'models/clusters.model.json', card: 'models/clusters.card.md', onnx: 'models/clusters.onnx' });
    expect(entry.onnxRefused).toBeUndefined();

    // The model file round-trips: k, seed, features (department one-hot), centres and standardisation.
    const model = modelFromFileJson(JSON.parse(readFileSync(path.join(out, entry.file), 'utf8')), 'model file', { requireScorer: false });
    expect(model.kind).toBe('kmeans');
    expect(model.hyperParams).toMatchObject({ k: 5, standardize: true, nInit: 3, outputColumn: 'cluster' });
    expect(typeof model.hyperParams.seed).toBe('number');
    expect(model.featureNames.filter((f) => f.startsWith('department'))).not.toHaveLength(0);
    const st = model.state as { centers: Float64Array; standardize: { mean: Float64Array; std: Float64Array } };
    const d = model.featureNames.length;
    expect(st.centers).toBeInstanceOf(Float64Array);
    expect(st.centers.length).toBe(5 * d);
    expect(st.standardize.mean.length).toBe(d);
    expect(model.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    const card = readFileSync(path.join(out, entry.card), 'utf8');
    expect(card).toContain('| Model type | kmeans |');
    expect(card).toContain(`| Fingerprint | ${model.fingerprint} |`);

    // What the node assigned in the run (the exported table's cluster column).
    const clustered = table(readFileSync(path.join(out, 'clustered.csv'), 'utf8'));
    const col = clustered.columns.find((c) => c.name === 'cluster')!;
    expect(col.type).toBe('category');
    if (col.type !== 'category') return;
    const nodeLabels = Array.from(col.codes, (k) => col.categories[k]);
    expect(nodeLabels).toHaveLength(ROWS);
    expect(new Set(nodeLabels).size).toBe(5);

    const rows = table(csv);
    // The graph's input names and types, as the export declares them for this model.
    const { inputs } = exportModelToOnnx(model);
    expect(inputs.map((i) => i.name).sort()).toEqual([...FEATURES].sort());
    const fromRun = await onnxAssignments(readFileSync(path.join(out, entry.onnx)), inputs, rows);
    expect(fromRun).toEqual(nodeLabels);

    // `crispflow export <model.json> --target onnx` gives the same assignment.
    const exportDir = tempDir('crispflow-kmeans-export-');
    const e = crispflow(['export', path.join(out, entry.file), '--target', 'onnx', '--out', exportDir]);
    expect(e.code, e.stderr).toBe(0);
    expect(e.stdout).toMatch(/\(kmeans, \d+ bytes; inputs: .*; outputs: cluster, distances\)/);
    const exported = readFileSync(path.join(exportDir, 'model.onnx'));
    const proto = decodeModelProto(exported) as { metadata_props: Array<{ key: string; value: string }> };
    const meta = Object.fromEntries(proto.metadata_props.map((p) => [p.key, p.value]));
    expect(meta).toMatchObject({ 'crispflow.kind': 'kmeans', 'crispflow.k': '5', 'crispflow.fingerprint': model.fingerprint });
    expect(await onnxAssignments(exported, inputs, rows)).toEqual(nodeLabels);
  }, 180_000);

  it('serve and score refuse the k-means model, which gives no scores: serve picks no cluster node, score names the kind (exit 2)', async () => {
    const { dir, pipeline } = setup();
    const noModel = await trainPipelineModel({ file: pipeline, dataDir: dir });
    expect(noModel.errors).toEqual(['The pipeline has no node that trains a model. Add a model node (e.g. Gradient boosting) first.']);
    const chosen = await trainPipelineModel({ file: pipeline, dataDir: dir, modelNode: 'clusters' });
    expect(chosen.model).toBeUndefined();
    expect(chosen.errors[0]).toMatch(/^Node "clusters" makes a "kmeans" model, which gives no scores to serve/);

    const out = tempDir('crispflow-kmeans-out-');
    expect(crispflow(['run', pipeline, '--data', dir, '--out', out]).code).toBe(0);
    const s = crispflow(['score', path.join(out, 'models/clusters.model.json'), '--input', path.join(dir, 'people.csv'), '--out', path.join(out, 'scored.csv')]);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/holds a "kmeans" model, which this Crispflow cannot score/);
  }, 180_000);
});
