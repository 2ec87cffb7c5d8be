/**
 * Partial runs, so that a pipeline can run as a chain of cluster steps (issue 16, Argo / Kubeflow export):
 *
 *   crispflow run <pipeline.json> --only <node>[,<node>…] [--inputs <dir>]… --out <dir> [--data <dir>]
 *   crispflow run <pipeline.json> --collect --inputs <dir>… --out <dir>
 *
 * A step runs only the --only nodes. What they read from other nodes comes from the --inputs folders
 * (written by the steps before), as `artifacts/<node>/<port>.v8`; the step writes the outputs of its own
 * nodes the same way into --out, with its `summary.json` (only its nodes), model files and exported CSVs.
 * The artifacts are V8's structured serialisation (node:v8), the same encoding that carries port values
 * between the runner and its worker threads, so anything a node can output round-trips exactly; every step
 * of a workflow runs the same image, so writer and reader share the V8 version.
 *
 * `--collect` merges the steps' summaries into one summary.json as `crispflow run` writes it (and copies
 * their model files), naming any node no step reported. Cluster steps write no audit entry: the audit key
 * stays with the people who verify the log, not on the cluster.
 */
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { compile } from '../core/compiler.ts';
import type { PipelineDocument } from '../core/document.ts';
import type { PortType } from '../core/ports.ts';
import type { NodeRegistry } from '../core/registry.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import type { WorkerPool } from '../runtime/pool.ts';
import { createNodePool } from '../runtime/node/node-pool.ts';
import { createRunner } from '../runtime/runner.ts';
import { summarizeOutput, type Summary } from '../runtime/summarize.ts';
import { EXIT } from './exit-codes.ts';
import { cliDatasetProvider, formatProblem, loadPipelineFile, schemaEnvFor } from './load-pipeline.ts';
import { registryWithNodePackages } from './node-packages-option.ts';
import { createProgressReporter } from './progress.ts';
import { createReportCollector } from './reports.ts';
import { cliSecretStore } from './pseudonym-key.ts';
import { MODELS_DIR, saveRunModels } from './run-models.ts';

export const ARTIFACTS_DIR = 'artifacts';
const REPORTS_DIR = 'reports';
export const artifactFile = (nodeId: string, port: string) => path.join(ARTIFACTS_DIR, nodeId, `${port}.v8`);

export interface RunStepOptions {
  file: string;
  only?: string[];
  collect?: boolean;
  inputs?: string[];
  outDir: string;
  dataDir?: string;
  workers?: number;
  nodePackages?: string[];
}

interface NodeSummary {
  type: string;
  status: string;
  ms: number;
  error?: string;
  outputs: Record<string, unknown>;
  log?: Array<{ level: 'info' | 'warn'; message: string }>;
}

interface StepSummary {
  pipeline: string;
  status: string;
  nodes: Record<string, NodeSummary>;
  step?: { only: string[] };
}

/** Why the node cannot be a cluster step (it waits for people), or null. */
export function stepRefusal(doc: PipelineDocument, registry: NodeRegistry, nodeId: string): string | null {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) return `There is no node "${nodeId}" in the pipeline (its nodes: ${doc.nodes.map((n) => n.id).join(', ')}).`;
  const def = registry.get(node.type);
  if (!def) return `Node "${nodeId}" has the unknown type "${node.type}".`;
  if (def.capabilities?.suspends) {
    return `Node "${nodeId}" (${node.type}) waits for human review, which an unattended cluster step cannot do: run this pipeline with "crispflow run" and "crispflow review apply" instead.`;
  }
  return null;
}

