/**
 * The compiler: a pipeline document (any JSON) → every problem it has, the output schemas it can
 * derive without running, and a plan of steps in topological order with a cache key per step.
 * It never throws: whatever the input, the answer is a CompileResult.
 */
import { parsePipeline } from './document-io.ts';
import { type PipelineDocument, type PipelineEdge, type PipelineNode, type PortRef } from './document.ts';
import { problem, type Problem } from './errors.ts';
import { ancestors, findCycles, topologicalOrder, type Link } from './graph.ts';
import { hashValue } from './hash.ts';
import type { AnyNodeDefinition, DatasetRef, PortSpecs, SchemaEnv } from './node-definition.ts';
import { checkParamValue, withDefaults, type ParamSpec, type ParamSpecs, type ParamValues } from './params.ts';
import type { CompileResult, PlanStep } from './plan.ts';
import { canConnect, type PortType } from './ports.ts';
import type { NodeRegistry } from './registry.ts';
import type { ColumnSchema } from './table/table.ts';

export interface CompileOptions {
  /** What schema() calls may ask the host (dataset headers); without it dataset schemas are unknown. */
  env?: SchemaEnv;
  /** Dataset content fingerprints keyed `${ref.source}:${ref.name}`; they enter source steps' cache keys. */
  fingerprints?: Record<string, string>;
  /** "Run to here": plan only these nodes and their ancestors; problems elsewhere do not block the plan. */
  targets?: string[];
}

/** Seed used when the document sets none. */
export const DEFAULT_SEED = 42;

const EMPTY_ENV: SchemaEnv = { datasetSchema: () => undefined };

/** Key under which a dataset's fingerprint is looked up in `options.fingerprints`. */
export function datasetKey(ref: DatasetRef): string {
  return `${ref.source}:${ref.name}`;
}

/** A problem plus the nodes it concerns, so a targeted compile can tell which ones block its plan. */
interface Found {
  p: Problem;
  nodes: string[];
}

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : 'unknown error';
}

function tableColumns(schema: unknown): ColumnSchema[] | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const cols = (schema as { columns?: unknown }).columns;
  if (!Array.isArray(cols)) return undefined;
  return cols.filter(
    (c): c is ColumnSchema => typeof c === 'object' && c !== null && typeof (c as ColumnSchema).name === 'string',
  );
}

function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

export function compile(input: unknown, registry: NodeRegistry, options: CompileOptions = {}): CompileResult {
  try {
    return compileUnsafe(input, registry, options);
  } catch (e) {
    // A bug in the compiler or a definition must not take the canvas or CLI down with it.
    return {
      ok: false,
      problems: [
        problem('CF014', { detail: `Internal error while checking the pipeline: ${errorText(e)}. Please report it.` }, { field: '(document)' }),
      ],
      schemas: {},
    };
  }
}

