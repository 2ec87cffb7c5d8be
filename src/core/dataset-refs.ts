import { datasetKey } from './compiler.ts';
import type { DatasetProvider, DatasetRef } from './node-definition.ts';
import { withDefaults } from './params.ts';
import type { NodeRegistry } from './registry.ts';

/**
 * Every dataset the pipeline's nodes read (nodes with the `datasets` capability), once each.
 * Tolerates unvalidated documents and bad params: the compiler reports those.
 */
export function pipelineDatasetRefs(doc: unknown, registry: NodeRegistry): DatasetRef[] {
  const nodes = (doc as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return [];
  const seen = new Map<string, DatasetRef>();
  for (const n of nodes as Array<{ type?: unknown; params?: unknown }>) {
    const def = typeof n?.type === 'string' ? registry.get(n.type) : undefined;
    if (!def?.capabilities?.datasets) continue;
    try {
      const params = withDefaults(def.params, (n.params ?? {}) as Record<string, unknown>);
      for (const ref of def.capabilities.datasets(params)) if (!seen.has(datasetKey(ref))) seen.set(datasetKey(ref), ref);
    } catch {
      // Bad params: the compiler reports them.
    }
  }
  return [...seen.values()];
}

/** Content fingerprints of every dataset the pipeline reads, keyed `source:name` (null when not found). */
export async function datasetFingerprints(
  doc: unknown,
  registry: NodeRegistry,
  provider: DatasetProvider,
): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const ref of pipelineDatasetRefs(doc, registry)) {
    out[datasetKey(ref)] = (await provider.fingerprint(ref).catch(() => undefined)) ?? null;
  }
  return out;
}
