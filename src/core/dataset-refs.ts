import type { DatasetProvider, DatasetRef } from './node-definition.ts';
import { withDefaults } from './params.ts';
import type { NodeRegistry } from './registry.ts';

/** Key under which a dataset's fingerprint is looked up (CompileOptions.fingerprints). */
export function datasetKey(ref: DatasetRef): string {
  return `${ref.source}:${ref.name}`;
}

/**
 * Why a dataset name may not be used (a sentence fragment), or undefined. Names are looked up inside
 * the data folders (--data, the pipeline's folder, the samples), so they must stay inside them: the
 * CLI's provider refuses the same names at run time, and `validate` says so before anything runs.
 */
export function datasetNameProblem(name: string): string | undefined {
  if (name.includes('\0')) return 'it contains a NUL character';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0001-\u001f\u007f]/.test(name)) return 'it contains a control character';
  if (name.includes('\\')) return 'it contains "\\" (separate folders with "/")';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'it is an absolute path';
  if (name.split('/').includes('..')) return 'it leaves the data folders with ".."';
  return undefined;
}

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
