/**
 * Scoring pipelines: what lies between a raw dataset and a model's input, saved with the model so a raw
 * batch can be scored, monitored and compared exactly as the training run prepared its rows.
 *
 * Built after a run from the pipeline's nodes upstream of the model's training input (its required table
 * inputs): every one must declare how it is replayed (NodeReplay in src/core/node-definition.ts) —
 *   rerun         the node's own run again on the batch (the source reads the batch's bytes),
 *   pass-through  rows go through unchanged (splits and reweighing only choose or weight training rows),
 *   fitted        the state the node fitted in the run (centres, means, levels, fill values) re-applied by
 *                 the node's own transform.
 * A node without a declaration (human review, a join with another dataset's node…) makes the pipeline
 * "refused": the model is saved with the reason, naming the node, and scoring a raw batch says so.
 * Pure (no Node or DOM APIs): the CLI, the studio and the browser's monitoring worker all use it.
 */
import type { PipelineDocument, PortRef } from '../core/document.ts';
import { NodeError } from '../core/errors.ts';
import type { AnyNodeDefinition, DatasetBytes, FittedReplay, PortSpecs } from '../core/node-definition.ts';
import { withDefaults } from '../core/params.ts';
import type { Model } from '../core/ports.ts';
import type { NodeRegistry } from '../core/registry.ts';
import type { ColumnRole, ColumnType, Table } from '../core/table/table.ts';
import type { FeaturizerSpec } from '../ml/features/featurizer.ts';
import { createNodeContext } from '../runtime/node-context.ts';
import { MissingFeaturesError } from './missing-features.ts';

export const SCORING_PIPELINE_FORMAT = 'crispflow-scoring-pipeline/1';

export interface ScoringStep {
  nodeId: string;
  type: string;
  version: number;
  label?: string;
  replay: 'rerun' | 'pass-through' | 'fitted';
  params: Record<string, unknown>;
  /** Input port → the step output it reads. */
  inputs: Record<string, PortRef>;
  /** Fitted steps: what the node learned in the run. */
  state?: unknown;
}

export interface ScoringPipeline {
  format: typeof SCORING_PIPELINE_FORMAT;
  pipeline: string;
  seed: number;
  /** Steps in run order; the first is the source, which reads the batch. */
  steps: ScoringStep[];
  /** The step output the model trained on. */
  modelInput: PortRef;
  /** Columns of the raw data a batch must have: what fitted steps read and model features taken straight from it. */
  requiredColumns: string[];
  /**
   * The raw table as the source read it in training: each column's type (and role), whether it had missing
   * values, its range (numbers, dates) and its levels (categories, up to 50). Lets `serve` type JSON rows as
   * the source would (no inference per request) and flag values outside the training range. Absent in
   * pipelines saved before it was recorded.
   */
  rawColumns?: RawColumnSpec[];
}

export interface RawColumnSpec {
  name: string;
  type: ColumnType;
  role?: ColumnRole;
  /** Some training rows lacked a value. */
  hadMissing: boolean;
  /** number, integer and date columns (dates in ms since 1970): the training range of the known values. */
  min?: number;
  max?: number;
  /** category columns with at most 50 levels. */
  levels?: string[];
}

