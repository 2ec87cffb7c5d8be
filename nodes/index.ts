/**
 * Every built-in node type. Hosts (workers, CLI, designer) build their registry from this list.
 * Add one import and one entry per node folder.
 */
import type { AnyNodeDefinition } from '../src/core/node-definition.ts';
import { createRegistry, type NodeRegistry } from '../src/core/registry.ts';
import { selectColumns } from './select-columns/index.ts';
import { fairnessMetrics } from './fairness-metrics/index.ts';
import { biasAudit } from './bias-audit/index.ts';
import { reweighing } from './reweighing/index.ts';
import { kmeansNode } from './kmeans/index.ts';

export const builtinNodes: AnyNodeDefinition[] = [
  selectColumns,
  fairnessMetrics,
  biasAudit,
  reweighing,
  kmeansNode,
];

export function createBuiltinRegistry(help: Record<string, string> = {}): NodeRegistry {
  return createRegistry(builtinNodes, help);
}
