/**
 * The test nodes: one module for every test that needs node types independent of nodes/*.
 *
 * - `testNodes` (and `testRegistry()`): schema-only nodes for compiler, document, connection and canvas
 *   tests. They declare ports, params and schema(); their run() is never called. Some reuse built-in
 *   type names (join, predict) on purpose, so the compiler is tested without nodes/*; that is also why
 *   they never load into a worker beside the built-in nodes.
 * - `nodes`: node types that really run, for runtime tests, loaded into workers with `extraNodeModules`
 *   (this module's URL): they sleep, spin, crash, run out of memory, fail with a NodeError, log, read
 *   datasets, wait for review and fan out kernels (declared by test-parallel, like any node's).
 * - `node`, `edge`, `doc`, `validPipeline`: small builders for pipeline documents.
 * Not part of the product registry.
 */
import type { PipelineDocument, PipelineEdge, PipelineNode } from '../../core/document.ts';
import { NodeError } from '../../core/errors.ts';
import { defineNode, type AnyNodeDefinition } from '../../core/node-definition.ts';
import { param } from '../../core/params.ts';
import { createRegistry } from '../../core/registry.ts';
import type { Table, TableSchema } from '../../core/table/table.ts';
// Used by kernels, which run only in Node workers (runtime tests).
import { threadId } from 'node:worker_threads';

// ---- Schema-only nodes (compiler, document and canvas tests) ----

const notRun = async (): Promise<never> => {
  throw new Error('test node: run is not used in compiler tests');
};

export const PEOPLE_SCHEMA: TableSchema = {
  columns: [
    { name: 'id', type: 'integer', role: 'identifier' },
    { name: 'age', type: 'number' },
    { name: 'gender', type: 'category', role: 'protected' },
    { name: 'notes', type: 'text' },
    { name: 'label', type: 'category', role: 'target' },
  ],
};

/** Reads a file; its schema comes from the env (like a CSV header sniff), or PEOPLE_SCHEMA for "people.csv". */
export const sourceNode = defineNode({
  type: 'source',
  version: 1,
  title: 'Source',
  phase: 'data-understanding',
  category: 'Sources',
  summary: 'test source',
  inputs: {},
  outputs: { table: { type: 'table' } },
  params: { name: param.string({ default: '', required: true }) },
  capabilities: { datasets: (p) => [{ source: 'file', name: String(p.name) }] },
  schema({ params, env }) {
    const known = env.datasetSchema({ source: 'file', name: params.name });
    if (known) return { table: known };
    return params.name === 'people.csv' ? { table: PEOPLE_SCHEMA } : {};
  },
  run: notRun,
});

export const filterNode = defineNode({
  type: 'filter',
  version: 1,
  title: 'Filter',
  phase: 'data-preparation',
  category: 'Transform',
  summary: 'test filter',
  inputs: { table: { type: 'table' } },
  outputs: { table: { type: 'table' } },
  params: {
    column: param.column({ from: 'table', types: ['number', 'integer'] }),
    threshold: param.number({ default: 0, min: -1000, max: 1000 }),
    op: param.enum({ options: ['gt', 'lt'], default: 'gt' }),
  },
  schema: ({ inputs }) => (inputs.table ? { table: inputs.table } : {}),
  run: notRun,
});

export const selectNode = defineNode({
  type: 'select',
  version: 1,
  title: 'Select',
  phase: 'data-preparation',
  category: 'Transform',
  summary: 'test select',
  inputs: { table: { type: 'table' } },
  outputs: { table: { type: 'table' } },
  params: { columns: param.columns({ from: 'table', minItems: 1 }) },
  schema({ inputs, params }) {
    if (!inputs.table) return {};
    return { table: { columns: inputs.table.columns.filter((c) => params.columns.includes(c.name)) } };
  },
  run: notRun,
});

export const joinNode = defineNode({
  type: 'join',
  version: 1,
  title: 'Join',
  phase: 'data-preparation',
  category: 'Transform',
  summary: 'test join',
  inputs: { left: { type: 'table' }, right: { type: 'table', optional: true } },
  outputs: { table: { type: 'table' } },
  params: { key: param.column({ from: 'left', optional: true }) },
  schema({ inputs }) {
    if (!inputs.left) return {};
    const right = inputs.right?.columns.filter((c) => !inputs.left!.columns.some((l) => l.name === c.name)) ?? [];
    return { table: { columns: [...inputs.left.columns, ...right] } };
  },
  run: notRun,
});