export async function runStepCommand(o: RunStepOptions): Promise<number> {
  const { doc, errors } = await loadPipelineFile(o.file);
  if (!doc) {
    for (const e of errors) console.error(e);
    return EXIT.usage;
  }
  if (o.collect) return collect(doc, o);
  const only = [...new Set((o.only ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))];
  if (only.length === 0) return (console.error('--only needs at least one node id (for example --only split,train).'), EXIT.usage);
  const { registry, workerModules } = await registryWithNodePackages(o.nodePackages);
  for (const id of only) {
    const refusal = stepRefusal(doc, registry, id);
    if (refusal) return (console.error(refusal), EXIT.usage);
  }
  const datasets = cliDatasetProvider(o.file, o.dataDir);
  const env = await schemaEnvFor(doc, registry, datasets);
  const checked = compile(doc, registry, { env });
  if (checked.problems.some((p) => p.severity === 'error') || !checked.plan) {
    for (const p of checked.problems) console.error(formatProblem(p));
    console.error(`The pipeline is not valid (${checked.problems.length} problem(s)); nothing was run.`);
    return EXIT.usage;
  }
  const inStep = new Set(only);
  // What the step's nodes read from outside it, each from the first --inputs folder that has it.
  const loaded: Record<string, Record<string, unknown>> = {};
  for (const step of checked.plan.steps.filter((s) => inStep.has(s.nodeId))) {
    for (const ref of Object.values(step.inputs)) {
      if (inStep.has(ref.node) || loaded[ref.node]?.[ref.port] !== undefined) continue;
      const found = await findArtifact(o.inputs ?? [], ref.node, ref.port);
      if (!found) {
        console.error(
          `Node "${step.nodeId}" reads "${ref.node}.${ref.port}", which is in none of the --inputs folders (${(o.inputs ?? []).join(', ') || 'none given'}): run the step with node "${ref.node}" first and pass its --out folder with --inputs.`,
        );
        return EXIT.usage;
      }
      (loaded[ref.node] ??= {})[ref.port] = deserialize(await readFile(found));
    }
  }

  const real = createNodePool({ size: o.workers, extraNodeModules: workerModules });
  // Nodes outside the step are not run: they hand over what the earlier steps wrote (or nothing, when
  // no node of this step reads them).
  const pool: WorkerPool = {
    get size() {
      return real.size;
    },
    runStep: (job) => (inStep.has(job.step.nodeId) ? real.runStep(job) : Promise.resolve({ ok: true as const, outputs: loaded[job.step.nodeId] ?? {} })),
    stats: () => real.stats(),
    ready: () => real.ready(),
    close: () => real.close(),
  };
  const runner = createRunner({ registry, pool, datasets });
  const progress = createProgressReporter(process.stderr, only.length);
  const typeOf = new Map(doc.nodes.map((n) => [n.id, n.type]));
  const portType = (nodeId: string, port: string) => registry.get(typeOf.get(nodeId) ?? '')?.outputs[port]?.type as PortType | undefined;
  const logs: Record<string, NodeSummary['log'] & object> = {};
  const summaries: Record<string, Record<string, Summary>> = {};
  // Printable reports (fairness, bias audit, SHAP…) of the step's nodes into <out>/reports/, as crispflow run writes them.
  const reports = createReportCollector(doc);
  const handle = runner.run(doc, {
    targets: only,
    secrets: cliSecretStore(),
    onEvent: (e) => {
      if (inStep.has(e.nodeId)) progress.event({ nodeId: e.nodeId, status: e.status, progress: e.progress, ms: e.ms, message: e.error?.message });
    },
    onLog: (nodeId, message, level) => {
      (logs[nodeId] ??= []).push({ level, message });
      progress.log(nodeId, message, level);
    },
    onOutputs: (nodeId, values) => {
      if (!inStep.has(nodeId)) return;
      const s: Record<string, Summary> = {};
      for (const [port, value] of Object.entries(values)) {
        const type = portType(nodeId, port);
        if (type) s[port] = summarizeOutput(type, value);
      }
      summaries[nodeId] = s;
      reports.collect(nodeId, values);
    },
    // Every output of the step's own nodes becomes an artifact; nothing else is kept.
    keepOutput: (nodeId) => inStep.has(nodeId),
  });
  const stop = () => handle.cancel();
  process.once('SIGINT', stop);
  let result;
  try {
    result = await handle.done;
  } finally {
    process.off('SIGINT', stop);
    progress.finish();
    await pool.close();
  }
  if (result.status === 'invalid') {
    for (const p of result.problems) console.error(formatProblem(p));
    return EXIT.usage;
  }

  await mkdir(o.outDir, { recursive: true });
  const own = Object.fromEntries(only.map((id) => [id, result.outputs[id] ?? {}]));
  for (const [nodeId, ports] of Object.entries(own)) {
    for (const [port, value] of Object.entries(ports)) {
      await mkdir(path.join(o.outDir, ARTIFACTS_DIR, nodeId), { recursive: true });
      await writeFileAtomic(path.join(o.outDir, artifactFile(nodeId, port)), serialize(value));
    }
  }
  const modelFiles = await saveRunModels({ outDir: o.outDir, doc, registry, outputs: own });
  const nodes: Record<string, NodeSummary> = {};
  for (const id of only) {
    const r = result.nodes[id];
    const outputs: Record<string, unknown> = {};
    for (const [port, summary] of Object.entries(summaries[id] ?? {})) {
      outputs[port] = { ...summary, ...modelFiles[id]?.[port] };
      const exported = exportedCsv(own[id]?.[port]);
      if (exported) await writeFileAtomic(path.join(o.outDir, exported.fileName), exported.contents);
    }
    nodes[id] = {
      type: typeOf.get(id)!,
      status: r?.status ?? 'skipped',
      ms: Math.round(r?.ms ?? 0),
      ...(r?.error ? { error: r.error.message } : {}),
      outputs,
      ...(logs[id] ? { log: logs[id] } : {}),
    };
  }
  await reports.write(o.outDir);
  const failed = Object.values(nodes).some((n) => n.status === 'error' || n.status === 'skipped');
  const summary: StepSummary = { pipeline: doc.metadata.name, status: failed ? 'error' : 'ok', nodes, step: { only } };
  await writeFileAtomic(path.join(o.outDir, 'summary.json'), JSON.stringify(summary, null, 2));
  console.error(`Step ${only.join(', ')}: ${failed ? 'failed' : 'done'}. Results in ${path.resolve(o.outDir)}`);
  return failed ? EXIT.nodeFailed : EXIT.ok;
}