/** What a raw training table looked like, column by column (see ScoringPipeline.rawColumns). */
export function describeRawColumns(t: Table): RawColumnSpec[] {
  return t.columns.map((c): RawColumnSpec => {
    const spec: RawColumnSpec = { name: c.name, type: c.type, ...(c.role ? { role: c.role } : {}), hadMissing: false };
    if (c.type === 'category') {
      spec.hadMissing = c.codes.some((k) => k < 0);
      if (c.categories.length <= 50) spec.levels = c.categories.slice();
    } else if (c.type === 'text') {
      spec.hadMissing = c.values.some((v) => v === null || v === '');
    } else {
      let min = Infinity;
      let max = -Infinity;
      for (const v of c.values) {
        if (Number.isNaN(v)) spec.hadMissing = true;
        else if (Number.isFinite(v)) {
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
      if (c.type !== 'boolean' && min <= max) Object.assign(spec, { min, max });
    }
    return spec;
  });
}

/** A model whose preparation cannot be replayed: why, naming the node. */
export interface RefusedScoringPipeline {
  format: typeof SCORING_PIPELINE_FORMAT;
  pipeline: string;
  refused: { nodeId: string; type: string; reason: string };
}

export type ScoringInfo = ScoringPipeline | RefusedScoringPipeline;

/**
 * A scoring pipeline cannot be used on this batch (or by this Crispflow): a user-facing NodeError, so the
 * CLI exits 2 and the studio answers 422 with the message.
 */
export class ScoringPipelineError extends NodeError {
  constructor(message: string) {
    super(message);
    this.name = 'ScoringPipelineError';
  }
}

const nodeName = (n: { id: string; label?: string }) => (n.label ? `"${n.label}" (${n.id})` : `"${n.id}"`);

/** The model's scoring information, or undefined for models saved without one. */
export function scoringInfoOf(model: Model): ScoringInfo | undefined {
  const s = model.scoring as Partial<ScoringPipeline & RefusedScoringPipeline> | undefined;
  if (!s || typeof s !== 'object') return undefined;
  if (s.format !== SCORING_PIPELINE_FORMAT) throw new ScoringPipelineError(`The model's scoring pipeline has format ${String(s.format)}, which this Crispflow does not know (expected ${SCORING_PIPELINE_FORMAT}). Update Crispflow, or retrain the model.`);
  if (s.refused) return s as RefusedScoringPipeline;
  if (!Array.isArray(s.steps) || !s.modelInput || !Array.isArray(s.requiredColumns)) throw new ScoringPipelineError("The model's scoring pipeline is incomplete (steps, modelInput, requiredColumns); the model file is damaged. Retrain the model.");
  return s as ScoringPipeline;
}

export const isRefused = (s: ScoringInfo): s is RefusedScoringPipeline => 'refused' in s;

/** Required table inputs of a node: what a model node trains on (a trainer's `train`, not its optional `test`). */
const trainingPorts = (def: AnyNodeDefinition) => Object.entries(def.inputs as PortSpecs).filter(([, spec]) => spec.type === 'table' && !spec.optional).map(([port]) => port);

/** The nodes upstream of the model node's training input, in run order (ancestors before descendants). */
function prefixNodes(doc: PipelineDocument, registry: NodeRegistry, modelNodeId: string): string[] {
  const model = doc.nodes.find((n) => n.id === modelNodeId)!;
  const def = registry.get(model.type)!;
  const ports = new Set(trainingPorts(def));
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const e of doc.edges.filter((x) => x.to.node === id)) visit(e.from.node);
    order.push(id);
  };
  for (const e of doc.edges.filter((x) => x.to.node === modelNodeId && ports.has(x.to.port))) visit(e.from.node);
  return order;
}

/** Why a node cannot be replayed, in words a person acts on. */
function refusalReason(def: AnyNodeDefinition, node: { id: string; label?: string }, modelLabel: string): string {
  const why = def.capabilities?.suspends
    ? 'it waits for people to decide (human review), and their decisions on the training rows say nothing about new rows'
    : `the ${def.title} node does not declare how its work is re-applied to new rows`;
  return `The input of ${modelLabel} passes through node ${nodeName(node)} (${def.type}), which cannot be replayed on a new batch: ${why}. Score batches that already hold the model's input columns, or move that node after the model.`;
}

/**
 * Which step outputs a run must keep until the end for `buildScoringPipeline` (the inputs of fitted
 * steps and the source tables), as "<node>\u0000<port>": for runs that drop intermediate tables.
 */
export function scoringOutputsToKeep(doc: PipelineDocument, registry: NodeRegistry, isModelOutput: (nodeId: string, port: string) => boolean): Set<string> {
  const keep = new Set<string>();
  for (const node of doc.nodes) {
    const def = registry.get(node.type);
    if (!def || !Object.keys(def.outputs).some((p) => isModelOutput(node.id, p)) || trainingPorts(def).length === 0) continue;
    for (const id of prefixNodes(doc, registry, node.id)) {
      const n = doc.nodes.find((x) => x.id === id)!;
      const d = registry.get(n.type);
      if (!d) continue;
      if (d.capabilities?.datasets) for (const p of Object.keys(d.outputs)) keep.add(`${id}\u0000${p}`);
      if (d.replay?.kind === 'fitted') {
        for (const e of doc.edges.filter((x) => x.to.node === id)) keep.add(`${e.from.node}\u0000${e.from.port}`);
        for (const p of Object.keys(d.outputs)) keep.add(`${id}\u0000${p}`);
      }
    }
  }
  return keep;
}