/** Version 3: v1 called C "reg"; v2 had solver "newton" which v3 renamed "lbfgs". */
export const trainNode = defineNode({
  type: 'train',
  version: 3,
  title: 'Train',
  phase: 'modeling',
  category: 'Models',
  summary: 'test trainer',
  aliases: ['train-logreg'],
  inputs: { train: { type: 'table' } },
  outputs: { model: { type: 'model' } },
  params: {
    target: param.column({ from: 'train', types: ['category', 'boolean', 'integer'] }),
    C: param.number({ default: 1, min: 0, exclusiveMin: true }),
    solver: param.enum({ options: ['lbfgs', 'sgd'], default: 'lbfgs' }),
  },
  migrations: [
    {
      from: 1,
      migrate: ({ reg, ...rest }) => (reg === undefined ? rest : { ...rest, C: reg }),
    },
    {
      from: 2,
      migrate: (p) => {
        if (p.solver === 'explode') throw new Error('solver "explode" has no equivalent');
        return p.solver === 'newton' ? { ...p, solver: 'lbfgs' } : p;
      },
    },
  ],
  schema: ({ params }) => ({ model: { kind: 'test', features: [], target: params.target } }),
  run: notRun,
});

export const predictNode = defineNode({
  type: 'predict',
  version: 1,
  title: 'Predict',
  phase: 'modeling',
  category: 'Models',
  summary: 'test predict',
  inputs: { model: { type: 'model' }, table: { type: 'table' } },
  outputs: { predictions: { type: 'predictions' } },
  params: {},
  schema({ inputs }) {
    if (!inputs.table) return {};
    return {
      predictions: {
        columns: [...inputs.table.columns, { name: 'score', type: 'number', role: 'score' }],
      },
    };
  },
  run: notRun,
});

export const evaluateNode = defineNode({
  type: 'evaluate',
  version: 1,
  title: 'Evaluate',
  phase: 'evaluation',
  category: 'Evaluation',
  summary: 'test evaluate',
  inputs: { predictions: { type: 'predictions' } },
  outputs: { metrics: { type: 'metrics' } },
  params: { threshold: param.number({ default: 0.5, min: 0, max: 1 }) },
  run: notRun,
});

/** Its schema() refuses the config, like a node whose settings contradict each other. */
export const pickyNode = defineNode({
  type: 'picky',
  version: 1,
  title: 'Picky',
  phase: 'data-preparation',
  category: 'Transform',
  summary: 'test schema error',
  inputs: { table: { type: 'table' } },
  outputs: { table: { type: 'table' } },
  params: { mode: param.enum({ options: ['ok', 'fail'], default: 'ok' }) },
  schema({ inputs, params }) {
    if (params.mode === 'fail') throw new Error('Mode "fail" cannot work on this table. Choose "ok".');
    return inputs.table ? { table: inputs.table } : {};
  },
  run: notRun,
});

/** No schema(): its outputs are unknown until run, so downstream column checks are skipped. */
export const opaqueNode = defineNode({
  type: 'opaque',
  version: 1,
  title: 'Opaque',
  phase: 'data-preparation',
  category: 'Transform',
  summary: 'test no schema',
  inputs: { table: { type: 'table' } },
  outputs: { table: { type: 'table' } },
  params: {},
  run: notRun,
});

export const testNodes: AnyNodeDefinition[] = [
  sourceNode,
  filterNode,
  selectNode,
  joinNode,
  trainNode,
  predictNode,
  evaluateNode,
  pickyNode,
  opaqueNode,
];

/** The schema-only test nodes as a registry. */
export function testRegistry() {
  return createRegistry(testNodes);
}

export function node(id: string, type: string, params: Record<string, unknown> = {}, version = 1): PipelineNode {
  return { id, type, version, params, position: { x: 0, y: 0 } };
}

/** "a.table" → "b.table" */
export function edge(from: string, to: string): PipelineEdge {
  const [fn, fp] = from.split('.');
  const [tn, tp] = to.split('.');
  return { from: { node: fn, port: fp }, to: { node: tn, port: tp } };
}

export function doc(nodes: PipelineNode[], edges: PipelineEdge[], seed?: number): PipelineDocument {
  return { schemaVersion: 1, metadata: { name: 'test', ...(seed !== undefined ? { seed } : {}) }, nodes, edges };
}

/** source → split-like filter → train → predict → evaluate, all valid. */
export function validPipeline(): PipelineDocument {
  return doc(
    [
      node('source', 'source', { name: 'people.csv' }),
      node('adults', 'filter', { column: 'age', threshold: 18 }),
      node('train', 'train', { target: 'label', C: 0.5 }, 3),
      node('predict', 'predict'),
      node('evaluate', 'evaluate'),
    ],
    [
      edge('source.table', 'adults.table'),
      edge('adults.table', 'train.train'),
      edge('train.model', 'predict.model'),
      edge('adults.table', 'predict.table'),
      edge('predict.predictions', 'evaluate.predictions'),
    ],
  );
}

