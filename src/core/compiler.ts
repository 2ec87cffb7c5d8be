/**
 * The compiler: a pipeline document (any JSON) → every problem it has, the output schemas it can
 * derive without running, and a plan of steps in topological order with a cache key per step.
 * It never throws: whatever the input, the answer is a CompileResult.
 *
 * Four passes, each in its own module: parse (document-io.ts: limits, migration, validation, node
 * upgrades) → graph (compile-graph.ts: nodes, edges, ports, cycles) → nodes (compile-nodes.ts: params,
 * columns, dataset names, schemas) → plan (compile-plan.ts: selection, steps, cache keys).
 */
import { buildGraph } from './compile-graph.ts';
import { checkNodes } from './compile-nodes.ts';
import { planSteps, selectNodes } from './compile-plan.ts';
import { collectProblems, errorText } from './compile-problems.ts';
import { parsePipeline } from './document-io.ts';
import type { PipelineDocument } from './document.ts';
import { problem } from './errors.ts';
import type { SchemaEnv } from './node-definition.ts';
import type { CompileResult } from './plan.ts';
import type { NodeRegistry } from './registry.ts';

export { datasetKey } from './dataset-refs.ts';

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
  const problems = collectProblems(parsed.problems);
  // Nodes whose params cannot be trusted (newer than supported, failed migration): no checks, no schema.
  const unusable = new Set(parsed.problems.filter((p) => p.nodeId).map((p) => p.nodeId!));

  const graph = buildGraph(doc, registry, problems.report);
  const { schemas, params } = checkNodes(graph, options.env ?? EMPTY_ENV, unusable, problems.report);
  const selected = selectNodes(graph, options.targets, problems.report);
  const seed = doc.metadata.seed ?? DEFAULT_SEED;
  const steps = planSteps({ graph, params, selected, seed, fingerprints: options.fingerprints }, problems.report);

  const blocking = problems.blocks(selected);
  return {
    ok: !blocking,
    problems: problems.problems(),
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
  const out: Record<string, unknown> = Object.create(null); // keyed by port names from the document
  for (const e of doc.edges) {
    if (e.to.node === nodeId && !Object.prototype.hasOwnProperty.call(out, e.to.port)) out[e.to.port] = result.schemas[e.from.node]?.[e.from.port];
  }
  return out;
}
