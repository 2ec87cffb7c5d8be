/**
 * Compiler, second pass: each node's parameters, upstream first so each node sees its inputs' schemas.
 * Values are checked against their specs, column names against the input schema when it is known,
 * dataset names against the data folders' rules; keys no parameter has are warned about. Nodes whose
 * parameters pass get their output schemas from the definition's schema().
 */
import { datasetNameProblem } from './dataset-refs.ts';
import { closestName } from './closest-name.ts';
import { problem } from './errors.ts';
import type { AnyNodeDefinition, SchemaEnv } from './node-definition.ts';
import { checkParamValue, isParamVisible, withDefaults, type ParamSpec, type ParamSpecs, type ParamValues } from './params.ts';
import type { ColumnSchema } from './table/table.ts';
import type { PipelineGraph } from './compile-graph.ts';
import { errorText, type Report } from './compile-problems.ts';
import type { PipelineNode } from './document.ts';

export interface CheckedNodes {
  /** Node id → output port → schema, as far as schema() could derive it (user keys: no prototype). */
  schemas: Record<string, Record<string, unknown>>;
  /** Node id → params with defaults filled in, for every node with a known, usable definition. */
  params: Map<string, Record<string, unknown>>;
}

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

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

/** Keys the definition does not have: ignored at run time, so a typo would silently use the default. */
function warnUnknownKeys(id: string, node: PipelineNode, def: AnyNodeDefinition, report: Report): void {
  const known = Object.keys(def.params);
  for (const key of Object.keys(node.params)) {
    if (has(def.params, key) || node.params[key] === undefined) continue;
    report(
      problem('CF018', { param: key, type: def.type, suggestion: closestName(key, known), known }, { nodeId: id, field: key, severity: 'warning' }),
    );
  }
}

/** Checks every param's value and named columns; true when all are fine. */
function checkParams(
  id: string,
  node: PipelineNode,
  def: AnyNodeDefinition,
  params: Record<string, unknown>,
  inputSchemas: Record<string, unknown>,
  report: Report,
): boolean {
  let ok = true;
  for (const [name, spec] of Object.entries(def.params) as Array<[string, ParamSpec]>) {
    const value = params[name];
    const hidden = !isParamVisible(spec, params);
    const reason = checkParamValue(spec, value, { hidden });
    const label = spec.label ?? name;
    if (reason) {
      ok = false;
      const absent = !has(node.params, name) || node.params[name] === undefined;
      if (absent || (isEmptyValue(value) && (spec.kind === 'column' || spec.kind === 'string' || reason.startsWith('is required'))))
        report(problem('CF006', { param: label }, { nodeId: id, field: name }));
      else report(problem('CF005', { param: label, reason }, { nodeId: id, field: name }));
      continue;
    }
    // A hidden column param is not used by the run, so its columns need not exist.
    if (hidden || (spec.kind !== 'column' && spec.kind !== 'columns')) continue;
    const columns = tableColumns(inputSchemas[spec.from]);
    if (!columns) continue; // upstream schema unknown: checked at run time instead
    const names = spec.kind === 'column' ? (value === '' ? [] : [value as string]) : (value as string[]);
    for (const colName of names) {
      const col = columns.find((c) => c.name === colName);
      if (!col) {
        ok = false;
        report(problem('CF007', { param: label, column: colName, available: columns.map((c) => c.name) }, { nodeId: id, field: name }));
      } else if (spec.types && !spec.types.includes(col.type)) {
        ok = false;
        report(
          problem('CF015', { param: label, column: colName, expected: spec.types.join(' or '), actual: col.type }, { nodeId: id, field: name }),
        );
      }
    }
  }
  return ok;
}

/**
 * Dataset names must stay inside the data folders (no "..", absolute paths, backslashes, NUL): refused
 * here so `validate` reports them, not only the run. True when every name is fine. A datasets() that
 * throws is reported when the plan is built.
 */
function checkDatasetNames(id: string, def: AnyNodeDefinition, params: Record<string, unknown>, report: Report): boolean {
  let refs;
  try {
    refs = def.capabilities?.datasets?.(params) ?? [];
  } catch {
    return true;
  }
  let ok = true;
  for (const ref of refs) {
    const reason = typeof ref.name === 'string' ? datasetNameProblem(ref.name) : undefined;
    if (!reason) continue;
    ok = false;
    const param = Object.keys(def.params).find((k) => params[k] === ref.name) ?? 'params';
    report(problem('CF019', { name: ref.name, param, reason }, { nodeId: id, field: param }));
  }
  return ok;
}

/** Output schemas from schema(), keeping only objects under declared output ports. */
function deriveSchemas(
  id: string,
  def: AnyNodeDefinition,
  params: Record<string, unknown>,
  inputSchemas: Record<string, unknown>,
  env: SchemaEnv,
  report: Report,
): Record<string, unknown> {
  const kept: Record<string, unknown> = Object.create(null);
  if (!def.schema) return kept;
  try {
    // params passed checkParamValue, so they have the types the definition declares
    const out: unknown = def.schema({ inputs: inputSchemas, params: params as ParamValues<ParamSpecs>, env });
    if (typeof out === 'object' && out !== null) {
      for (const port of Object.keys(def.outputs)) {
        const s = (out as Record<string, unknown>)[port];
        if (typeof s === 'object' && s !== null) kept[port] = s;
      }
    }
  } catch (e) {
    report(problem('CF014', { detail: errorText(e) }, { nodeId: id }));
  }
  return kept;
}

/**
 * Runs over the graph upstream first. `unusable` nodes (newer than supported, failed migration) get
 * no checks and no schema. schema() sees only valid params and a settled upstream (not a node on or
 * after a cycle); otherwise the node's outputs stay unknown.
 */
export function checkNodes(graph: PipelineGraph, env: SchemaEnv, unusable: ReadonlySet<string>, report: Report): CheckedNodes {
  const schemas: Record<string, Record<string, unknown>> = Object.create(null);
  const filled = new Map<string, Record<string, unknown>>();
  const blocked = new Set(graph.blocked);
  for (const id of [...graph.order, ...graph.blocked]) {
    const { node, def } = graph.byId.get(id)!;
    if (!def || unusable.has(id)) continue;
    schemas[id] = Object.create(null); // ports stay absent (unknown) unless schema() derives them
    const params = withDefaults(def.params, node.params) as Record<string, unknown>;
    filled.set(id, params);
    warnUnknownKeys(id, node, def, report);
    const inputSchemas: Record<string, unknown> = Object.create(null);
    for (const port of Object.keys(def.inputs)) {
      const src = graph.source(id, port);
      inputSchemas[port] = src ? schemas[src.node]?.[src.port] : undefined;
    }
    const paramsOk = checkParams(id, node, def, params, inputSchemas, report);
    const namesOk = paramsOk && checkDatasetNames(id, def, params, report);
    if (paramsOk && namesOk && !blocked.has(id)) schemas[id] = deriveSchemas(id, def, params, inputSchemas, env, report);
  }
  return { schemas, params: filled };
}