// ---- Nodes that run (runtime tests, loaded into workers) ----

const now = () => performance.timeOrigin + performance.now();

/** A table of `rows` rows: x = start + i, a category and a text column. */
export const testSource = defineNode({
  type: 'test-source',
  version: 1,
  title: 'Test source',
  phase: 'data-understanding',
  category: 'Test',
  summary: 'Makes a small table.',
  inputs: {},
  outputs: { table: { type: 'table' } },
  params: {
    rows: param.integer({ default: 5, min: 0 }),
    start: param.number({ default: 0 }),
  },
  async run({ params }) {
    const n = params.rows;
    const x = new Float64Array(n);
    const codes = new Int32Array(n);
    const text: Array<string | null> = [];
    for (let i = 0; i < n; i++) {
      x[i] = params.start + i;
      codes[i] = i % 2;
      text.push(i % 3 === 0 ? null : `row ${i}`);
    }
    const table: Table = {
      nRows: n,
      columns: [
        { name: 'x', type: 'number', values: x },
        { name: 'g', type: 'category', codes, categories: ['a', 'b'] },
        { name: 't', type: 'text', values: text },
      ],
    };
    return { table };
  },
});

/** Adds `add` to column x; optionally sleeps first (async, cancellable) and records when it ran. */
export const testAdd = defineNode({
  type: 'test-add',
  version: 1,
  title: 'Test add',
  phase: 'data-preparation',
  category: 'Test',
  summary: 'Adds a constant to column x.',
  inputs: { table: { type: 'table' } },
  outputs: { table: { type: 'table' }, timing: { type: 'report' } },
  params: {
    add: param.number({ default: 1 }),
    sleepMs: param.integer({ default: 0, min: 0 }),
  },
  async run({ inputs, params, ctx }) {
    const startedAt = now();
    const until = Date.now() + params.sleepMs;
    while (Date.now() < until) {
      ctx.progress(1 - (until - Date.now()) / Math.max(1, params.sleepMs), 'sleeping');
      await new Promise((r) => setTimeout(r, 5));
      await ctx.checkpoint();
    }
    const src = inputs.table.columns.find((c) => c.name === 'x');
    if (!src || src.type === 'category' || src.type === 'text') throw new NodeError('Column "x" is missing.', { column: 'x' });
    const values = new Float64Array(src.values.length);
    for (let i = 0; i < values.length; i++) values[i] = src.values[i] + params.add;
    const table: Table = { ...inputs.table, columns: [...inputs.table.columns.filter((c) => c.name !== 'x'), { name: 'x', type: 'number', values }] };
    return { table, timing: { kind: 'timing', data: { startedAt, endedAt: now() } } };
  },
});

/** Joins two tables' x columns by summing them (a node with two parents). */
export const testSum = defineNode({
  type: 'test-sum',
  version: 1,
  title: 'Test sum',
  phase: 'data-preparation',
  category: 'Test',
  summary: 'Sums x of two tables.',
  inputs: { a: { type: 'table' }, b: { type: 'table' } },
  outputs: { table: { type: 'table' } },
  params: {},
  async run({ inputs }) {
    const xa = inputs.a.columns.find((c) => c.name === 'x') as { values: Float64Array };
    const xb = inputs.b.columns.find((c) => c.name === 'x') as { values: Float64Array };
    const values = new Float64Array(Math.min(xa.values.length, xb.values.length));
    for (let i = 0; i < values.length; i++) values[i] = xa.values[i] + xb.values[i];
    return { table: { nRows: values.length, columns: [{ name: 'x', type: 'number', values }] } };
  },
});

/** A synchronous loop that never yields: only terminating its worker stops it. */
export const testSpin = defineNode({
  type: 'test-spin',
  version: 1,
  title: 'Test spin',
  phase: 'modeling',
  category: 'Test',
  summary: 'Busy-loops without yielding.',
  inputs: { table: { type: 'table', optional: true } },
  outputs: { table: { type: 'table' } },
  params: { ms: param.integer({ default: 60_000, min: 0 }) },
  async run({ params, ctx }) {
    ctx.progress(0.5, 'spinning');
    const until = Date.now() + params.ms;
    let x = 0;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    return { table: { nRows: 1, columns: [{ name: 'x', type: 'number', values: new Float64Array([x]) }] } };
  },
});

