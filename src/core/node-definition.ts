import type { ParamSpecs, ParamValues } from './params.ts';
import type { Model, PortSchema, PortType, PortValue } from './ports.ts';
import type { Rng } from './rng.ts';
import type { Table, TableSchema } from './table/table.ts';

/** CRISP-DM phases: every node is tagged with one (palette groups, lessons, colours). */
export type CrispPhase =
  | 'business-understanding'
  | 'data-understanding'
  | 'data-preparation'
  | 'modeling'
  | 'evaluation'
  | 'deployment';

export const CRISP_PHASES: readonly CrispPhase[] = [
  'business-understanding',
  'data-understanding',
  'data-preparation',
  'modeling',
  'evaluation',
  'deployment',
];

export interface PortSpec {
  type: PortType;
  label?: string;
  help?: string;
  /** Inputs only: the node runs without it. */
  optional?: boolean;
}
export type PortSpecs = Record<string, PortSpec>;

type InputValue<S extends PortSpec> = S['optional'] extends true
  ? PortValue<S['type']> | undefined
  : PortValue<S['type']>;
export type InputValues<I extends PortSpecs> = { [K in keyof I]: InputValue<I[K]> };
export type OutputValues<O extends PortSpecs> = { [K in keyof O]: PortValue<O[K]['type']> };
/** Schemas known before running; undefined where they cannot be known (e.g. an unconnected input). */
export type InputSchemas<I extends PortSpecs> = { [K in keyof I]: PortSchema<I[K]['type']> | undefined };
export type OutputSchemas<O extends PortSpecs> = { [K in keyof O]?: PortSchema<O[K]['type']> };

/** A reference to a dataset: a built-in sample, an uploaded file (IndexedDB id) or a file name the CLI resolves. */
export interface DatasetRef {
  source: 'sample' | 'upload' | 'file';
  name: string;
}

export interface DatasetBytes {
  name: string;
  /** The whole file. Where `source` is given, read on first use only: importers read `source` instead. */
  bytes: Uint8Array;
  /** Content hash; part of the cache key of source steps. */
  fingerprint: string;
  /**
   * The same bytes as a stream that can be opened more than once (io/byte-source.ts), where the host reads
   * files in place (the CLI): an import reads it chunk by chunk and never holds the file whole.
   */
  source?: { size?: number; open(): AsyncIterable<Uint8Array> };
  /** The file the bytes are in, on this machine (the CLI): a worker thread opens it itself (see `source`). */
  file?: { path: string; size: number };
}

/** What the host offers to schema() calls: known dataset schemas (from headers or the upload store). */
export interface SchemaEnv {
  datasetSchema(ref: DatasetRef): TableSchema | undefined;
}

/** How the host finds datasets (CLI: --data dir, pipeline dir, samples; browser: IndexedDB, /samples). */
export interface DatasetProvider {
  read(ref: DatasetRef): Promise<DatasetBytes>;
  /** A content fingerprint (cheap when possible); undefined when the dataset cannot be found. */
  fingerprint(ref: DatasetRef): Promise<string | undefined>;
  /** The schema if known without a full parse (header sniff, stored upload metadata). */
  schema?(ref: DatasetRef): Promise<TableSchema | undefined>;
}

export interface NodeContext {
  nodeId: string;
  /** Report progress 0..1 with an optional short note; cheap to call often (throttled by the runtime). */
  progress(fraction: number, note?: string): void;
  /** Aborted when the user stops the run. Long loops call `checkpoint()` which throws when aborted. */
  signal: AbortSignal;
  log(message: string, level?: 'info' | 'warn'): void;
  /** Seeded from the pipeline seed and the node id. */
  rng: Rng;
  seed: number;
  /** Yields to the event loop (so cancel messages arrive) and throws an AbortError when aborted. */
  checkpoint(): Promise<void>;
  /** Bytes of a dataset, resolved by the host (IndexedDB, public samples, --data dir). */
  readDataset(ref: DatasetRef): Promise<DatasetBytes>;
  /**
   * Runs a parallel kernel over `tasks`, spreading them across idle workers. The kernel is found by
   * name among the `kernels` the registry's node definitions declare. Where no worker pool exists (a
   * bare context: unit tests, scripts) the runtime runs the tasks in this thread, one after another,
   * and says so in the node's log; nodes never need a fallback of their own.
   * `shared` (e.g. the training matrix every task reads) goes to each worker once, not with every
   * task, and reaches the kernel as its second argument: tasks can then be small and many.
   */
  parallel<T, R, S = undefined>(kernel: string, tasks: T[], shared?: S): Promise<R[]>;
  /**
   * A workspace secret the node declared in `capabilities.secrets` (e.g. "pseudonym-key"), from the
   * host's secret store (CLI: an owner-only key file; browser: IndexedDB). Never put it in outputs,
   * logs or params.
   */
  secret(name: string): Promise<Uint8Array>;
  /**
   * Human review (capability `suspends`): the people's decisions for this node when a waiting run is
   * resumed; undefined on the first pass.
   */
  decisions?: unknown;
  /**
   * Human review: stop here and hand `request` (plain JSON: the items to review) to people. Throws;
   * the step ends with status 'waiting' and its descendants stay pending until the run is resumed
   * with decisions for this node.
   */
  suspend(request: unknown): never;
}