/**
 * The scoring pipeline of the model trained by node `modelNodeId` in a finished run (`outputs`: every
 * node's outputs, or at least those `scoringOutputsToKeep` names), or the refusal naming the node that
 * cannot be replayed.
 */
export async function buildScoringPipeline(args: { doc: PipelineDocument; registry: NodeRegistry; outputs: Record<string, Record<string, unknown>>; modelNodeId: string; model: Model }): Promise<ScoringInfo> {
  const { doc, registry, outputs, modelNodeId, model } = args;
  const base = { format: SCORING_PIPELINE_FORMAT, pipeline: doc.metadata.name } as const;
  const modelNode = doc.nodes.find((n) => n.id === modelNodeId)!;
  const modelLabel = `the model of ${nodeName(modelNode)}`;
  const modelDef = registry.get(modelNode.type)!;
  const ports = trainingPorts(modelDef);
  const feeding = doc.edges.filter((e) => e.to.node === modelNodeId && ports.includes(e.to.port));
  if (feeding.length !== 1) {
    return { ...base, refused: { nodeId: modelNodeId, type: modelNode.type, reason: `${modelLabel} trains on ${feeding.length} tables; a scoring pipeline needs exactly one training input.` } };
  }
  const ids = prefixNodes(doc, registry, modelNodeId);
  const steps: ScoringStep[] = [];
  const reads = new Set<string>();
  const sources: string[] = [];
  for (const id of ids) {
    const node = doc.nodes.find((n) => n.id === id)!;
    const def = registry.get(node.type);
    if (!def) return { ...base, refused: { nodeId: id, type: node.type, reason: `Node ${nodeName(node)} has the unknown type "${node.type}".` } };
    if (!def.replay) return { ...base, refused: { nodeId: id, type: def.type, reason: refusalReason(def, node, modelLabel) } };
    if (def.capabilities?.datasets) sources.push(id);
    const params = withDefaults(def.params, node.params ?? {}) as Record<string, unknown>;
    const inputs: Record<string, PortRef> = {};
    for (const e of doc.edges.filter((x) => x.to.node === id)) inputs[e.to.port] = { ...e.from };
    const step: ScoringStep = { nodeId: id, type: def.type, version: def.version, ...(node.label ? { label: node.label } : {}), replay: def.replay.kind, params, inputs };
    if (def.replay.kind === 'fitted') {
      const nodeInputs = Object.fromEntries(Object.entries(inputs).map(([port, ref]) => [port, outputs[ref.node]?.[ref.port]]));
      const nodeOutputs = outputs[id];
      if (!nodeOutputs || Object.values(nodeInputs).some((v) => v === undefined)) {
        throw new ScoringInputsNotKept(`The run did not keep the tables around node ${nodeName(node)} that its scoring pipeline is fitted from (keep scoringOutputsToKeep's outputs).`);
      }
      const replay = (await def.replay.load()) as FittedReplay;
      const fitted = replay.fit({ inputs: nodeInputs, outputs: nodeOutputs, params });
      step.state = fitted.state;
      for (const c of fitted.reads) reads.add(c);
    }
    steps.push(step);
  }
  if (sources.length !== 1) {
    const names = sources.map((s) => nodeName(doc.nodes.find((n) => n.id === s)!)).join(' and ');
    return {
      ...base,
      refused: {
        nodeId: sources[1] ?? modelNodeId,
        type: sources.length ? doc.nodes.find((n) => n.id === sources[1])!.type : modelNode.type,
        reason: sources.length === 0 ? `${modelLabel} reads no dataset node, so there is no raw data to replay.` : `${modelLabel} combines ${sources.length} datasets (${names}); a scoring pipeline replays one batch. Score batches that already hold the model's input columns.`,
      },
    };
  }
  if (steps[0].nodeId !== sources[0]) {
    // A node without inputs other than the source (e.g. a business note) would come first: the source leads.
    steps.sort((a, b) => (a.nodeId === sources[0] ? -1 : b.nodeId === sources[0] ? 1 : 0));
  }
  const sourceTable = Object.values(outputs[sources[0]] ?? {}).find((v): v is Table => !!v && typeof v === 'object' && Array.isArray((v as Table).columns) && typeof (v as Table).nRows === 'number');
  const rawColumns = new Set(sourceTable?.columns.map((c) => c.name) ?? []);
  const features = (model.featurizer as FeaturizerSpec).columns.map((c) => c.name);
  const requiredColumns = [...new Set([...reads, ...features])].filter((c) => rawColumns.has(c));
  return { ...base, seed: doc.metadata.seed ?? 42, steps, modelInput: { ...feeding[0].from }, requiredColumns, ...(sourceTable ? { rawColumns: describeRawColumns(sourceTable) } : {}) };
}