/** Fails in the way `mode` says. */
export const testFail = defineNode({
  type: 'test-fail',
  version: 1,
  title: 'Test fail',
  phase: 'modeling',
  category: 'Test',
  summary: 'Fails on purpose.',
  inputs: { table: { type: 'table', optional: true } },
  outputs: { table: { type: 'table' } },
  params: {
    mode: param.enum({ options: ['node-error', 'error', 'uncaught', 'exit', 'oom'], default: 'node-error' }),
  },
  async run({ params }) {
    switch (params.mode) {
      case 'node-error':
        throw new NodeError('Row 7 of column "age" is missing. Add an Impute node before this one.', { row: 7, column: 'age' });
      case 'error':
        throw new TypeError('something broke');
      case 'uncaught':
        // Thrown outside run()'s promise: the worker itself dies.
        setTimeout(() => {
          throw new Error('boom outside the promise');
        }, 0);
        return new Promise<never>(() => {});
      case 'exit':
        process.exit(3);
        return new Promise<never>(() => {});
      case 'oom': {
        const keep: unknown[] = [];
        // JS heap (not typed arrays, whose memory lies outside the V8 heap limit): 8 MB per array.
        for (;;) keep.push(Array.from({ length: 1_000_000 }, (_, i) => i + 0.5));
      }
    }
  },
});

/** Numbers the shared-data objects a worker has seen, to count how many copies reached the workers. */
const sharedCopyIds = new WeakMap<object, number>();
let sharedCopyCount = 0;

/** Sums `chunks` slices of 0..n-1 with the 'sum-array' kernel through ctx.parallel. */
export const testParallel = defineNode({
  type: 'test-parallel',
  version: 1,
  title: 'Test parallel',
  phase: 'modeling',
  category: 'Test',
  summary: 'Fans out kernel tasks.',
  kernels: {
    /** Sum of a numeric array. */
    'sum-array': (task: { values: ArrayLike<number> }) => {
      let s = 0;
      for (let i = 0; i < task.values.length; i++) s += task.values[i];
      return s;
    },
    // Sums shared.values[from, to); `copy` tells which received copy of the shared data it read.
    'test-sum-shared': (task: { from: number; to: number }, shared: { values: Float64Array }) => {
      let copy = sharedCopyIds.get(shared);
      if (copy === undefined) sharedCopyIds.set(shared, (copy = threadId * 1000 + ++sharedCopyCount));
      let sum = 0;
      for (let i = task.from; i < task.to; i++) sum += shared.values[i];
      const until = Date.now() + 20; // a little work, so tasks spread over workers
      while (Date.now() < until) {
        /* busy */
      }
      return { sum, copy, sharedMemory: shared.values.buffer instanceof SharedArrayBuffer };
    },
    // Which worker ran the task, after a little work so tasks spread over workers.
    'test-thread-id': () => {
      const until = Date.now() + 20;
      while (Date.now() < until) {
        /* busy */
      }
      return threadId;
    },
    'test-throw': () => {
      throw new Error('kernel failed');
    },
  },
  inputs: {},
  outputs: { metrics: { type: 'metrics' } },
  params: {
    n: param.integer({ default: 1000, min: 1 }),
    chunks: param.integer({ default: 8, min: 1 }),
    kernel: param.string({ default: 'sum-array' }),
  },
  async run({ params, ctx }) {
    const all = new Float64Array(params.n);
    for (let i = 0; i < params.n; i++) all[i] = i;
    const size = Math.ceil(params.n / params.chunks);
    const tasks = Array.from({ length: params.chunks }, (_, c) => ({ values: all.subarray(c * size, (c + 1) * size) }));
    const parts = await ctx.parallel<{ values: Float64Array }, number>(params.kernel, tasks);
    const pids = await ctx.parallel<null, number>('test-thread-id', Array.from({ length: params.chunks }, () => null));
    // The same sums with the array as shared data: each task is just a range.
    const ranges = Array.from({ length: params.chunks }, (_, c) => ({ from: c * size, to: Math.min(params.n, (c + 1) * size) }));
    const viaShared = await ctx.parallel<{ from: number; to: number }, { sum: number; copy: number; sharedMemory: boolean }, { values: Float64Array }>(
      'test-sum-shared',
      ranges,
      { values: all },
    );
    return {
      metrics: {
        kind: 'other',
        values: {
          total: parts.reduce((a, b) => a + b, 0),
          parts: parts.length,
          threads: new Set(pids).size,
          stillHere: all[params.n - 1],
          sharedTotal: viaShared.reduce((a, r) => a + r.sum, 0),
          sharedCopies: new Set(viaShared.map((r) => r.copy)).size,
          // 1 when every task read the shared data in shared memory (one copy for all threads).
          sharedMemory: viaShared.every((r) => r.sharedMemory) ? 1 : 0,
        },
      },
    };
  },
});