export interface NodeCapabilities {
  /** Reads datasets: their fingerprints enter the step's cache key, and the host can offer their schemas. */
  datasets?: (params: Record<string, unknown>) => DatasetRef[];
  /** Stops the run until people decide (human review). */
  suspends?: boolean;
  /** Never cached (e.g. exports with side effects). */
  uncacheable?: boolean;
  /**
   * Workspace secrets the node reads through `ctx.secret(name)` (e.g. ["pseudonym-key"]). The host
   * supplies them from its secret store; a secret's fingerprint enters the step's cache key, so a new
   * key re-runs the node. Undeclared names are refused.
   */
  secrets?: string[];
}

/** Where a host keeps workspace secrets (keys), by name. */
export interface SecretStore {
  read(name: string): Promise<Uint8Array>;
}

/**
 * A parallel kernel: a pure function `ctx.parallel` runs in some worker of the pool (possibly the
 * caller's own). It may depend only on its task and the job's shared data (typed arrays are fine) and
 * must return plain data (or a promise of it). Declared by a node in its definition's `kernels`.
 */
export type ParallelKernel = (task: never, shared: never) => unknown;

/**
 * How models of one kind turn a featurised matrix into scores (the probability of the positive class),
 * declared by the node that trains them in its definition's `scorers`, keyed by `model.kind`. The
 * features argument is src/ml's FeatureMatrix (typed `never` here so src/core stays free of src/ml).
 * Scorers are pure and synchronous so explainers can call them often.
 */
export interface ModelScorer {
  score: (model: Model, features: never) => Float64Array;
  /** The scorer handles missing values natively (NaN features, all-zero indicators of a missing category). */
  acceptsMissing?: boolean;
}

/**
 * What a fitted node learned from its training rows, and how to re-apply it to new rows (the
 * fit/transform split that scoring pipelines use, src/monitoring/scoring-pipeline.ts).
 */
export interface FittedReplay<P = Record<string, unknown>> {
  /**
   * From the finished run's inputs and outputs of the node: the fitted state (plain data, typed arrays
   * allowed; it is saved with the model) and the input columns it applies to (a batch must have them).
   */
  fit(args: { inputs: Record<string, unknown>; outputs: Record<string, unknown>; params: P }): { state: unknown; reads: string[] };
  /** Re-applies the state to new rows: the same output table the run gives, row for row, in order. */
  apply(args: { table: Table; state: unknown; params: P }): Table | Promise<Table>;
}

/**
 * How a node is replayed when a model trained downstream of it scores a raw batch. A node without a
 * declaration cannot be replayed (human review, joins of other data…): scoring through it is refused,
 * naming the node.
 *  - `rerun`: the output depends only on the input rows and the params (row by row, no statistics of the
 *    training data): the node's own run is run again on the batch. Source nodes (capability `datasets`)
 *    are re-run on the batch's bytes.
 *  - `pass-through`: the node only chooses or weights the rows a model trains on (a split, reweighing);
 *    scoring passes every row of `input` to each of its table outputs unchanged.
 *  - `fitted`: the node learns from its training rows (centres, means, levels, fill values): `load` gives
 *    its fit/apply pair (loaded on demand, so the code stays out of the start-up bundle); `input` and
 *    `output` name the table ports.
 */
export type NodeReplay<P = Record<string, unknown>> =
  | { kind: 'rerun' }
  | { kind: 'pass-through'; input: string }
  | { kind: 'fitted'; input: string; output: string; load(): Promise<FittedReplay<P>> };

/** Where a definition came from when it is not built in: the node package that brought it. */
export interface NodeOrigin {
  /** The package's name (package.json "name", or the folder name). */
  package: string;
  version?: string;
}

export interface ParamMigration {
  /** Migrates params saved by version `from` to version `from + 1`. */
  from: number;
  migrate(params: Record<string, unknown>): Record<string, unknown>;
}