/** The outputs a scoring pipeline is fitted from are not in this run's results (a partial cluster step, `run --only`). */
export class ScoringInputsNotKept extends Error {}

/** A batch to score: its bytes and file name (the source node reads it as it read the training file). */
export interface RawBatch {
  name: string;
  bytes: Uint8Array;
  /** The raw rows already read as a table (serve's JSON rows, typed by `rawColumns`): the source step passes it on instead of reading `bytes`. */
  table?: Table;
}

export interface PreparedBatch {
  /** The model's input for every batch row (same rows, same order). */
  table: Table;
  /** The batch as the source node read it (for the protected column, ids, outcomes). */
  raw: Table;
  /** What the replayed nodes said (import notes, warnings). */
  log: string[];
}

/** Missing raw columns: named all at once (a MissingFeaturesError: the CLI exits 2, the studio answers 422 with the columns). */
export class MissingBatchColumnsError extends MissingFeaturesError {
  constructor(columns: string[], what: string) {
    super(columns, what);
    this.message =
      `${what} lacks ${columns.length === 1 ? 'the model feature' : `${columns.length} model features`} ${columns.map((c) => `"${c}"`).join(', ')} (columns the model's scoring pipeline reads from the raw data). ` +
      'Add the column(s) to the batch (same names as in training).';
  }
}

const isTable = (v: unknown): v is Table => !!v && typeof v === 'object' && Array.isArray((v as Table).columns) && typeof (v as Table).nRows === 'number';