/** Reads a dataset through the host and reports its size and fingerprint. */
export const testDataset = defineNode({
  type: 'test-dataset',
  version: 1,
  title: 'Test dataset',
  phase: 'data-understanding',
  category: 'Test',
  summary: 'Reads a dataset.',
  inputs: {},
  outputs: { report: { type: 'report' } },
  params: { name: param.string({ default: 'data.csv' }) },
  capabilities: { datasets: (p) => [{ source: 'file', name: String(p.name) }] },
  async run({ params, ctx }) {
    const d = await ctx.readDataset({ source: 'file', name: params.name });
    return { report: { kind: 'dataset-info', title: d.name, data: { bytes: d.bytes.length, fingerprint: d.fingerprint, first: d.bytes[0] } } };
  },
});

/** A large table (numeric columns + one category) for transfer benchmarks; notes when it was handed over. */
export const testBigTable = defineNode({
  type: 'test-big-table',
  version: 1,
  title: 'Test big table',
  phase: 'data-understanding',
  category: 'Test',
  summary: 'Makes a large table.',
  inputs: {},
  outputs: { table: { type: 'table' }, timing: { type: 'report' } },
  params: { rows: param.integer({ default: 1_000_000, min: 1 }), numeric: param.integer({ default: 5, min: 0 }) },
  async run({ params, ctx }) {
    const n = params.rows;
    const table: Table = { nRows: n, columns: [] };
    for (let c = 0; c < params.numeric; c++) {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = ctx.rng.next();
      table.columns.push({ name: `x${c}`, type: 'number', values });
    }
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = i % 4;
    table.columns.push({ name: 'dept', type: 'category', codes, categories: ['Sales', 'R&D', 'HR', 'Ops'] });
    // Packing and the move to the host happen after this point.
    return { table, timing: { kind: 'timing', data: { sentAt: now() } } };
  },
});

/** Receives a table and notes when it arrived (host → worker benchmarks). */
export const testTableInfo = defineNode({
  type: 'test-table-info',
  version: 1,
  title: 'Test table info',
  phase: 'data-understanding',
  category: 'Test',
  summary: 'Reports table size and arrival time.',
  inputs: { table: { type: 'table' } },
  outputs: { timing: { type: 'report' } },
  params: {},
  async run({ inputs }) {
    return { timing: { kind: 'timing', data: { receivedAt: now(), rows: inputs.table.nRows } } };
  },
});

/**
 * A human-review stand-in: without decisions it suspends with one item per row (x values); with
 * decisions `{ keep: number[] }` it outputs the rows whose x is kept.
 */
export const testReview = defineNode({
  type: 'test-review',
  version: 1,
  title: 'Test review',
  phase: 'deployment',
  category: 'Test',
  summary: 'Waits for decisions.',
  capabilities: { suspends: true },
  inputs: { table: { type: 'table' } },
  outputs: { table: { type: 'table' } },
  params: {},
  async run({ inputs, ctx }) {
    const x = (inputs.table.columns.find((c) => c.name === 'x') as { values: Float64Array }).values;
    const decisions = ctx.decisions as { keep: number[] } | undefined;
    if (!decisions) return ctx.suspend({ items: Array.from(x, (v) => ({ itemId: String(v) })) });
    const keep = new Set(decisions.keep);
    const values = Float64Array.from(Array.from(x).filter((v) => keep.has(v)));
    return { table: { nRows: values.length, columns: [{ name: 'x', type: 'number', values }] } as Table };
  },
});

/** Logs `lines` numbered messages (every other one a warning) and returns at once: the log-delivery race. */
export const testLog = defineNode({
  type: 'test-log',
  version: 1,
  title: 'Test log',
  phase: 'data-preparation',
  category: 'Test',
  summary: 'Logs many lines.',
  inputs: {},
  outputs: { table: { type: 'table' } },
  params: { lines: param.integer({ default: 50, min: 0 }) },
  async run({ params, ctx }) {
    for (let i = 0; i < params.lines; i++) ctx.log(`line ${i + 1} of ${params.lines}`, i % 2 ? 'warn' : 'info');
    return { table: { nRows: 0, columns: [] } as Table };
  },
});

export const nodes: AnyNodeDefinition[] = [
  testLog,
  testReview,
  testSource,
  testAdd,
  testSum,
  testSpin,
  testFail,
  testParallel,
  testDataset,
  testBigTable,
  testTableInfo,
];
