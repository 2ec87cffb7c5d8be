import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { compile } from '../core/compiler.ts';
import type { PortType } from '../core/ports.ts';
import { createRunner } from '../runtime/runner.ts';
import { createNodePool } from '../runtime/node/node-pool.ts';
import type { WorkerPool } from '../runtime/pool.ts';
import { summarizeOutput, type Summary } from '../runtime/summarize.ts';
import type { NodeRegistry } from '../core/registry.ts';
import type { PipelineDocument } from '../core/document.ts';
import { cliDatasetProvider, formatProblem, loadPipelineFile, schemaEnvFor } from './load-pipeline.ts';
import { createProgressReporter } from './progress.ts';
import { EXIT } from './exit-codes.ts';
import type { ReviewDecisions } from '../../nodes/human-review/types.ts';
import type { ModelFilesSummary } from './run-models.ts';
import { removeStaleTempFiles, writeFileAtomic } from '../fs/atomic-write.ts';
import { AuditKeyError, auditKeyForWriting } from './audit-key.ts';
import { registryWithNodePackages } from './node-packages-option.ts';
import { cliSecretStore } from './pseudonym-key.ts';
import { createReportCollector } from './reports.ts';
import { scoringOutputsToKeep } from '../monitoring/scoring-pipeline.ts';

// What only the end of a run needs (model files and cards, ONNX export with protobufjs, the registry, the
// audit entry) is imported when the first step has started, while the workers compute: not compiled
// before the first step.
const loadRunModels = () => import('./run-models.ts');
const loadReviewCommand = () => import('./review-command.ts');
const loadRegistryFolder = () => import('./model-registry-folder.ts');
const loadOnnxExport = () => import('../export/onnx/export-onnx.ts');

export interface RunOptions {
  file: string;
  dataDir?: string;
  outDir: string;
  workers?: number;
  /** A model registry folder kept across runs (registry.json + a folder per version). */
  registryDir?: string;
  /** Human-review decisions by node id (from `crispflow review apply`). */
  decisions?: Record<string, ReviewDecisions>;
  /** The audit key file (`--audit-key`); default $CRISPFLOW_AUDIT_KEY_FILE, then ~/.config/crispflow/audit.key. */
  auditKeyFile?: string;
  /** Node packages (folders or npm names) whose nodes join the built-in ones (`--nodes`). */
  nodePackages?: string[];
  /** A column mapping applied to the template first (`--map`, src/templates). */
  mapFile?: string;
  /** `--memory-budget`: over it, the run's steps run one at a time (RunnerOptions.memoryBudgetBytes). */
  memoryBudgetMb?: number;
  /** Workers the caller started before this module loaded (main.ts); closed by the run. */
  pool?: WorkerPool;
}

/**
 * Output types the end of a run reads (model files and registry, the audit entry, exported files, the
 * review queue): all small. Tables, predictions and explanations are only summarised.
 */
const KEPT_AT_END = new Set<PortType>(['model', 'metrics', 'fairness', 'review', 'report']);

/** (nodeId, port) → the port's declared type. */
function outputPortTypes(doc: { nodes: Array<{ id: string; type: string }> }, registry: NodeRegistry) {
  const typeOf = new Map(doc.nodes.map((n) => [n.id, n.type]));
  return (nodeId: string, port: string): PortType | undefined => {
    const type = typeOf.get(nodeId);
    return type === undefined ? undefined : (registry.get(type)?.outputs[port]?.type as PortType | undefined);
  };
}

interface NodeLogEntry {
  level: 'info' | 'warn';
  message: string;
}

interface NodeSummary {
  type: string;
  status: string;
  ms: number;
  error?: string;
  outputs: Record<string, unknown>;
  /** The node's log messages, in order (absent when it said nothing). */
  log?: NodeLogEntry[];
}

/** A file an export node produced: written into --out under its (sanitised) name. */
function exportedFile(value: unknown): { fileName: string; contents: Uint8Array | string } | undefined {
  const v = value as { kind?: string; data?: { fileName?: unknown; csv?: unknown } } | undefined;
  // export-table writes UTF-8 bytes (data.csv); a string is written as UTF-8 too.
  const csv = v?.data?.csv;
  if (v?.kind !== 'csv-export' || typeof v.data?.fileName !== 'string' || (typeof csv !== 'string' && !(csv instanceof Uint8Array))) return undefined;
  const base = path.basename(v.data.fileName).replace(/[^\w.-]+/g, '_') || 'export.csv';
  return { fileName: base.endsWith('.csv') ? base : `${base}.csv`, contents: csv };
}

/**
 * The tables export nodes produced (among the summarised outputs `ports`), written into --out side by side;
 * of two with the same name the later in document order is kept, as when they were written one by one.
 */
async function writeExportedFiles(outDir: string, doc: PipelineDocument, ports: Record<string, Record<string, unknown>>, outputs: Record<string, Record<string, unknown>>): Promise<void> {
  const files = new Map<string, Uint8Array | string>();
  for (const node of doc.nodes) {
    for (const port of Object.keys(ports[node.id] ?? {})) {
      const file = exportedFile(outputs[node.id]?.[port]);
      if (file) files.set(file.fileName, file.contents);
    }
  }
  await Promise.all([...files].map(([fileName, contents]) => writeFileAtomic(path.join(outDir, fileName), contents)));
}