function compileUnsafe(input: unknown, registry: NodeRegistry, options: CompileOptions): CompileResult {
  const parsed = parsePipeline(input, registry);
  if (!parsed.doc) return { ok: false, problems: parsed.problems, schemas: {} };
  const doc = parsed.doc;
  const found: Found[] = parsed.problems.map((p) => ({ p, nodes: p.nodeId ? [p.nodeId] : [] }));
  const report = (p: Problem, nodes: Array<string | undefined> = [p.nodeId]) =>
    found.push({ p, nodes: nodes.filter((n): n is string => n !== undefined) });
  // Nodes whose params cannot be trusted (newer than supported, failed migration): no checks, no schema.
  const unusable = new Set(parsed.problems.filter((p) => p.nodeId).map((p) => p.nodeId!));

  // Nodes: the first occurrence of an id wins; later duplicates are reported and ignored.
  const byId = new Map<string, { node: PipelineNode; def?: AnyNodeDefinition }>();
  doc.nodes.forEach((node, i) => {
    if (byId.has(node.id)) {
      report(problem('CF010', { id: node.id }, { nodeId: node.id, field: `nodes[${i}].id` }));
      return;
    }
    const def = registry.get(node.type);
    if (!def) report(problem('CF001', { type: node.type }, { nodeId: node.id, field: 'type' }));
    byId.set(node.id, { node, def });
  });
  const ids = [...byId.keys()];

  // Edges: structural links for the graph; valid connections per (node, input port).
  const links: Link[] = [];
  const wired = new Set<string>(); // "node\u0000port" of every input some edge points at
  const connections = new Map<string, Map<string, Array<{ edge: PipelineEdge; index: number }>>>();
  doc.edges.forEach((edge, i) => {
    const from = byId.get(edge.from.node);
    const to = byId.get(edge.to.node);
    if (!from)
      report(problem('CF011', { node: edge.from.node }, { nodeId: to ? edge.to.node : undefined, field: `edges[${i}].from.node` }));
    if (!to)
      report(problem('CF011', { node: edge.to.node }, { nodeId: from ? edge.from.node : undefined, field: `edges[${i}].to.node` }));
    if (!from || !to) return;
    links.push({ from: edge.from.node, to: edge.to.node });
    wired.add(`${edge.to.node}\u0000${edge.to.port}`);
    if (!from.def || !to.def) return; // unknown type already reported
    const out = has(from.def.outputs, edge.from.port) ? from.def.outputs[edge.from.port] : undefined;
    const inp = has(to.def.inputs, edge.to.port) ? to.def.inputs[edge.to.port] : undefined;
    if (!out)
      report(
        problem('CF008', { port: edge.from.port, side: 'output', available: Object.keys(from.def.outputs) }, { nodeId: edge.from.node, field: edge.from.port }),
        [edge.from.node, edge.to.node],
      );
    if (!inp)
      report(
        problem('CF008', { port: edge.to.port, side: 'input', available: Object.keys(to.def.inputs) }, { nodeId: edge.to.node, field: edge.to.port }),
      );
    if (!out || !inp) return;
    if (!canConnect(out.type, inp.type)) {
      report(
        problem('CF003', { from: out.type, to: inp.type, port: edge.to.port }, { nodeId: edge.to.node, field: edge.to.port }),
        [edge.from.node, edge.to.node],
      );
      return;
    }
    let ports = connections.get(edge.to.node);
    if (!ports) connections.set(edge.to.node, (ports = new Map()));
    const list = ports.get(edge.to.port) ?? [];
    if (list.length > 0) report(problem('CF009', { port: edge.to.port }, { nodeId: edge.to.node, field: edge.to.port }));
    list.push({ edge, index: i });
    ports.set(edge.to.port, list);
  });
  /** The edge feeding an input (the first, when several are — already reported). */
  const source = (nodeId: string, port: string): PortRef | undefined => connections.get(nodeId)?.get(port)?.[0]?.edge.from;

  for (const [id, { def }] of byId) {
    if (!def) continue;
    for (const [port, spec] of Object.entries(def.inputs as PortSpecs)) {
      if (!spec.optional && !wired.has(`${id}\u0000${port}`))
        report(problem('CF002', { port }, { nodeId: id, field: port }));
    }
  }

  const { order, blocked } = topologicalOrder(ids, links);
  if (blocked.length > 0) {
    for (const cycle of findCycles(blocked, links)) report(problem('CF004', { cycle }, { nodeId: cycle[0] }), cycle);
  }

  // Params, columns and schemas, upstream first so each node sees its inputs' schemas.
  const env = options.env ?? EMPTY_ENV;
  const schemas: Record<string, Record<string, unknown>> = {};
  const filledParams = new Map<string, Record<string, unknown>>();
  const blockedSet = new Set(blocked);
  for (const id of [...order, ...blocked]) {
    const { node, def } = byId.get(id)!;
    if (!def || unusable.has(id)) continue;
    schemas[id] = {}; // ports stay absent (unknown) unless schema() derives them
    const params = withDefaults(def.params, node.params) as Record<string, unknown>;
    filledParams.set(id, params);
    let bad = false;
    const inputSchemas: Record<string, unknown> = {};
    for (const port of Object.keys(def.inputs)) {
      const src = source(id, port);
      inputSchemas[port] = src ? schemas[src.node]?.[src.port] : undefined;
    }
    for (const [name, spec] of Object.entries(def.params) as Array<[string, ParamSpec]>) {
      const value = params[name];
      const reason = checkParamValue(spec, value);
      const label = spec.label ?? name;
      if (reason) {
        bad = true;
        const absent = !has(node.params, name) || node.params[name] === undefined;
        if (absent || (isEmptyValue(value) && (spec.kind === 'column' || spec.kind === 'string' || reason.startsWith('is required'))))
          report(problem('CF006', { param: label }, { nodeId: id, field: name }));
        else report(problem('CF005', { param: label, reason }, { nodeId: id, field: name }));
        continue;
      }
      if (spec.kind !== 'column' && spec.kind !== 'columns') continue;
      const columns = tableColumns(inputSchemas[spec.from]);
      if (!columns) continue; // upstream schema unknown: checked at run time instead
      const names = spec.kind === 'column' ? (value === '' ? [] : [value as string]) : (value as string[]);
      for (const colName of names) {
        const col = columns.find((c) => c.name === colName);
        if (!col) {
          bad = true;
          report(
            problem('CF007', { param: label, column: colName, available: columns.map((c) => c.name) }, { nodeId: id, field: name }),
          );
        } else if (spec.types && !spec.types.includes(col.type)) {
          bad = true;
          report(
            problem('CF015', { param: label, column: colName, expected: spec.types.join(' or '), actual: col.type }, { nodeId: id, field: name }),
          );
        }
      }
    }
    // schema() sees only valid params and a settled upstream; otherwise its outputs stay unknown.
    if (bad || !def.schema || blockedSet.has(id)) continue;
    try {
      // params passed checkParamValue above, so they have the types the definition declares
      const out: unknown = def.schema({ inputs: inputSchemas, params: params as ParamValues<ParamSpecs>, env });
      const kept: Record<string, unknown> = {};
      if (typeof out === 'object' && out !== null) {
        for (const port of Object.keys(def.outputs)) {
          const s = (out as Record<string, unknown>)[port];
          if (typeof s === 'object' && s !== null) kept[port] = s;
        }
      }
      schemas[id] = kept;
    } catch (e) {
      report(problem('CF014', { detail: errorText(e) }, { nodeId: id }));
    }
  }

  // Which nodes the plan covers.
  let selected: Set<string>;
  if (options.targets && options.targets.length > 0) {
    const known = options.targets.filter((t) => {
      if (byId.has(t)) return true;
      report(problem('CF017', { node: t }, { field: 'targets' }));
      return false;
    });
    selected = new Set([...known, ...ancestors(ids, links, known)]);
  } else {
    selected = new Set(ids);
  }

  // Steps in topological order; cache keys chain through upstream keys.
  const seed = doc.metadata.seed ?? DEFAULT_SEED;
  const keys = new Map<string, string>();
  const steps: PlanStep[] = [];
  for (const id of order) {
    if (!selected.has(id)) continue;
    const { node, def } = byId.get(id)!;
    const params = filledParams.get(id);
    if (!def || !params) continue;
    const inputs: Record<string, PortRef> = {};
    for (const port of Object.keys(def.inputs)) {
      const src = source(id, port);
      if (src) inputs[port] = { node: src.node, port: src.port };
    }
    const outputs: Record<string, PortType> = {};
    for (const [port, spec] of Object.entries(def.outputs as PortSpecs)) outputs[port] = spec.type;
    let datasets: Array<[string, string | null]> = [];
    const capabilities = def.capabilities ?? {};
    if (capabilities.datasets) {
      try {
        datasets = capabilities.datasets(params).map((ref) => {
          const key = datasetKey(ref);
          return [key, options.fingerprints?.[key] ?? null];
        });
      } catch (e) {
        report(problem('CF014', { detail: errorText(e) }, { nodeId: id }));
      }
    }
    const cacheKey = hashValue({
      type: def.type,
      version: def.version,
      params,
      seed,
      inputs: Object.keys(inputs)
        .sort()
        .map((port) => [port, keys.get(inputs[port].node) ?? '?', inputs[port].port]),
      datasets,
    });
    keys.set(id, cacheKey);
    steps.push({
      nodeId: id,
      type: def.type,
      version: def.version,
      ...(node.label !== undefined ? { label: node.label } : {}),
      params,
      inputs,
      outputs,
      cacheKey,
      capabilities,
    });
  }

  const blocking = found.some(
    (f) => f.p.severity === 'error' && (f.nodes.length === 0 || f.nodes.some((n) => selected.has(n))),
  );
  return {
    ok: !blocking,
    problems: found.map((f) => f.p),
    schemas,
    ...(blocking ? {} : { plan: { pipelineName: doc.metadata.name, seed, steps } }),
  };
}

/** Input schemas of one node from a compile result (for the inspector's column pickers). */
export function inputSchemasOf(
  doc: PipelineDocument,
  result: CompileResult,
  nodeId: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of doc.edges) {
    if (e.to.node === nodeId && !(e.to.port in out)) out[e.to.port] = result.schemas[e.from.node]?.[e.from.port];
  }
  return out;
}