export interface NodeDefinition<
  I extends PortSpecs = PortSpecs,
  O extends PortSpecs = PortSpecs,
  P extends ParamSpecs = ParamSpecs,
> {
  type: string;
  version: number;
  title: string;
  phase: CrispPhase;
  /** Palette sub-group, e.g. 'Sources', 'Transform', 'Models', 'Fairness'. */
  category: string;
  /** One line, shown in the palette. */
  summary: string;
  /** Old type names that load as this node. */
  aliases?: string[];
  inputs: I;
  outputs: O;
  params: P;
  migrations?: ParamMigration[];
  capabilities?: NodeCapabilities;
  /** In-app help (the node's README.md), attached when the registry is built. */
  help?: string;
  /**
   * Parallel kernels this node fans out with `ctx.parallel(name, tasks)`, by name. Names are global
   * to a registry: prefix them with the node type. Workers find them through their registry.
   */
  kernels?: Record<string, ParallelKernel>;
  /** For model nodes: how each model kind this node trains is scored, keyed by `model.kind`. */
  scorers?: Record<string, ModelScorer>;
  /** How the node is re-applied to a raw batch when a downstream model scores it (see NodeReplay). */
  replay?: NodeReplay<ParamValues<P>>;
  /** Set by the node-package loader for extension nodes; undefined for built-in ones. */
  origin?: NodeOrigin;
  /**
   * Output schemas derived without running, so the inspector offers column pickers and the compiler
   * checks columns before a run. Throw an Error with a user-facing sentence for a config problem.
   */
  schema?(args: { inputs: InputSchemas<I>; params: ParamValues<P>; env: SchemaEnv }): OutputSchemas<O>;
  run(args: { inputs: InputValues<I>; params: ParamValues<P>; ctx: NodeContext }): Promise<OutputValues<O>>;
}

/** What a definition's `run` receives. */
export interface RunArgsOf<I extends PortSpecs, P extends ParamSpecs> {
  inputs: InputValues<I>;
  params: ParamValues<P>;
  ctx: NodeContext;
}

/** A definition without its run code: ports, params, schema, help; all the designer's main thread needs. */
export type NodeDescription<
  I extends PortSpecs = PortSpecs,
  O extends PortSpecs = PortSpecs,
  P extends ParamSpecs = ParamSpecs,
> = Omit<NodeDefinition<I, O, P>, 'run'>;

/** The argument and result of `run` for a description or definition, to type run code kept in its own module. */
export type RunArgs<D> = D extends NodeDescription<infer I, infer _O, infer P> ? RunArgsOf<I, P> : never;
export type RunOutputs<D> = D extends NodeDescription<infer _I, infer O, infer _P> ? OutputValues<O> : never;

/** A module holding a node's run code (`run.ts`), loaded by `withLazyRun`. */
export interface RunModule<I extends PortSpecs, O extends PortSpecs, P extends ParamSpecs> {
  run(args: RunArgsOf<I, P>): Promise<OutputValues<O>>;
}

/**
 * Identity helper like `defineNode`, for a node whose run code lives in a module of its own: it infers
 * port and param types for `schema`, and `RunArgs<typeof description>` types the run module.
 */
export function describeNode<const I extends PortSpecs, const O extends PortSpecs, const P extends ParamSpecs>(
  description: NodeDescription<I, O, P>,
): NodeDescription<I, O, P> {
  return description;
}

/**
 * A definition whose `run` loads its code on first call: `withLazyRun(description, () => import('./run.ts'))`.
 * Bundlers split the run module (and the ML kernels it imports) into a chunk of its own, so the
 * designer's main thread, which builds its registry for the palette, inspector and compiler but never
 * runs a node, does not download them. Callers see an ordinary `run`.
 */
export function withLazyRun<I extends PortSpecs, O extends PortSpecs, P extends ParamSpecs>(
  description: NodeDescription<I, O, P>,
  load: () => Promise<RunModule<I, O, P>>,
): NodeDefinition<I, O, P> {
  return { ...description, run: async (args) => (await load()).run(args) };
}

/** Type-erased definition, as stored in a registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyNodeDefinition = NodeDefinition<any, any, any>;

/** Identity helper that infers port and param types for `run` and `schema` (no casts in nodes). */
export function defineNode<const I extends PortSpecs, const O extends PortSpecs, const P extends ParamSpecs>(
  def: NodeDefinition<I, O, P>,
): NodeDefinition<I, O, P> {
  return def;
}