export async function runCommand(o: RunOptions): Promise<number> {
  let pool = o.pool;
  let poolClosed = false;
  const closePool = async () => {
    if (poolClosed || !pool) return;
    poolClosed = true;
    await pool.close();
  };
  try {
    const { doc, errors } = o.mapFile ? await (await import('./template-command.ts')).loadMappedPipelineFile(o.file, o.mapFile) : await loadPipelineFile(o.file);
    if (!doc) {
      for (const e of errors) console.error(e);
      return EXIT.usage;
    }
    const { registry, workerModules } = await registryWithNodePackages(o.nodePackages);
    // Started before the checks below (or by the caller, before this module loaded): the workers load
    // their modules on other cores while this thread reads schemas, compiles and fingerprints the data. An
    // invalid pipeline closes them unused. The workers build their own registry: they load the same
    // (accepted) packages.
    pool ??= createNodePool({ size: o.workers, extraNodeModules: workerModules });
    return await checkAndRun(o, doc, registry, pool, closePool);
  } finally {
    await closePool();
  }
}

/** Creates --out and removes temp files an earlier run of ours left when it was killed mid-write. */
async function prepareOutDir(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await removeStaleTempFiles(outDir);
}

/** Settles `p` now (so a failure is never unhandled) and hands its outcome on when awaited. */
function started<T>(p: Promise<T>): () => Promise<T> {
  const settled = p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return async () => {
    const r = await settled;
    if (!r.ok) throw r.error;
    return r.value;
  };
}

