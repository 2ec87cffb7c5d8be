/**
 * Compiler, last pass: which nodes the plan covers ("run to here" keeps a target and its ancestors)
 * and their steps in topological order, each with a cache key that chains through its inputs' keys,
 * so equal keys mean equal outputs.
 */
import { datasetKey } from './dataset-refs.ts';
import type { PortRef } from './document.ts';
import { problem } from './errors.ts';
import { ancestors } from './graph.ts';
import { hashValue } from './hash.ts';
import type { PortSpecs } from './node-definition.ts';
import type { PlanStep } from './plan.ts';
import type { PortType } from './ports.ts';
import type { PipelineGraph } from './compile-graph.ts';
import { errorText, type Report } from './compile-problems.ts';

/** The targets and their ancestors, or every node; unknown targets are reported. */
export function selectNodes(graph: PipelineGraph, targets: readonly string[] | undefined, report: Report): Set<string> {
  if (!targets || targets.length === 0) return new Set(graph.ids);
  const known = targets.filter((t) => {
    if (graph.byId.has(t)) return true;
    report(problem('CF017', { node: t }, { field: 'targets' }));
    return false;
  });
  return new Set([...known, ...ancestors(graph.ids, graph.links, known)]);
}

export interface PlanInput {
  graph: PipelineGraph;
  /** Params with defaults per node (nodes without are left out of the plan). */
  params: ReadonlyMap<string, Record<string, unknown>>;
  selected: ReadonlySet<string>;
  seed: number;
  /** Dataset content fingerprints keyed by datasetKey(). */
  fingerprints?: Record<string, string>;
}

export function planSteps({ graph, params: filled, selected, seed, fingerprints }: PlanInput, report: Report): PlanStep[] {
  const keys = new Map<string, string>();
  const steps: PlanStep[] = [];
  for (const id of graph.order) {
    if (!selected.has(id)) continue;
    const { node, def } = graph.byId.get(id)!;
    const params = filled.get(id);
    if (!def || !params) continue;
    const inputs: Record<string, PortRef> = {};
    for (const port of Object.keys(def.inputs)) {
      const src = graph.source(id, port);
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
          return [key, fingerprints?.[key] ?? null];
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
  return steps;
}