/** Replays the scoring pipeline on a raw batch: the model's input, row for row. */
export async function applyScoringPipeline(sp: ScoringPipeline, registry: NodeRegistry, batch: RawBatch, what = `The batch ${batch.name}`): Promise<PreparedBatch> {
  const outputs: Record<string, Record<string, unknown>> = {};
  const log: string[] = [];
  let raw: Table | undefined;
  for (const [i, step] of sp.steps.entries()) {
    const def = registry.get(step.type);
    const name = nodeName({ id: step.nodeId, label: step.label });
    if (!def) throw new ScoringPipelineError(`The model's scoring pipeline uses node ${name} of type "${step.type}", which this Crispflow does not have. Load the node package that provides it.`);
    if (def.version !== step.version) throw new ScoringPipelineError(`The model's scoring pipeline was saved with version ${step.version} of node ${name} (${step.type}); this Crispflow has version ${def.version}. Retrain the model so its preparation matches.`);
    const inputs: Record<string, unknown> = {};
    for (const [port, ref] of Object.entries(step.inputs)) inputs[port] = outputs[ref.node]?.[ref.port];
    for (const port of Object.keys(def.inputs)) if (!(port in inputs)) inputs[port] = undefined;
    try {
      if (i === 0 && batch.table) {
        outputs[step.nodeId] = Object.fromEntries(Object.entries(def.outputs as PortSpecs).filter(([, s]) => s.type === 'table').map(([p]) => [p, batch.table]));
      } else if (step.replay === 'rerun') {
        const ctx = createNodeContext({
          nodeId: step.nodeId,
          pipelineSeed: sp.seed,
          onLog: (m, level) => log.push(`${step.label ?? step.nodeId}: ${level === 'warn' ? 'warning: ' : ''}${m}`),
          readDataset: async (): Promise<DatasetBytes> => ({ name: batch.name, bytes: batch.bytes, fingerprint: '' }),
          kernels: registry.kernel,
        });
        outputs[step.nodeId] = (await def.run({ inputs, params: step.params as never, ctx })) as Record<string, unknown>;
      } else if (step.replay === 'pass-through') {
        const replay = def.replay as { kind: 'pass-through'; input: string };
        const table = inputs[replay.input];
        outputs[step.nodeId] = Object.fromEntries(Object.entries(def.outputs as PortSpecs).filter(([, s]) => s.type === 'table').map(([p]) => [p, table]));
      } else {
        const replay = def.replay as { kind: 'fitted'; input: string; output: string; load: () => Promise<{ apply: (a: { table: Table; state: unknown; params: Record<string, unknown> }) => Table | Promise<Table> }> };
        if (!replay || replay.kind !== 'fitted') throw new ScoringPipelineError(`Node ${name} (${step.type}) was saved as fitted but this Crispflow cannot re-apply it; retrain the model.`);
        const table = inputs[replay.input] as Table;
        outputs[step.nodeId] = { [replay.output]: await (await replay.load()).apply({ table, state: step.state, params: step.params }) };
      }
    } catch (e) {
      if (e instanceof ScoringPipelineError) throw e;
      const message = (e as Error).message;
      throw new ScoringPipelineError(`${what}: replaying node ${name} (${step.type}) of the model's scoring pipeline failed: ${message}`);
    }
    if (i === 0) {
      raw = Object.values(outputs[step.nodeId]).find(isTable);
      if (!raw) throw new ScoringPipelineError(`The source node ${name} of the scoring pipeline gave no table.`);
      const have = new Set(raw.columns.map((c) => c.name));
      const missing = sp.requiredColumns.filter((c) => !have.has(c));
      if (missing.length) throw new MissingBatchColumnsError(missing, what);
    }
  }
  const table = outputs[sp.modelInput.node]?.[sp.modelInput.port];
  if (!isTable(table) || !raw) throw new ScoringPipelineError(`The scoring pipeline gave no table at ${sp.modelInput.node}.${sp.modelInput.port}; the model file is damaged. Retrain the model.`);
  if (table.nRows !== raw.nRows) throw new ScoringPipelineError(`The scoring pipeline turned the batch's ${raw.nRows} rows into ${table.nRows}; scoring needs one score per batch row. Retrain with a pipeline whose preparation keeps every row.`);
  return { table, raw, log };
}

/** The sentence for a model whose preparation cannot be replayed (scoring a raw batch). */
export const refusedMessage = (s: RefusedScoringPipeline) => s.refused.reason;


/**
 * The trained models of a run, each with its scoring pipeline attached (`model.scoring`): what the CLI
 * registry, the studio and the browser save. A pipeline that cannot be built is saved as a refusal with
 * the reason. Only a run that never had the upstream outputs (a partial cluster step, `run --only`, whose
 * earlier nodes ran in other steps) saves its models without one: they score batches as they are, as
 * models saved before scoring pipelines do.
 */
export async function withScoringPipelines<T extends { nodeId: string; registration: { model: Model } }>(
  trained: T[],
  args: { doc: PipelineDocument; registry: NodeRegistry; outputs: Record<string, Record<string, unknown>> },
): Promise<T[]> {
  const out: T[] = [];
  for (const t of trained) {
    let scoring: ScoringInfo;
    try {
      scoring = await buildScoringPipeline({ ...args, modelNodeId: t.nodeId, model: t.registration.model });
    } catch (e) {
      if (e instanceof ScoringInputsNotKept) {
        out.push(t);
        continue;
      }
      const node = args.doc.nodes.find((n) => n.id === t.nodeId);
      scoring = { format: SCORING_PIPELINE_FORMAT, pipeline: args.doc.metadata.name, refused: { nodeId: t.nodeId, type: node?.type ?? '', reason: `The scoring pipeline of the model of ${nodeName({ id: t.nodeId, label: node?.label })} could not be built: ${(e as Error).message}` } };
    }
    out.push({ ...t, registration: { ...t.registration, model: { ...t.registration.model, scoring } } });
  }
  return out;
}