async function checkAndRun(o: RunOptions, doc: PipelineDocument, registry: NodeRegistry, pool: WorkerPool, closePool: () => Promise<void>): Promise<number> {
  const datasets = cliDatasetProvider(o.file, o.dataDir);
  const env = await schemaEnvFor(doc, registry, datasets);
  const checked = compile(doc, registry, { env });
  if (checked.problems.some((p) => p.severity === 'error')) {
    for (const p of checked.problems) console.error(formatProblem(p));
    console.error(`The pipeline is not valid (${checked.problems.length} problem(s)); nothing was run.`);
    return EXIT.usage;
  }
  // A broken registry is found before the run, not after minutes of training.
  if (o.registryDir) {
    const { readRegistry, RegistryFileError } = await loadRegistryFolder();
    try {
      await readRegistry(o.registryDir);
    } catch (e) {
      if (!(e instanceof RegistryFileError)) throw e;
      console.error(`${e.message} Nothing was run.`);
      return EXIT.usage;
    }
  }
  // So is an unusable audit key (readable by others, damaged): every run is recorded with it.
  let auditKey;
  try {
    auditKey = await auditKeyForWriting(o.auditKeyFile);
  } catch (e) {
    if (!(e instanceof AuditKeyError)) throw e;
    console.error(`${e.message} Nothing was run.`);
    return EXIT.usage;
  }

  // The output folder is made ready while the run starts; a failure is reported after the run, as before.
  const outDirReady = started(prepareOutDir(o.outDir));
  const runner = createRunner({ registry, pool, datasets, ...(o.memoryBudgetMb ? { memoryBudgetBytes: o.memoryBudgetMb * 2 ** 20 } : {}) });
  const progress = createProgressReporter(process.stderr, doc.nodes.length);
  // What the nodes said (rows left out, early stopping, skipped folds…): on stderr and in summary.json.
  const logs: Record<string, NodeLogEntry[]> = {};
  // Memory: each output is summarised as it arrives, and only what the end of the run needs stays
  // (see KEPT_AT_END); intermediate tables are freed as soon as the steps reading them have them.
  const portTypes = outputPortTypes(doc, registry);
  const trainsModels = doc.nodes.some((n) => Object.keys(registry.get(n.type)?.outputs ?? {}).some((port) => portTypes(n.id, port) === 'model'));
  let preloading = false;
  // Errors are not lost: the end imports the same modules again and reports them there.
  const preloadEndModules = () => void Promise.all([loadRunModels(), loadReviewCommand(), ...(trainsModels ? [loadOnnxExport()] : [])]).catch(() => undefined);
  const outputSummaries: Record<string, Record<string, Summary>> = {};
  // Printable reports (bias audit, fairness, SHAP, keyword bias) into <out>/reports/ (src/cli/reports.ts).
  const reports = createReportCollector(doc);
  // The tables models' scoring pipelines are fitted from (src/monitoring/scoring-pipeline.ts) stay until the models are saved.
  const scoringKeep = scoringOutputsToKeep(doc, registry, (nodeId, port) => portTypes(nodeId, port) === 'model');
  const handle = runner.run(doc, {
    // The schemas read for the check above (the runner would read every dataset's head again).
    env,
    decisions: o.decisions,
    // keys (e.g. the pseudonymize node's) come from owner-only files, never from the pipeline
    secrets: cliSecretStore(),
    // The tables only finished steps still needed are dropped (keepOutput below) and collected by the runner.
    onEvent: (e) => {
      // Once the first step runs on a worker, this thread is free: the end's modules load meanwhile.
      if (e.status === 'running' && !preloading) {
        preloading = true;
        setImmediate(preloadEndModules);
      }
      progress.event({ nodeId: e.nodeId, status: e.status, progress: e.progress, ms: e.ms, message: e.error?.message });
    },
    onLog: (nodeId, message, level) => {
      (logs[nodeId] ??= []).push({ level, message });
      progress.log(nodeId, message, level);
    },
    onOutputs: (nodeId, values) => {
      const summaries: Record<string, Summary> = {};
      for (const [port, value] of Object.entries(values)) {
        const type = portTypes(nodeId, port);
        if (type) summaries[port] = summarizeOutput(type, value);
      }
      outputSummaries[nodeId] = summaries;
      reports.collect(nodeId, values);
    },
    keepOutput: (nodeId, port) => KEPT_AT_END.has(portTypes(nodeId, port) as PortType) || scoringKeep.has(`${nodeId}\u0000${port}`),
  });
  const stop = () => handle.cancel();
  process.once('SIGINT', stop);
  let result;
  try {
    result = await handle.done;
  } finally {
    process.off('SIGINT', stop);
    progress.finish();
    // The workers' memory goes before the results are written.
    await closePool();
  }

  await outDirReady();
  // The model files, the exported tables and the reports go to disk side by side (each write waits for its
  // fsync); summary.json follows the models (it names their files), then the audit entry (it hashes summary.json).
  const exportsWritten = started(writeExportedFiles(o.outDir, doc, outputSummaries, result.outputs));
  const reportsWritten = started(reports.write(o.outDir));
  // Model files, cards and registry versions (as the designer records them after a run).
  let modelFiles: Record<string, Record<string, ModelFilesSummary>> = {};
  let registryError: string | undefined;
  try {
    const { saveRunModels } = await loadRunModels();
    try {
      modelFiles = await saveRunModels({ outDir: o.outDir, doc, registry, outputs: result.outputs, registryDir: o.registryDir, auditKey });
    } catch (e) {
      if (!(e instanceof (await loadRegistryFolder()).RegistryFileError)) throw e;
      registryError = e.message;
      modelFiles = await saveRunModels({ outDir: o.outDir, doc, registry, outputs: result.outputs });
    }
  } finally {
    // Settled before anything is reported: a failure above still lets the other writes finish.
    await Promise.allSettled([exportsWritten(), reportsWritten()]);
  }
  for (const m of Object.values(modelFiles).flatMap((ports) => Object.values(ports))) {
    if (m.registry) console.error(m.newVersion ? `Registered "${m.name}" v${m.version} in ${m.registry}.` : `"${m.name}" is unchanged since v${m.version} (same training); no new version.`);
  }
  await exportsWritten();
  const nodes: Record<string, NodeSummary> = {};
  for (const node of doc.nodes) {
    const r = result.nodes[node.id];
    const outputs: Record<string, unknown> = {};
    for (const [port, summary] of Object.entries(outputSummaries[node.id] ?? {})) {
      outputs[port] = { ...summary, ...modelFiles[node.id]?.[port] };
    }
    nodes[node.id] = {
      type: node.type,
      status: r?.status ?? 'skipped',
      ms: Math.round(r?.ms ?? 0),
      ...(r?.error ? { error: r.error.message } : {}),
      outputs,
      ...(logs[node.id] ? { log: logs[node.id] } : {}),
    };
  }
  const failed = Object.values(nodes).some((n) => n.status === 'error' || n.status === 'skipped');
  const waiting = result.status === 'waiting' || Object.keys(result.waiting).length > 0;
  const summary = { pipeline: doc.metadata.name, status: failed ? 'error' : waiting ? 'waiting' : 'ok', nodes };
  const summaryText = JSON.stringify(summary, null, 2);
  await writeFileAtomic(path.join(o.outDir, 'summary.json'), summaryText);
  const reportFiles = await reportsWritten();
  if (reportFiles.length) console.error(`Reports: ${reportFiles.map((f) => path.relative(o.outDir, f)).join(', ')}`);
  // Audit entry for every run (naming the summary's hash); review queue + exit 3 when a review node waits (issue 7).
  const { recordRunAndReview } = await loadReviewCommand();
  const reviewExit = await recordRunAndReview({ ...o, doc, registry, datasets, result, failed, auditKey, summaryText });
  if (registryError) {
    console.error(`${registryError} The models were not registered; summary.json and the model files in --out were written.`);
    return EXIT.usage;
  }
  if (reviewExit !== undefined) return reviewExit;
  const counts = Object.values(nodes).reduce<Record<string, number>>((acc, n) => ((acc[n.status] = (acc[n.status] ?? 0) + 1), acc), {});
  console.error(
    `${summary.status === 'ok' ? 'Done' : 'Finished with errors'}: ${Object.entries(counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}. Results in ${path.resolve(o.outDir)}/summary.json`,
  );
  return failed ? EXIT.nodeFailed : EXIT.ok;
}