async function findArtifact(dirs: string[], nodeId: string, port: string): Promise<string | undefined> {
  for (const dir of dirs) {
    const file = path.join(dir, artifactFile(nodeId, port));
    if (await readFile(file).then(() => true, () => false)) return file;
  }
  return undefined;
}

/** As run-command's exportedFile: a csv-export value written into --out under its sanitised name. */
function exportedCsv(value: unknown): { fileName: string; contents: Uint8Array | string } | undefined {
  const v = value as { kind?: string; data?: { fileName?: unknown; csv?: unknown } } | undefined;
  // export-table writes UTF-8 bytes (data.csv); a string is written as UTF-8 too.
  const csv = v?.data?.csv;
  if (v?.kind !== 'csv-export' || typeof v.data?.fileName !== 'string' || (typeof csv !== 'string' && !(csv instanceof Uint8Array))) return undefined;
  const base = path.basename(v.data.fileName).replace(/[^\w.-]+/g, '_') || 'export.csv';
  return { fileName: base.endsWith('.csv') ? base : `${base}.csv`, contents: csv };
}

/** The steps' summaries as one summary.json, in the pipeline's node order; exit 1 naming nodes no step reported. */
async function collect(doc: PipelineDocument, o: RunStepOptions): Promise<number> {
  if (!o.inputs?.length) return (console.error('--collect needs the steps\' output folders as --inputs <dir> (one per step).'), EXIT.usage);
  const reported: Record<string, NodeSummary> = {};
  await mkdir(o.outDir, { recursive: true });
  for (const dir of o.inputs) {
    let step: StepSummary;
    try {
      step = JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8')) as StepSummary;
    } catch (e) {
      return (console.error(`Cannot read the step summary ${path.join(dir, 'summary.json')}: ${(e as Error).message}.`), EXIT.usage);
    }
    Object.assign(reported, step.nodes);
    // The files a whole run leaves in --out: model files and cards, reports, exported CSVs.
    for (const sub of [MODELS_DIR, REPORTS_DIR]) {
      const files = await readdir(path.join(dir, sub)).catch(() => [] as string[]);
      if (files.length) await mkdir(path.join(o.outDir, sub), { recursive: true });
      for (const f of files) await copyFile(path.join(dir, sub, f), path.join(o.outDir, sub, f));
    }
    for (const f of (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.csv'))) await copyFile(path.join(dir, f.name), path.join(o.outDir, f.name));
  }
  const nodes: Record<string, NodeSummary> = {};
  const missing: string[] = [];
  for (const n of doc.nodes) {
    if (reported[n.id]) nodes[n.id] = reported[n.id];
    else {
      missing.push(n.id);
      nodes[n.id] = { type: n.type, status: 'skipped', ms: 0, error: 'No step reported this node.', outputs: {} };
    }
  }
  const failed = Object.values(nodes).some((n) => n.status === 'error' || n.status === 'skipped');
  const summary = { pipeline: doc.metadata.name, status: failed ? 'error' : 'ok', nodes };
  await writeFileAtomic(path.join(o.outDir, 'summary.json'), JSON.stringify(summary, null, 2));
  if (missing.length) console.error(`No step reported node(s) ${missing.join(', ')}: they are marked skipped.`);
  console.error(`${failed ? 'Finished with errors' : 'Done'}: ${doc.nodes.length} node(s). Results in ${path.resolve(o.outDir)}/summary.json`);
  return failed ? EXIT.nodeFailed : EXIT.ok;
}
